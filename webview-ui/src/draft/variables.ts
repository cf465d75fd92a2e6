// `{{variables}}` found as the user types. The engine reads them from the Handlebars AST
// (src/core/prompts/variables.ts); a half-typed template does not parse, so this is a tolerant scanner
// with the same rules: top-level path roots only, never `this`, `@data` (but `@root.x` is `x`), block
// params, helper names, or paths relative to an `#each` / `#with` / section item. Comments, partials,
// raw blocks and escaped `\{{…}}` are skipped. Unclosed mustaches at the end are ignored.
import type { DraftMessage } from '../../../src/shared/protocol';
import { parseCall, type Call, type Expr, type PathRef } from './mustacheCall';

/** The key shape the host accepts for a variable (src/shared/schema.ts `record`). */
const VARIABLE_NAME = /^[A-Za-z_][\w-]{0,127}$/;
const BUILTIN_HELPERS = new Set(['blockHelperMissing', 'each', 'helperMissing', 'if', 'lookup', 'unless', 'with']);

interface Block {
  name: string;
  changesContext: boolean;
  blockParams: string[];
  /** After `{{else}}`: the rest reads the outer context, unless an `else each/with` changed it. */
  inverse: boolean;
  chainChangesContext: boolean;
  chainParams: string[];
  /** `{{#*inline}}` bodies are partial definitions, not part of this template. */
  ignored: boolean;
}

interface Scope {
  depth: number;
  blockParams: Set<string>;
}

/** The variables a template reads, in order of first use. */
export function findVariables(template: string): string[] {
  const out: string[] = [];
  scan(template, out);
  return [...new Set(out)];
}

/** The variables of every message of every list, in order of first use. */
export function findDraftVariables(...lists: Array<DraftMessage[] | undefined>): string[] {
  const out: string[] = [];
  for (const list of lists) for (const m of list ?? []) scan(m.content, out);
  return [...new Set(out)];
}

function scan(t: string, out: string[]): void {
  const blocks: Block[] = [];
  let i = 0;
  for (;;) {
    const open = t.indexOf('{{', i);
    if (open < 0) return;
    if (open > 0 && t[open - 1] === '\\' && t[open - 2] !== '\\') {
      const close = t.indexOf('}}', open + 2);
      i = close < 0 ? t.length : close + 2;
      continue;
    }
    if (t.startsWith('{{{{', open)) {
      const end = t.indexOf('}}}}', open + 4);
      if (end < 0) return;
      const name = t.slice(open + 4, end).trim().split(/\s+/)[0] ?? '';
      const closeTag = `{{{{/${name}}}}}`;
      const after = t.indexOf(closeTag, end + 4);
      i = after < 0 ? t.length : after + closeTag.length;
      continue;
    }
    let j = open + 2;
    if (t[j] === '~') j++;
    if (t.startsWith('!--', j)) {
      const end = t.slice(j + 3).search(/--~?\}\}/);
      if (end < 0) return;
      i = t.indexOf('}}', j + 3 + end) + 2;
      continue;
    }
    const triple = t[j] === '{';
    if (triple) j++;
    const close = t.indexOf(triple ? '}}}' : '}}', j);
    if (close < 0) return;
    i = close + (triple ? 3 : 2);
    let inner = t.slice(j, close).trim();
    if (inner.endsWith('~')) inner = inner.slice(0, -1).trim();
    if (inner.startsWith('!')) continue;
    statement(inner, blocks, out);
  }
}

function statement(inner: string, blocks: Block[], out: string[]): void {
  const ignoring = blocks.some((b) => b.ignored);
  if (inner.startsWith('/')) {
    const name = inner.slice(1).trim();
    const at = blocks.map((b) => b.name).lastIndexOf(name);
    if (at >= 0) blocks.length = at;
    return;
  }
  if (inner.startsWith('#*')) {
    blocks.push(block(firstWord(inner.slice(2)), false, [], true));
    return;
  }
  if (ignoring) {
    if (inner.startsWith('#')) blocks.push(block(firstWord(inner.replace(/^#>?/, '')), false, [], true));
    return;
  }
  const top = blocks[blocks.length - 1];
  const elseMatch = /^(?:else\b|\^\s*$)/.exec(inner);
  if (elseMatch) {
    if (!top) return;
    top.inverse = true;
    const rest = inner.slice(elseMatch[0].length).trim();
    if (!rest) return;
    const call = parseCall(rest);
    const effect = blockEffect(call);
    references(call, scopeOf(blocks), out, !effect.helper && !isCall(call));
    top.chainChangesContext = effect.changesContext;
    top.chainParams = call.blockParams;
    return;
  }
  if (inner.startsWith('#>') || inner.startsWith('>')) {
    const call = parseCall(inner.replace(/^#?>/, ''));
    references({ ...call, head: undefined }, scopeOf(blocks), out, false);
    if (inner.startsWith('#>')) blocks.push(block(headName(call), false, [], false));
    return;
  }
  if (inner.startsWith('#') || inner.startsWith('^')) {
    const call = parseCall(inner.slice(1));
    const effect = blockEffect(call);
    references(call, scopeOf(blocks), out, !effect.helper && !isCall(call));
    const b = block(headName(call), inner.startsWith('#') && effect.changesContext, call.blockParams, false);
    b.inverse = inner.startsWith('^');
    blocks.push(b);
    return;
  }
  if (inner.startsWith('*')) return;
  const call = parseCall(inner.replace(/^&/, ''));
  references(call, scopeOf(blocks), out, !helperName(call) && !isCall(call));
}

function block(name: string, changesContext: boolean, blockParams: string[], ignored: boolean): Block {
  return { name, changesContext, blockParams, inverse: false, chainChangesContext: false, chainParams: [], ignored };
}

function firstWord(s: string): string {
  return s.trim().split(/[\s~]+/)[0] ?? '';
}

function headName(call: Call): string {
  return call.head?.kind === 'path' ? call.head.path.original : '';
}

function isCall(call: Call): boolean {
  return call.params.length > 0 || call.hashValues.length > 0;
}

function helperName(call: Call): string | undefined {
  const head = call.head;
  if (head?.kind !== 'path') return undefined;
  const p = head.path;
  const simple = !p.data && p.depth === 0 && p.parts.length === 1 && p.original === p.parts[0];
  return simple && BUILTIN_HELPERS.has(p.parts[0]!) ? p.parts[0] : undefined;
}

function blockEffect(call: Call): { helper?: string; changesContext: boolean } {
  const helper = helperName(call);
  const keepsContext = helper === 'if' || helper === 'unless' || (isCall(call) && helper !== 'each' && helper !== 'with');
  return { helper, changesContext: !keepsContext };
}

function scopeOf(blocks: Block[]): Scope {
  const scope: Scope = { depth: 0, blockParams: new Set() };
  for (const b of blocks) {
    if (!b.inverse) {
      if (b.changesContext) scope.depth++;
      for (const p of b.blockParams) scope.blockParams.add(p);
    } else {
      if (b.chainChangesContext) scope.depth++;
      for (const p of b.chainParams) scope.blockParams.add(p);
    }
  }
  return scope;
}

function references(call: Call, scope: Scope, out: string[], headIsReference: boolean): void {
  if (headIsReference && call.head) expression(call.head, scope, out);
  for (const e of [...call.params, ...call.hashValues]) expression(e, scope, out);
}

function expression(e: Expr, scope: Scope, out: string[]): void {
  if (e.kind === 'sub') references(e.call, scope, out, false);
  else if (e.kind === 'path') reference(e.path, scope, out);
}

function reference(path: PathRef, scope: Scope, out: string[]): void {
  let name: string | undefined;
  if (path.data) {
    if (path.parts[0] !== 'root' || path.parts.length < 2) return;
    name = path.parts[1];
  } else {
    if (path.parts.length === 0) return;
    const scoped = /^(\.|this\b)/.test(path.original);
    if (!scoped && path.depth === 0 && scope.blockParams.has(path.parts[0]!)) return;
    if (scope.depth - path.depth > 0) return;
    name = path.parts[0];
  }
  if (name !== undefined && VARIABLE_NAME.test(name)) out.push(name);
}

// The variables a prompt needs, read from the Handlebars AST of its messages: top-level path roots only.
// `this`, `@index`, block params, helper names and paths relative to an `#each` / `#with` item are not.
import type { SourceLocation } from '../../shared/types';
import { isHelperName, type TemplateAst } from './handlebarsEnv';
import { locate, messageOrigin, partialOrigin, type TemplateOrigin } from './origins';
import type { PartialSet } from './partials';
import type { InputType, PromptFile } from './promptFile';
import { isSimpleName, mustacheSpan, planTemplate, span } from './template';

export interface VariableInfo {
  name: string;
  /** Every `{{…}}` that reads it, in messages and in the partials given. */
  locations: SourceLocation[];
  /** False when `inputs` gives it a default or says `required: false`. */
  required: boolean;
  defaultValue?: unknown;
  type?: InputType;
  description?: string;
}

/** A top-level variable read, as offsets into the template it was found in. */
export interface TemplateReference {
  name: string;
  /** Path from the root variable, e.g. `user.name` → ['user', 'name']. */
  path: string[];
  start: number;
  end: number;
  origin: TemplateOrigin;
}

export function listVariables(prompt: PromptFile, options: { partials?: PartialSet } = {}): VariableInfo[] {
  const byName = new Map<string, VariableInfo>();
  const info = (name: string): VariableInfo => {
    let v = byName.get(name);
    if (!v) {
      const spec = prompt.inputs?.[name];
      const hasDefault = spec?.default !== undefined;
      v = { name, locations: [], required: !hasDefault && (spec?.required ?? true) };
      if (hasDefault) v.defaultValue = spec.default;
      if (spec?.type) v.type = spec.type;
      if (spec?.description) v.description = spec.description;
      byName.set(name, v);
    }
    return v;
  };
  prompt.messages.forEach((message, index) => {
    const ast = planTemplate(message.content).ast;
    if (!ast) return;
    for (const ref of collectReferences(ast, messageOrigin(prompt, index), options.partials)) {
      const wide = mustacheSpan(ref.origin.text, ref.start, ref.end);
      const location = locate(ref.origin, wide.start, wide.end);
      const v = info(ref.name);
      if (!v.locations.some((l) => l.file === location.file && l.line === location.line && l.column === location.column)) {
        v.locations.push(location);
      }
    }
  });
  for (const name of Object.keys(prompt.inputs ?? {})) info(name);
  return [...byName.values()];
}

interface Scope {
  /** Context-changing blocks (`#each`, `#with`, sections) around this point. */
  depth: number;
  blockParams: ReadonlySet<string>;
  /** Names a partial's hash arguments put in its context. */
  provided: ReadonlySet<string>;
}

interface Walk {
  origin: TemplateOrigin;
  out: TemplateReference[];
  partials?: PartialSet;
  partialStack: string[];
}

const ROOT_SCOPE: Scope = { depth: 0, blockParams: new Set(), provided: new Set() };

export function collectReferences(ast: TemplateAst, origin: TemplateOrigin, partials?: PartialSet): TemplateReference[] {
  const walk: Walk = { origin, out: [], partials, partialStack: [] };
  program(ast, ROOT_SCOPE, walk);
  return walk.out;
}

function program(node: hbs.AST.Program | undefined, scope: Scope, walk: Walk): void {
  if (!node) return;
  for (const statement of node.body) visitStatement(statement, scope, walk);
}

function inner(scope: Scope, params: string[] | undefined, changesContext: boolean): Scope {
  const blockParams = params?.length ? new Set([...scope.blockParams, ...params]) : scope.blockParams;
  return { depth: scope.depth + (changesContext ? 1 : 0), blockParams, provided: changesContext ? new Set() : scope.provided };
}

/** The fields shared by mustaches, blocks and partials, as the walker reads them. */
interface CallNode {
  type: string;
  path: hbs.AST.Expression;
  params: hbs.AST.Expression[];
  hash?: hbs.AST.Hash;
  program?: hbs.AST.Program;
  inverse?: hbs.AST.Program;
}

function visitStatement(node: hbs.AST.Statement, scope: Scope, walk: Walk): void {
  const n = node as unknown as CallNode;
  switch (node.type) {
    case 'MustacheStatement':
    case 'BlockStatement': {
      arguments_(n, scope, walk);
      const path = n.path.type === 'PathExpression' ? (n.path as hbs.AST.PathExpression) : undefined;
      const helper = path && isSimpleName(path) && isHelperName(path.parts[0]!) ? path.parts[0] : undefined;
      const call = n.params.length > 0 || (n.hash?.pairs.length ?? 0) > 0;
      if (path && !call && !helper) reference(path, scope, walk);
      if (node.type === 'MustacheStatement') return;
      const keepsContext = helper === 'if' || helper === 'unless' || (call && helper !== 'each' && helper !== 'with');
      program(n.program, inner(scope, n.program?.blockParams, !keepsContext), walk);
      program(n.inverse, scope, walk);
      return;
    }
    case 'PartialStatement':
    case 'PartialBlockStatement':
      arguments_(n, scope, walk);
      if (node.type === 'PartialBlockStatement') program(n.program, scope, walk);
      partial(node as hbs.AST.PartialStatement, walk);
      return;
    default:
      return;
  }
}

function arguments_(node: { params?: hbs.AST.Expression[]; hash?: hbs.AST.Hash }, scope: Scope, walk: Walk): void {
  for (const param of node.params ?? []) expression(param, scope, walk);
  for (const pair of node.hash?.pairs ?? []) expression(pair.value, scope, walk);
}

function expression(node: hbs.AST.Expression, scope: Scope, walk: Walk): void {
  if (node.type === 'PathExpression') reference(node as hbs.AST.PathExpression, scope, walk);
  else if (node.type === 'SubExpression') arguments_(node as hbs.AST.SubExpression, scope, walk);
}

function reference(path: hbs.AST.PathExpression, scope: Scope, walk: Walk): void {
  let parts = path.parts;
  if (path.data) {
    if (parts[0] !== 'root' || parts.length < 2) return;
    parts = parts.slice(1);
  } else {
    if (parts.length === 0) return;
    const scoped = /^(\.|this\b)/.test(path.original);
    if (!scoped && path.depth === 0 && scope.blockParams.has(parts[0]!)) return;
    if (scope.depth - path.depth > 0) return;
    if (path.depth === 0 && scope.provided.has(parts[0]!)) return;
  }
  walk.out.push({ name: parts[0]!, path: [...parts], ...span(walk.origin.text, path.loc), origin: walk.origin });
}

/** Follows a static partial into its own template, in the context it is given. */
function partial(node: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement, walk: Walk): void {
  const name = node.name.type === 'PathExpression' ? (node.name as hbs.AST.PathExpression).original : undefined;
  const target = name === undefined ? undefined : walk.partials?.partials.get(name);
  if (!target || walk.partialStack.includes(target.name)) return;
  const ast = planTemplate(target.content).ast;
  if (!ast) return;
  const provided = new Set((node.hash?.pairs ?? []).map((p) => p.key));
  // A partial given a context argument reads from that object, not from the prompt's variables.
  const scope: Scope = { depth: node.params.length > 0 ? 1 : 0, blockParams: new Set(), provided };
  const nested: Walk = { ...walk, origin: partialOrigin(target), partialStack: [...walk.partialStack, target.name] };
  program(ast, scope, nested);
}

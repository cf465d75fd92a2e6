// Compiles each distinct template once (cached by its text) into a plan: its problems, the partials it
// names, and, for the common case of text plus plain `{{name}}` mustaches, a list of parts rendered by
// concatenation. Everything else runs through the compiled Handlebars function.
import {
  COMPILE_OPTIONS,
  isHelperName,
  parseTemplate,
  templateEnv,
  type CompiledTemplate,
  type TemplateAst,
  type TemplateProblem,
} from './handlebarsEnv';
import { offsetOfLineColumn } from './sourceMap';

/** A `{{> name}}` with a static name; partial blocks (`{{#> name}}`) have a fallback and are not listed. */
export interface PartialRef {
  name: string;
  start: number;
  end: number;
}

export interface VariablePart {
  name: string;
}

export interface TemplatePlan {
  text: string;
  ast?: TemplateAst;
  /** Non-empty means the template can't be rendered. */
  problems: TemplateProblem[];
  partialRefs: PartialRef[];
  /** Any `{{> …}}` or `{{#> …}}`, static or not: the run needs the partials. */
  usesPartials: boolean;
  /** Present when the template is only text and top-level `{{name}}` mustaches. */
  parts?: Array<string | VariablePart>;
  render: CompiledTemplate;
}

/** Bounds of the plan cache: entries and total template characters; past either it starts over. */
const MAX_CACHED = 5000;
const MAX_CACHED_CHARS = 8_000_000;
let cachedChars = 0;
const ONE_ARGUMENT_HELPERS = ['if', 'unless', 'each', 'with'];
const cache = new Map<string, TemplatePlan>();

export function planTemplate(text: string): TemplatePlan {
  const cached = cache.get(text);
  if (cached) return cached;
  const plan = buildPlan(text);
  if (cache.size >= MAX_CACHED || cachedChars + text.length > MAX_CACHED_CHARS) {
    cache.clear();
    cachedChars = 0;
  }
  cache.set(text, plan);
  cachedChars += text.length;
  return plan;
}

function buildPlan(text: string): TemplatePlan {
  if (!text.includes('{{')) {
    return { text, problems: [], partialRefs: [], usesPartials: false, parts: [text], render: () => text };
  }
  const { ast, problem } = parseTemplate(text);
  if (!ast) return { text, problems: problem ? [problem] : [], partialRefs: [], usesPartials: false, render: () => text };
  const problems: TemplateProblem[] = [];
  const partialRefs: PartialRef[] = [];
  let usesPartials = false;
  visitNodes(ast, (node) => {
    if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') usesPartials = true;
    const n = node as unknown as {
      name?: hbs.AST.PathExpression | hbs.AST.SubExpression;
      path?: hbs.AST.Expression;
      params?: unknown[];
      hash?: { pairs?: unknown[] };
    };
    if (node.type === 'PartialStatement' && n.name) {
      const name = staticPartialName(n.name);
      if (name !== undefined) partialRefs.push({ name, ...span(text, node.loc) });
    }
    if (node.type === 'BlockStatement' && n.path?.type === 'PathExpression') {
      const path = n.path as hbs.AST.PathExpression;
      const helper = isSimpleName(path) ? path.parts[0]! : '';
      if (ONE_ARGUMENT_HELPERS.includes(helper) && n.params?.length !== 1) {
        const message = `{{#${helper}}} takes exactly one argument, e.g. {{#${helper} ${helper === 'each' ? 'items' : 'name'}}}.`;
        problems.push({ code: 'template-syntax', message, ...span(text, path.loc) });
      }
    }
    const isCall = node.type === 'MustacheStatement' || node.type === 'BlockStatement' || node.type === 'SubExpression';
    if (isCall && n.path?.type === 'PathExpression' && hasArguments(n)) {
      const path = n.path as hbs.AST.PathExpression;
      if (isSimpleName(path) && !isHelperName(path.parts[0]!)) {
        problems.push({ code: 'unknown-helper', message: unknownHelperMessage(path.original), ...span(text, path.loc) });
      }
    }
  });
  const render = templateEnv.compile(ast, COMPILE_OPTIONS);
  return { text, ast, problems, partialRefs, usesPartials, parts: simpleParts(ast), render };
}

function unknownHelperMessage(name: string): string {
  return `Unknown helper "${name}": the helpers are if, unless, each, with and lookup. To insert a variable write {{${name}}} on its own.`;
}

function hasArguments(node: { params?: unknown[]; hash?: { pairs?: unknown[] } }): boolean {
  return (node.params?.length ?? 0) > 0 || (node.hash?.pairs?.length ?? 0) > 0;
}

/** A single identifier: no `@data`, `../`, `this.` or dotted parts. */
export function isSimpleName(path: hbs.AST.PathExpression): boolean {
  return !path.data && path.depth === 0 && path.parts.length === 1 && !/^(\.|this\b)/.test(path.original);
}

function staticPartialName(name: hbs.AST.PathExpression | hbs.AST.SubExpression): string | undefined {
  const node = name as unknown as { type: string; original?: unknown; value?: unknown };
  if (node.type === 'PathExpression') return String(node.original);
  if (node.type === 'StringLiteral' || node.type === 'NumberLiteral') return String(node.value);
  return undefined;
}

function simpleParts(ast: TemplateAst): Array<string | VariablePart> | undefined {
  const parts: Array<string | VariablePart> = [];
  for (const statement of ast.body) {
    if (statement.type === 'ContentStatement') {
      parts.push((statement as hbs.AST.ContentStatement).value);
    } else if (statement.type === 'MustacheStatement') {
      const m = statement as hbs.AST.MustacheStatement;
      if (m.path.type !== 'PathExpression' || hasArguments(m)) return undefined;
      const path = m.path as hbs.AST.PathExpression;
      if (!isSimpleName(path) || isHelperName(path.parts[0]!)) return undefined;
      parts.push({ name: path.parts[0]! });
    } else if (statement.type !== 'CommentStatement') {
      return undefined;
    }
  }
  return parts;
}

/** Offsets of a Handlebars source location in the template text. */
export function span(text: string, loc: hbs.AST.SourceLocation | undefined): { start: number; end: number } {
  if (!loc) return { start: 0, end: 0 };
  const start = offsetOfLineColumn(text, loc.start.line, loc.start.column);
  const end = offsetOfLineColumn(text, loc.end.line, loc.end.column);
  return { start, end: Math.max(start, end) };
}

/** Widens a path's span to its whole `{{ … }}` when the path is all the mustache holds. */
export function mustacheSpan(text: string, start: number, end: number): { start: number; end: number } {
  const before = /\{\{\{?[~&]?\s*$/.exec(text.slice(Math.max(0, start - 8), start));
  const after = /^\s*~?\}\}\}?/.exec(text.slice(end, end + 8));
  if (before && after) return { start: start - before[0].length, end: end + after[0].length };
  return { start, end };
}

/** Depth-first walk over every node of a template (statements, expressions, hash pairs). */
export function visitNodes(node: unknown, visit: (node: hbs.AST.Node) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) visitNodes(child, visit);
    return;
  }
  if (!node || typeof node !== 'object' || typeof (node as { type?: unknown }).type !== 'string') return;
  const n = node as hbs.AST.Node & Record<string, unknown>;
  visit(n);
  for (const key of ['body', 'path', 'name', 'params', 'hash', 'pairs', 'value', 'program', 'inverse']) {
    const child = n[key];
    if (child && typeof child === 'object') visitNodes(child, visit);
  }
}

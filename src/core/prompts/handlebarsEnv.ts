// The one Handlebars environment of the engine: isolated from the global instance, no HTML escaping,
// strict about missing variables, prototype access denied without Handlebars logging to the console.
import Handlebars from 'handlebars';
import { offsetOfLineColumn } from './sourceMap';

export type TemplateAst = hbs.AST.Program;
export type CompiledTemplate = Handlebars.TemplateDelegate;
export type RuntimeOptions = Handlebars.RuntimeOptions;

export const templateEnv: typeof Handlebars = createEnvironment();

function createEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  // `{{log}}` writes to the console; library code never does.
  env.unregisterHelper('log');
  useStringConcatenation(env);
  return env;
}

type AppendToBuffer = (source: unknown, location: unknown, explicit: unknown) => unknown;
interface CompilerClass {
  new (): object;
  prototype: { appendToBuffer: AppendToBuffer; compiler: CompilerClass };
}

/**
 * With noEscape, Handlebars joins mustache values with `+` without making them strings first, so
 * `{{major}}{{minor}}` with 1 and 2 gives "3". A compiler whose appends coerce to string gives "12".
 */
function useStringConcatenation(env: typeof Handlebars): void {
  const holder = env as unknown as { JavaScriptCompiler: CompilerClass };
  const Base = holder.JavaScriptCompiler;
  const base = Base.prototype.appendToBuffer;
  function StringCompiler(this: object): void {
    Base.call(this);
  }
  const proto = Object.create(Base.prototype) as CompilerClass['prototype'];
  proto.appendToBuffer = function (this: object, source, location, explicit) {
    const parts = Array.isArray(source) ? source : [source];
    return base.call(this, ['("" + (', ...parts, '))'], location, explicit);
  };
  const Compiler = StringCompiler as unknown as CompilerClass;
  Compiler.prototype = proto;
  proto.compiler = Compiler;
  holder.JavaScriptCompiler = Compiler;
}

export const COMPILE_OPTIONS: CompileOptions = { noEscape: true, strict: true };

/**
 * Explicit `false` keeps prototype access denied (the Handlebars default) and stops Handlebars from
 * logging a warning through console each time a template touches `constructor` or `__proto__`.
 */
export const RUNTIME_OPTIONS: RuntimeOptions = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
};

export function isHelperName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(templateEnv.helpers, name);
}

export function helperNames(): string[] {
  return Object.keys(templateEnv.helpers).filter((n) => n !== 'helperMissing' && n !== 'blockHelperMissing');
}

/** A problem found in a template, as offsets into the template text. */
export interface TemplateProblem {
  code: 'template-syntax' | 'unknown-helper';
  message: string;
  start: number;
  end: number;
}

export function parseTemplate(text: string): { ast?: TemplateAst; problem?: TemplateProblem } {
  try {
    return { ast: templateEnv.parse(text) };
  } catch (e) {
    return { problem: syntaxProblem(text, e) };
  }
}

interface LexerState {
  yylloc?: { first_line: number; first_column: number; last_line: number; last_column: number };
  match?: string;
}

/** Handlebars' parser errors carry no position; its lexer (synchronous, shared) still holds the failing token. */
function syntaxProblem(text: string, e: unknown): TemplateProblem {
  const error = e as { message?: unknown; lineNumber?: unknown; column?: unknown };
  const raw = typeof error?.message === 'string' ? error.message : String(e);
  const lexer = (templateEnv as unknown as { Parser?: { lexer?: LexerState } }).Parser?.lexer;
  let start = 0;
  let end = 0;
  if (typeof error.lineNumber === 'number' && typeof error.column === 'number') {
    start = offsetOfLineColumn(text, error.lineNumber, error.column);
  } else if (lexer?.yylloc) {
    start = offsetOfLineColumn(text, lexer.yylloc.first_line, lexer.yylloc.first_column);
    end = offsetOfLineColumn(text, lexer.yylloc.last_line, lexer.yylloc.last_column);
  } else {
    const line = /on line (\d+)/.exec(raw);
    if (line) start = offsetOfLineColumn(text, Number(line[1]), 0);
  }
  if (/got 'EOF'\s*$/.test(raw)) {
    start = unclosedAt(text);
    end = start + 2;
  }
  return { code: 'template-syntax', message: syntaxMessage(raw, lexer?.match), start, end: Math.max(end, start + 1) };
}

/** Where a template that ends too early opened what it never closed: a mustache, else the last open block. */
function unclosedAt(text: string): number {
  const open = text.lastIndexOf('{{');
  if (open > text.lastIndexOf('}}')) return open;
  const blocks: number[] = [];
  for (const m of text.matchAll(/\{\{~?\s*([#/])/g)) {
    if (m[1] === '#') blocks.push(m.index);
    else blocks.pop();
  }
  return blocks.pop() ?? Math.max(0, text.length - 1);
}

function syntaxMessage(raw: string, token: string | undefined): string {
  const got = /got '([^']*)'\s*$/.exec(raw)?.[1];
  const mismatch = /^(\S+) doesn't match (\S+)/.exec(raw);
  if (mismatch) {
    return `Handlebars syntax error: {{/${mismatch[2]}}} closes a {{#${mismatch[1]}}} block; close blocks in the reverse order they were opened.`;
  }
  if (got === 'EOF') {
    return 'Handlebars syntax error: the template ends inside a mustache or an open block; close each {{#block}} with {{/block}} and each {{ with }}.';
  }
  if (raw.startsWith('Lexical error')) {
    return 'Handlebars syntax error: unrecognized text in a mustache; check for an unclosed {{!-- comment --}} or a stray quote.';
  }
  if (got === 'INVERSE' || got === 'OPEN_INVERSE_CHAIN') {
    return 'Handlebars syntax error: {{else}} belongs inside an {{#if}}, {{#unless}} or {{#each}} block, once per block.';
  }
  if (got === 'OPEN_ENDBLOCK') {
    return 'Handlebars syntax error: this {{/…}} closes a block that was never opened; remove it or add the matching {{#…}} before it.';
  }
  if (got) {
    const what = token ? `"${token}"` : got;
    return (
      `Handlebars syntax error: unexpected ${what}; a mustache holds a variable ({{name}}), a helper ` +
      '({{#if name}}…{{/if}}) or a partial ({{> name}}). Write \\{{ for a literal {{.'
    );
  }
  return `Handlebars syntax error: ${raw.split('\n')[0]}`;
}

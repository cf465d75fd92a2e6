// Converts the Jinja2 subset used by `.prompty` files to Handlebars: `{{ a.b }}`, `{% if %}` / `{% elif %}` /
// `{% else %}` / `{% endif %}`, `{% for x in xs %}` / `{% endfor %}` and `{# comments #}`. Every other
// construct is an `unsupported-jinja` error at its line and column, never dropped.
import type { Diagnostic } from '../../shared/types';
import type { TextAnchor } from './promptFile';

export interface ConvertedTemplate {
  text: string;
  /** Template offsets mapped to file positions, for locating render errors. */
  anchors: TextAnchor[];
}

/** File position of an offset of the source text (1-based line and column). */
export type PositionAt = (offset: number) => { line: number; column: number };

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** Jinja literals and names that Handlebars would read as something other than a variable. */
const RESERVED = ['true', 'false', 'none', 'True', 'False', 'None', 'this', 'else'];

/** Converted text and the source offset it stands for. */
type Piece = [text: string, from: number];

interface OpenBlock {
  kind: 'if' | 'unless' | 'each';
  offset: number;
  loopVar?: string;
}

export function jinjaToHandlebars(
  source: string,
  start: number,
  end: number,
  file: string,
  positionAt: PositionAt,
): { template?: ConvertedTemplate; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const fail = (offset: number, message: string): void => {
    diagnostics.push({ severity: 'error', code: 'unsupported-jinja', message, location: { file, ...positionAt(offset) } });
  };
  let text = '';
  const anchors: TextAnchor[] = [];
  const stack: OpenBlock[] = [];
  const emit = (piece: string, from: number): void => {
    anchors.push({ offset: text.length, ...positionAt(from) });
    text += piece;
  };
  const emitMustache = (pieces: Piece[]): void => {
    if (text.endsWith('\\')) text += '\\';
    if (text.endsWith('{')) fail(pieces[0]![1] - 1, 'A "{" right before a Jinja tag reads as a Handlebars triple mustache; put a space between them.');
    for (const [piece, from] of pieces) emit(piece, from);
  };

  const tags = /\{\{|\{%|\{#/g;
  let pos = start;
  tags.lastIndex = start;
  for (let m = tags.exec(source); m && m.index < end; m = tags.exec(source)) {
    const at = m.index;
    if (at > pos) emitText(source.slice(pos, at), pos);
    const close = m[0] === '{{' ? '}}' : m[0] === '{%' ? '%}' : '#}';
    const closeAt = source.indexOf(close, at + 2);
    if (closeAt < 0 || closeAt + 2 > end) {
      fail(at, `This Jinja ${m[0]} … ${close} is not closed before the end of the message; close it on the same message.`);
      return { diagnostics };
    }
    pos = closeAt + 2;
    tags.lastIndex = pos;
    if (m[0] === '{#') continue;
    const inner = source.slice(at + 2, closeAt);
    const trimLeft = inner.startsWith('-') ? '~' : '';
    const trimRight = inner.endsWith('-') ? '~' : '';
    const bodyOffset = at + 2 + (trimLeft ? 1 : 0);
    const body = inner.slice(trimLeft ? 1 : 0, inner.length - (trimRight ? 1 : 0));
    if (m[0] === '{{') {
      const expr = expression(body, bodyOffset, stack, fail);
      if (expr !== undefined) {
        emitMustache(trimLeft || trimRight ? [[`{{${trimLeft} `, at], [expr.path, expr.offset], [` ${trimRight}}}`, closeAt]] : [[source.slice(at, pos), at]]);
      }
    } else {
      const tag = statement(body, bodyOffset, at, stack, fail);
      if (tag !== undefined) emitMustache([[`{{${trimLeft}`, at], ...tag, [`${trimRight}}}`, closeAt]]);
    }
  }
  if (pos < end) emitText(source.slice(pos, end), pos);
  for (const open of stack) {
    const closer = open.kind === 'each' ? '{% endfor %}' : '{% endif %}';
    fail(open.offset, `This block is not closed within its message; add ${closer} before the next role marker.`);
  }
  return diagnostics.length ? { diagnostics } : { template: { text, anchors }, diagnostics };

  function emitText(piece: string, from: number): void {
    // `}}}` would read as the end of a triple mustache: an empty comment keeps the brace literal.
    if (piece.startsWith('}') && /\}\}$/.test(text)) text += '{{!}}';
    emit(piece, from);
  }
}

/** A `{{ … }}` body: a variable path, or an error at the first construct Handlebars can't express. */
function expression(
  body: string,
  offset: number,
  stack: OpenBlock[],
  fail: (offset: number, message: string) => void,
): { path: string; offset: number } | undefined {
  const trimmed = body.trim();
  const lead = offset + body.indexOf(trimmed);
  if (RESERVED.includes(trimmed)) {
    fail(lead, `"${trimmed}" means something else in Handlebars; pass a variable with another name instead.`);
    return undefined;
  }
  if (PATH.test(trimmed)) {
    if (loopVariable(trimmed, stack)) {
      const name = trimmed.split('.')[1] ?? '';
      fail(lead, `Jinja's loop.${name} is not supported; move the prompt to a .prompt.yml file and use Handlebars' {{@index}} (0-based).`);
      return undefined;
    }
    return { path: trimmed, offset: lead };
  }
  fail(lead + problemOffset(trimmed), unsupportedMessage(trimmed));
  return undefined;
}

function loopVariable(path: string, stack: OpenBlock[]): boolean {
  return path.split('.')[0] === 'loop' && stack.some((b) => b.kind === 'each' && b.loopVar !== 'loop');
}

/** A `{% … %}` body converted to the inside of a Handlebars tag. */
function statement(
  body: string,
  offset: number,
  tagStart: number,
  stack: OpenBlock[],
  fail: (offset: number, message: string) => void,
): Piece[] | undefined {
  const trimmed = body.trim();
  const lead = offset + body.indexOf(trimmed);
  const keyword = /^[A-Za-z_]+/.exec(trimmed)?.[0] ?? '';
  const rest = trimmed.slice(keyword.length);
  const restOffset = lead + keyword.length;
  switch (keyword) {
    case 'if':
    case 'elif': {
      const cond = condition(rest, restOffset, stack, fail);
      // Still open the block, so that its {% endif %} is not reported as well.
      if (!cond && keyword === 'if') stack.push({ kind: 'if', offset: tagStart });
      if (!cond) return undefined;
      const helper = cond.negated ? 'unless' : 'if';
      if (keyword === 'if') {
        stack.push({ kind: helper, offset: tagStart });
        return [[`#${helper} `, lead], [cond.path, cond.offset]];
      }
      if (!isOpen(stack, 'if', 'unless')) return unmatched(fail, lead, keyword, '{% if %}');
      return [[`else ${helper} `, lead], [cond.path, cond.offset]];
    }
    case 'else':
      if (rest.trim()) {
        fail(restOffset + rest.length - rest.trimStart().length, '{% else %} takes no condition; write {% elif condition %}.');
        return undefined;
      }
      if (stack.length === 0) return unmatched(fail, lead, keyword, '{% if %} or {% for %}');
      return [['else', lead]];
    case 'endif': {
      if (!isOpen(stack, 'if', 'unless')) return unmatched(fail, lead, keyword, '{% if %}');
      return [[`/${stack.pop()!.kind}`, lead]];
    }
    case 'for': {
      const loop = /^(\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+)(\S+)\s*$/.exec(rest);
      if (!loop || !PATH.test(loop[3]!)) {
        const message = 'Only `{% for item in list %}` is supported: one loop variable over a variable path, no filters, tuples or conditions.';
        fail(restOffset + rest.length - rest.trimStart().length, message);
        stack.push({ kind: 'each', offset: tagStart });
        return undefined;
      }
      const listOffset = restOffset + loop[1]!.length;
      stack.push({ kind: 'each', offset: tagStart, loopVar: loop[2]! });
      return [['#each ', lead], [loop[3]!, listOffset], [` as |${loop[2]}|`, listOffset + loop[3]!.length]];
    }
    case 'endfor':
      if (!isOpen(stack, 'each')) return unmatched(fail, lead, keyword, '{% for %}');
      stack.pop();
      return [['/each', lead]];
    default:
      fail(
        lead,
        `Jinja {% ${keyword || trimmed.slice(0, 20)} %} is not supported; Promptyard converts only if/elif/else/endif, ` +
          'for/endfor, {{ variables }} and {# comments #}. Rewrite this part, or move the prompt to a .prompt.yml file with Handlebars.',
      );
      return undefined;
  }
}

function isOpen(stack: OpenBlock[], ...kinds: OpenBlock['kind'][]): boolean {
  const top = stack[stack.length - 1];
  return top !== undefined && kinds.includes(top.kind);
}

function unmatched(fail: (offset: number, message: string) => void, offset: number, keyword: string, expected: string): undefined {
  fail(offset, `{% ${keyword} %} does not match an open block here (expected ${expected}).`);
  return undefined;
}

function condition(
  rest: string,
  offset: number,
  stack: OpenBlock[],
  fail: (offset: number, message: string) => void,
): { path: string; offset: number; negated: boolean } | undefined {
  const trimmed = rest.trim();
  const lead = offset + rest.indexOf(trimmed);
  const negated = /^not\s+/.exec(trimmed);
  const path = negated ? trimmed.slice(negated[0].length) : trimmed;
  const pathOffset = lead + (negated ? negated[0].length : 0);
  if (!PATH.test(path) || RESERVED.includes(path)) {
    fail(pathOffset + problemOffset(path), unsupportedMessage(path || '(empty condition)'));
    return undefined;
  }
  if (loopVariable(path, stack)) {
    fail(pathOffset, "Jinja's loop variables are not supported in conditions.");
    return undefined;
  }
  return { path, offset: pathOffset, negated: negated !== null };
}

/** Offset, inside an unsupported expression, of the construct to point at. */
function problemOffset(expr: string): number {
  const filter = expr.search(/\|/);
  if (filter >= 0) return filter;
  const test = expr.search(/\s(is|in|and|or|not)\s/);
  if (test >= 0) return test + 1;
  const op = expr.search(/[[\]()+\-*/%~<>=!'",]/);
  return op >= 0 ? op : 0;
}

function unsupportedMessage(expr: string): string {
  const filter = /\|\s*([A-Za-z_]\w*)?/.exec(expr);
  if (filter) return `Jinja filter "${filter[1] ?? ''}" is not supported; pass the value already formatted as a variable.`;
  const test = /\sis\s+(not\s+)?([A-Za-z_]\w*)/.exec(expr);
  if (test) return `Jinja test "is ${test[1] ?? ''}${test[2]}" is not supported; test the variable alone, e.g. {% if name %}.`;
  if (/\s(and|or|in)\s|[<>=!+\-*/%~]/.test(expr)) {
    return `Jinja expression "${expr}" uses operators, which are not supported; compute the value before rendering and pass it as a variable.`;
  }
  if (/[[\]()]/.test(expr)) return `Jinja expression "${expr}" uses calls or subscripts, which are not supported; use a plain path like user.name.`;
  return `Jinja expression "${expr}" is not supported; use a variable name or a dotted path like user.name.`;
}

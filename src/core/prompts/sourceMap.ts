// Maps a position inside a message's template text back to the file: through the YAML scalar that held it
// (plain, quoted or block) or through the anchors of a converted text (a `.prompty` body, a partial file).
import type { SourceLocation } from '../../shared/types';
import type { ContentSource, ScalarStyle, TextAnchor } from './promptFile';

/** Offset of a Handlebars position (1-based line, 0-based column) in `text`; line breaks as its lexer counts them. */
export function offsetOfLineColumn(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = nextLineStart(text, offset);
    if (next < 0) return text.length;
    offset = next;
  }
  return Math.min(text.length, offset + Math.max(0, column));
}

/** File location of the template range [start, end). */
export function locateInTemplate(
  template: string,
  start: number,
  end: number,
  source: ContentSource | undefined,
  file: string,
): SourceLocation {
  const from = locateOffset(template, start, source);
  const last = locateOffset(template, Math.max(start, end - 1), source);
  return { file, line: from.line, column: from.column, endLine: last.line, endColumn: last.column + 1 };
}

function locateOffset(template: string, offset: number, source: ContentSource | undefined): { line: number; column: number } {
  const target = Math.max(0, Math.min(offset, template.length));
  if (!source) return advance(template, 0, target, { offset: 0, line: 1, column: 1 });
  if (source.kind === 'text') {
    let anchor: TextAnchor = source.anchors[0] ?? { offset: 0, line: 1, column: 1 };
    for (const a of source.anchors) if (a.offset <= target) anchor = a;
    return advance(template, anchor.offset, target, anchor);
  }
  return locateInScalar(template, target, source.style, source.raw, source.line, source.column);
}

/** Walks `text` from an anchor to `target`, counting lines and columns. */
function advance(text: string, from: number, target: number, anchor: TextAnchor): { line: number; column: number } {
  let line = anchor.line;
  let column = anchor.column;
  for (let i = Math.max(0, from); i < target; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      column = 1;
    } else if (c !== 13) {
      column++;
    }
  }
  return { line, column };
}

function nextLineStart(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return -1;
}

const WHITESPACE = /\s/;

/**
 * YAML folding and escapes change whitespace and escape sequences, never the order of the other
 * characters: the n-th non-blank character of the value is the n-th non-blank unit of the source.
 */
function locateInScalar(
  value: string,
  target: number,
  style: ScalarStyle,
  raw: string,
  line: number,
  column: number,
): { line: number; column: number } {
  let wanted = 0;
  for (let i = 0; i < target; i++) if (!WHITESPACE.test(value[i]!)) wanted++;
  let i = bodyStart(raw, style);
  const end = style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE' ? Math.max(i, raw.length - 1) : raw.length;
  let seen = 0;
  let found = end;
  while (i < end) {
    const unit = readUnit(raw, i, style);
    if (!unit.blank) {
      if (seen === wanted) {
        found = i;
        break;
      }
      seen++;
    }
    i += unit.length;
  }
  const before = raw.slice(0, found);
  const newline = before.lastIndexOf('\n');
  if (newline < 0) return { line, column: column + found };
  let lines = 0;
  for (let k = 0; k < found; k++) if (raw.charCodeAt(k) === 10) lines++;
  return { line: line + lines, column: found - newline };
}

function bodyStart(raw: string, style: ScalarStyle): number {
  if (style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE') return 1;
  if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') {
    const nl = raw.indexOf('\n');
    return nl < 0 ? raw.length : nl + 1;
  }
  return 0;
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

function readUnit(raw: string, i: number, style: ScalarStyle): { length: number; blank: boolean } {
  const c = raw[i]!;
  if (style === 'QUOTE_SINGLE' && c === "'" && raw[i + 1] === "'") return { length: 2, blank: false };
  if (style === 'QUOTE_DOUBLE' && c === '\\') {
    const e = raw[i + 1] ?? '';
    if (e === '\n' || e === '\r') return { length: 2, blank: true };
    const hex = HEX_LENGTH[e];
    if (hex !== undefined) {
      const code = Number.parseInt(raw.slice(i + 2, i + 2 + hex), 16);
      const decoded = Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : 'x';
      return { length: 2 + hex, blank: WHITESPACE.test(decoded) };
    }
    const decoded = DOUBLE_ESCAPES[e] ?? e;
    return { length: 2, blank: decoded === '' || WHITESPACE.test(decoded) };
  }
  return { length: 1, blank: WHITESPACE.test(c) };
}

/** 1-based line and column of each offset of a text, by binary search over its line starts. */
export function positionIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

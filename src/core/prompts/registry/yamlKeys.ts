// Reads and sets the top-level `id` and `version` of a prompt file. A line scanner answers for the usual
// layout (keys at column 0, simple one-line values) in microseconds, which `check` needs for thousands of
// files; anything it is not sure about goes through the YAML parser. Setting edits the text in place, so
// the rest of the file (comments, quotes, order, line endings) stays byte for byte.
import { isMap, isScalar, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { idFromFileName } from '../promptFile';

export interface ScalarSpan {
  value: string;
  /** Offsets of the scalar token, quotes included. */
  start: number;
  end: number;
  quote: '' | "'" | '"';
}

/** Undefined when the fast scanner cannot be sure; then use the YAML parser. */
type Scan = { found: ScalarSpan } | { found: undefined } | undefined;

const SIMPLE_VALUE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*:(?=[ \t]|\r?$)/;

export function scanTopLevel(text: string, key: string): Scan {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  let found: ScalarSpan | undefined;
  let inFound = false;
  let sawContent = false;
  let lineStart = 0;
  while (lineStart < text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    const line = text.slice(lineStart, lineEnd);
    const first = line[0];
    const blank = line.trim() === '';
    if (blank || first === '#') {
      // nothing to read
    } else if (first === ' ') {
      // Indented: part of the previous key's value. A one-line value that continues here is not one line.
      if (inFound && !line.trimStart().startsWith('#')) return undefined;
    } else if (first === '-' && (line === '-' || line[1] === ' ' || line[1] === '\r')) {
      if (!sawContent) return undefined; // a root sequence, not a map
      inFound = false;
    } else if (line.startsWith('---') || line.startsWith('...')) {
      if (sawContent || line.slice(3).trim() !== '') return undefined;
    } else {
      const m = KEY_LINE.exec(line);
      if (!m) return undefined;
      sawContent = true;
      inFound = false;
      if (m[1] === key) {
        if (found) return undefined;
        found = valueSpan(line, m[0].length, lineStart);
        if (!found) return undefined;
        inFound = true;
      }
    }
    lineStart = lineEnd + 1;
  }
  return sawContent ? { found } : undefined;
}

function valueSpan(line: string, from: number, lineStart: number): ScalarSpan | undefined {
  const rest = line.slice(from).replace(/\r$/, '');
  const lead = rest.length - rest.trimStart().length;
  const body = rest.trimStart();
  let token: string;
  let quote: ScalarSpan['quote'] = '';
  let value: string;
  if (body[0] === '"' || body[0] === "'") {
    const close = body.indexOf(body[0], 1);
    if (close === -1) return undefined;
    token = body.slice(0, close + 1);
    value = body.slice(1, close);
    quote = body[0];
    if (value.includes('\\')) return undefined;
  } else {
    token = body.split(/[ \t]+#/)[0]!.trimEnd();
    value = token;
  }
  const after = body.slice(token.length);
  if (!SIMPLE_VALUE.test(value) || (after.trim() !== '' && !/^[ \t]+#/.test(after))) return undefined;
  const start = lineStart + from + lead;
  return { value, start, end: start + token.length, quote };
}

function rootMap(text: string): YAMLMap | undefined {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return undefined;
  return isMap(doc.contents) ? doc.contents : undefined;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

/** The top-level string value of `key`, via the scanner or the YAML parser. */
export function topLevelString(text: string, key: string): string | undefined {
  const scan = scanTopLevel(text, key);
  if (scan) return scan.found?.value;
  const map = rootMap(text);
  const value = map ? pairOf(map, key)?.value : undefined;
  return isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
}

/** The id the registry knows a prompt file by: its `id:` key, else its file name. */
export function promptIdOf(text: string, file: string): string {
  return topLevelString(text, 'id') ?? idFromFileName(file);
}

/** `text` with its top-level `version:` set to `version`, everything else unchanged. */
export function setVersion(text: string, version: string): string {
  const scan = scanTopLevel(text, 'version');
  if (scan?.found) return scan.found.value === version ? text : splice(text, scan.found, version);
  return setVersionWithParser(text, version);
}

function splice(text: string, span: Pick<ScalarSpan, 'start' | 'end' | 'quote'>, version: string): string {
  return `${text.slice(0, span.start)}${span.quote}${version}${span.quote}${text.slice(span.end)}`;
}

function setVersionWithParser(text: string, version: string): string {
  const doc = parseDocument(text, { uniqueKeys: false });
  const map = doc.contents;
  if (doc.errors.length > 0 || !isMap(map)) throw new Error('setVersion needs a prompt file that parses to a map');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const pair = pairOf(map, 'version');
  const value = pair?.value;
  if (isScalar(value) && value.range && value.range[1] > value.range[0]) {
    const raw = text.slice(value.range[0], value.range[1]);
    const quote = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
    if (value.value === version) return text;
    return splice(text, { start: value.range[0], end: value.range[1], quote }, version);
  }
  if (map.flow || (pair && !isScalar(value))) {
    doc.set('version', version); // flow maps and odd values: rare enough to let yaml rewrite the document
    return doc.toString();
  }
  if (pair && isScalar(pair.key) && pair.key.range) {
    const colon = text.indexOf(':', pair.key.range[1]);
    return `${text.slice(0, colon + 1)} ${version}${text.slice(colon + 1)}`;
  }
  const keyStart = (p: Pair) => (isScalar(p.key) && p.key.range ? p.key.range[0] : 0);
  const lineStartOf = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const firstKey = keyStart(map.items[0] as Pair);
  const indent = ' '.repeat(firstKey - lineStartOf(firstKey));
  const anchor = ['description', 'name', 'id'].map((k) => pairOf(map, k)).find((p) => p !== undefined);
  let at: number;
  if (anchor) {
    const node = (anchor.value ?? anchor.key) as { range?: [number, number, number] };
    const end = node.range?.[2] ?? keyStart(anchor);
    const nl = text.indexOf('\n', Math.max(end - 1, 0));
    at = text[end - 1] === '\n' ? end : nl === -1 ? text.length : nl + 1;
  } else at = lineStartOf(firstKey);
  const needsBreak = at === text.length && text.length > 0 && !text.endsWith('\n');
  return `${text.slice(0, at)}${needsBreak ? eol : ''}${indent}version: ${version}${eol}${text.slice(at)}`;
}

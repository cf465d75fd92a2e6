// The inside of one `{{…}}`, read tolerantly: `head param… key=value… as |a b|`, with subexpressions,
// string, number and boolean literals, and paths (`../x`, `this.y`, `@root.z`, `[segment literals]`).

const LITERAL = /^(?:-?\d+(?:\.\d+)?|true|false|null|undefined)$/;

export interface PathRef {
  original: string;
  parts: string[];
  data: boolean;
  depth: number;
}

export type Expr = { kind: 'path'; path: PathRef } | { kind: 'literal' } | { kind: 'sub'; call: Call };

export interface Call {
  head?: Expr;
  params: Expr[];
  hashValues: Expr[];
  blockParams: string[];
}

/** Parses `head param… key=value… as |a b|` with subexpressions; strings and numbers are literals. */
export function parseCall(src: string): Call {
  const state = { src, pos: 0 };
  return callAt(state, false);
}

function callAt(s: { src: string; pos: number }, nested: boolean): Call {
  const call: Call = { params: [], hashValues: [], blockParams: [] };
  for (;;) {
    while (s.pos < s.src.length && /\s/.test(s.src[s.pos]!)) s.pos++;
    if (s.pos >= s.src.length) return call;
    const c = s.src[s.pos]!;
    if (c === ')') {
      s.pos++;
      if (nested) return call;
      continue;
    }
    const asMatch = /^as\s+\|([^|]*)\|/.exec(s.src.slice(s.pos));
    if (asMatch) {
      call.blockParams.push(...asMatch[1]!.trim().split(/\s+/).filter(Boolean));
      s.pos += asMatch[0].length;
      continue;
    }
    const key = /^([^\s=()"'|]+)\s*=/.exec(s.src.slice(s.pos));
    if (key) {
      s.pos += key[0].length;
      const value = exprAt(s);
      if (value) call.hashValues.push(value);
      continue;
    }
    const e = exprAt(s);
    if (!e) {
      s.pos++;
      continue;
    }
    if (call.head) call.params.push(e);
    else call.head = e;
  }
}

function exprAt(s: { src: string; pos: number }): Expr | undefined {
  while (s.pos < s.src.length && /\s/.test(s.src[s.pos]!)) s.pos++;
  const c = s.src[s.pos];
  if (c === undefined) return undefined;
  if (c === '(') {
    s.pos++;
    return { kind: 'sub', call: callAt(s, true) };
  }
  if (c === '"' || c === "'") {
    const end = s.src.indexOf(c, s.pos + 1);
    s.pos = end < 0 ? s.src.length : end + 1;
    return { kind: 'literal' };
  }
  let word = '';
  while (s.pos < s.src.length) {
    const ch = s.src[s.pos]!;
    if (ch === '[') {
      const end = s.src.indexOf(']', s.pos);
      const stop = end < 0 ? s.src.length : end + 1;
      word += s.src.slice(s.pos, stop);
      s.pos = stop;
      continue;
    }
    if (/[\s()=|"']/.test(ch)) break;
    word += ch;
    s.pos++;
  }
  if (!word) return undefined;
  if (LITERAL.test(word)) return { kind: 'literal' };
  return { kind: 'path', path: parsePath(word) };
}

function parsePath(original: string): PathRef {
  const data = original.startsWith('@');
  const body = data ? original.slice(1) : original;
  const segments = body.match(/\[[^\]]*\]|[^./]+|\.\.(?=\/|$)/g) ?? [];
  const parts: string[] = [];
  let depth = 0;
  for (const seg of segments) {
    if (seg === '..' && parts.length === 0) depth++;
    else if ((seg === 'this' || seg === '.') && parts.length === 0) continue;
    else parts.push(seg.startsWith('[') ? seg.slice(1, -1) : seg);
  }
  return { original, parts, data, depth };
}

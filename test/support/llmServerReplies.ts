// The test LLM server's "model": deterministic replies, token counts and JSON instances derived from the
// request, so the same input always gives the same output. Protocol-neutral; llmServerOpenAI.ts and
// llmServerAnthropic.ts translate their wire formats to and from it.

export type ToolChoiceSpec = 'auto' | 'none' | 'required' | { name: string };
export type FormatSpec = { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; schema: unknown };

export interface NeutralRequest {
  model: string;
  /** Every input text (system, messages, tool results, tool call arguments), for token counts. */
  texts: string[];
  lastUserText: string;
  /** Set when the conversation ends with a tool result: its content. */
  toolResult?: string;
  tools: { name: string; parameters: unknown }[];
  toolChoice: ToolChoiceSpec;
  format: FormatSpec;
  maxTokens?: number;
  stop?: string[];
  /** The request asked for prompt caching (Anthropic cache_control) or holds the `[cache]` marker. */
  cacheHint: boolean;
  /** Stable text the reply is seeded from. */
  seedKey: string;
}

export interface ReplyPlan {
  /** Text of the reply (the JSON text in JSON modes); empty for a tool call. */
  text: string;
  toolCall?: { id: string; name: string; arguments: string };
  finish: 'stop' | 'length' | 'tool_calls' | 'stop_sequence';
  stopSequence?: string;
  usage: { input: number; cached: number; output: number };
  id: string;
}

/**
 * `[[reply: TEXT]]` in the last user message makes the server answer exactly TEXT (trimmed), whatever the
 * format: tests use it to script a model's output, or a judge's verdict inside a grading prompt. Markers
 * nest: `[[reply: Paris [[reply: {"questions": ["…"]}]]]]` answers `Paris [[reply: {…}]]`, an output that
 * scripts the judge who reads it (for graders that see nothing but the output). TEXT ends at the `]]` that
 * balances the `[[` pairs inside it, or at the first `]]` when they don't balance.
 */
export const REPLY_MARKER = /\[\[reply:([\s\S]*?)\]\]/;

const OPEN = '[[reply:';

export function scriptedReply(lastUserText: string): string | undefined {
  const start = lastUserText.indexOf(OPEN);
  if (start < 0) return undefined;
  const from = start + OPEN.length;
  let depth = 1;
  for (let i = from; i < lastUserText.length - 1; i++) {
    const pair = lastUserText.slice(i, i + 2);
    if (pair === '[[') depth++;
    else if (pair === ']]') depth--;
    else continue;
    if (depth === 0) return lastUserText.slice(from, i).trim();
    i++;
  }
  const match = REPLY_MARKER.exec(lastUserText);
  return match ? match[1]!.trim() : undefined;
}

/** The text marker that makes the server report cached input tokens. */
export const CACHE_MARKER = '[cache]';

const VOCABULARY = [
  'alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima',
  'mike', 'november', 'oscar', 'papa', 'quebec', 'romeo', 'sierra', 'tango', 'uniform', 'victor', 'whiskey', 'yankee',
];

export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Tokens, as this server counts them: whitespace-separated words. */
export function countTokens(text: string): number {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/).length : 0;
}

export function planReply(req: NeutralRequest, serverSeed: number): ReplyPlan {
  const seed = (fnv1a(req.seedKey) ^ serverSeed) >>> 0;
  const rng = prng(seed);
  const id = seed.toString(16).padStart(8, '0');
  const input = req.texts.reduce((sum, t) => sum + countTokens(t), 0);
  const cached = req.cacheHint || req.texts.some((t) => t.includes(CACHE_MARKER)) ? Math.floor(input / 2) : 0;

  const scripted = scriptedReply(req.lastUserText);
  const tool = scripted === undefined ? pickTool(req) : undefined;
  if (tool) {
    const args = JSON.stringify(instanceOf(tool.parameters, rng));
    const toolCall = { id: `call_${id}`, name: tool.name, arguments: args };
    return { text: '', toolCall, finish: 'tool_calls', usage: { input, cached, output: Math.max(1, countTokens(args)) }, id };
  }

  let text: string;
  if (scripted !== undefined) text = scripted;
  else if (req.format.type === 'json_schema') text = JSON.stringify(instanceOf(req.format.schema, rng));
  else if (req.format.type === 'json_object') text = JSON.stringify({ reply: quote(req), words: fillers(rng, 3) });
  else if (req.toolResult !== undefined) text = `The tool returned: "${excerpt(req.toolResult, 12)}". ${fillers(rng, 3).join(' ')}.`;
  else text = `You said: "${excerpt(req.lastUserText, 12)}". ${fillers(rng, 3 + Math.floor(rng() * 10)).join(' ')}.`;

  let finish: ReplyPlan['finish'] = 'stop';
  let stopSequence: string | undefined;
  for (const stop of req.stop ?? []) {
    const at = stop ? text.indexOf(stop) : -1;
    if (at >= 0) {
      text = text.slice(0, at);
      finish = 'stop_sequence';
      stopSequence = stop;
    }
  }
  // JSON replies are not cut: a JSON mode reply must stay parseable.
  if (req.format.type === 'text' && req.maxTokens !== undefined && countTokens(text) > req.maxTokens) {
    text = text.trim().split(/\s+/).slice(0, Math.max(0, req.maxTokens)).join(' ');
    finish = 'length';
  }
  return { text, finish, stopSequence, usage: { input, cached, output: countTokens(text) }, id };
}

function pickTool(req: NeutralRequest): { name: string; parameters: unknown } | undefined {
  if (req.tools.length === 0 || req.toolChoice === 'none' || req.toolResult !== undefined) return undefined;
  const choice = req.toolChoice;
  if (typeof choice === 'object') return req.tools.find((t) => t.name === choice.name) ?? req.tools[0];
  return req.tools[0];
}

function quote(req: NeutralRequest): string {
  return excerpt(req.lastUserText, 12);
}

function excerpt(text: string, words: number): string {
  return text.trim().split(/\s+/).slice(0, words).join(' ');
}

function fillers(rng: () => number, n: number): string[] {
  return Array.from({ length: n }, () => VOCABULARY[Math.floor(rng() * VOCABULARY.length)]!);
}

/** Splits a reply into stream chunks: one word each (with its leading space), JSON in slices of 8 characters. */
export function chunkText(text: string, json: boolean): string[] {
  if (json) {
    const out: string[] = [];
    for (let i = 0; i < text.length; i += 8) out.push(text.slice(i, i + 8));
    return out;
  }
  return text.match(/\s*\S+/g) ?? [];
}

/** Deterministic unit vector for a text (embeddings). */
export function embedding(text: string, dimensions: number): number[] {
  const rng = prng(fnv1a(text));
  const v = Array.from({ length: dimensions }, () => rng() * 2 - 1);
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

type Schema = Record<string, unknown>;

/**
 * A small instance that validates against a JSON schema: required and declared properties, `minItems` items
 * (at least one), bounds, enums, consts, formats, `$ref` into `$defs`/`definitions`, `anyOf`/`oneOf` (first
 * branch) and `allOf` (merged). `pattern` is not honoured.
 */
export function instanceOf(schema: unknown, rng: () => number, root: unknown = schema, depth = 0): unknown {
  if (schema === true || schema === undefined) return {};
  if (typeof schema !== 'object' || schema === null || depth > 12) return null;
  const s = schema as Schema;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (typeof s.$ref === 'string') return instanceOf(resolveRef(root, s.$ref), rng, root, depth + 1);
  if (Array.isArray(s.allOf)) return instanceOf(mergeAll(s, s.allOf as Schema[]), rng, root, depth + 1);
  for (const key of ['anyOf', 'oneOf']) {
    const branches = s[key];
    if (Array.isArray(branches) && branches.length) {
      const { [key]: _drop, ...rest } = s;
      return instanceOf({ ...rest, ...(branches[0] as Schema) }, rng, root, depth + 1);
    }
  }
  switch (typeOf(s)) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries(props)) out[key] = instanceOf(sub, rng, root, depth + 1);
      for (const key of (s.required as string[] | undefined) ?? []) if (!(key in out)) out[key] = '';
      return out;
    }
    case 'array': {
      const prefix = (s.prefixItems as unknown[] | undefined) ?? [];
      const max = typeof s.maxItems === 'number' ? s.maxItems : Infinity;
      const n = Math.min(max, Math.max(typeof s.minItems === 'number' ? s.minItems : 0, prefix.length, 1));
      return Array.from({ length: n }, (_, i) => {
        const item = instanceOf(prefix[i] ?? s.items ?? {}, rng, root, depth + 1);
        if (!s.uniqueItems || i === 0) return item;
        return typeof item === 'string' ? `${item}${i}` : typeof item === 'number' ? item + i : item;
      });
    }
    case 'string':
      return stringInstance(s, rng);
    case 'integer':
    case 'number':
      return numberInstance(s, typeOf(s) === 'integer', rng);
    case 'boolean':
      return rng() < 0.5;
    case 'null':
      return null;
    default:
      return {};
  }
}

function typeOf(s: Schema): string | undefined {
  const t = s.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return (t.find((x) => x !== 'null') as string | undefined) ?? 'null';
  if (s.properties || s.required || s.additionalProperties !== undefined) return 'object';
  if (s.items || s.prefixItems) return 'array';
  if (s.minLength !== undefined || s.maxLength !== undefined || s.format) return 'string';
  if (s.minimum !== undefined || s.maximum !== undefined) return 'number';
  return undefined;
}

function stringInstance(s: Schema, rng: () => number): string {
  const formats: Record<string, string> = {
    'date-time': '2026-01-01T00:00:00Z',
    date: '2026-01-01',
    time: '00:00:00Z',
    email: 'user@example.com',
    uri: 'https://example.com/',
    url: 'https://example.com/',
    uuid: '00000000-0000-4000-8000-000000000000',
  };
  let value = (typeof s.format === 'string' && formats[s.format]) || VOCABULARY[Math.floor(rng() * VOCABULARY.length)]!;
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  while (value.length < min) value += 'x';
  return value.slice(0, max);
}

function numberInstance(s: Schema, integer: boolean, rng: () => number): number {
  let lo = typeof s.minimum === 'number' ? s.minimum : -Infinity;
  let hi = typeof s.maximum === 'number' ? s.maximum : Infinity;
  if (typeof s.exclusiveMinimum === 'number') lo = Math.max(lo, s.exclusiveMinimum + (integer ? 1 : 1e-6));
  if (typeof s.exclusiveMaximum === 'number') hi = Math.min(hi, s.exclusiveMaximum - (integer ? 1 : 1e-6));
  let value = Number.isFinite(lo) ? lo : Number.isFinite(hi) ? Math.min(0, hi) : Math.floor(rng() * 100);
  if (integer) value = Math.ceil(value);
  const step = typeof s.multipleOf === 'number' && s.multipleOf > 0 ? s.multipleOf : undefined;
  if (step) value = Math.ceil(value / step) * step;
  return value;
}

function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return {};
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    node = typeof node === 'object' && node !== null ? (node as Schema)[key] : undefined;
  }
  return node ?? {};
}

function mergeAll(base: Schema, parts: Schema[]): Schema {
  const { allOf: _drop, ...rest } = base;
  const merged: Schema = { ...rest, properties: { ...((rest.properties as Schema | undefined) ?? {}) } };
  const required = new Set<string>((rest.required as string[] | undefined) ?? []);
  for (const part of parts) {
    Object.assign(merged, { ...part, properties: merged.properties });
    Object.assign(merged.properties as Schema, (part.properties as Schema | undefined) ?? {});
    for (const r of (part.required as string[] | undefined) ?? []) required.add(r);
  }
  if (required.size) merged.required = [...required];
  if (Object.keys(merged.properties as Schema).length === 0) delete merged.properties;
  return merged;
}

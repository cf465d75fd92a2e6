// The response cache's key: sha256 of what decides a model's answer, in a canonical JSON form (object keys
// sorted, undefined left out). Only the request: provider name, model, parameters, messages, tools, response
// format, tool choice, and the repeat index when above 0 (so --repeat asks the model again). Never an API
// key, a header or a base URL: nothing secret can reach a key or the cache files.
import type { ChatRequest } from '../../providers/types';
import { sha256Hex } from './sha256';

export const CACHE_KEY_VERSION = 1;

export function responseCacheKey(provider: string, request: ChatRequest, repeat = 0): string {
  // One JSON array in a fixed order; objects a user writes (parameters, tools, schemas) get sorted keys.
  const messages = request.messages.map((m) => [m.role, m.content, m.toolCallId ?? null, m.toolCalls ? canonicalOf(m.toolCalls) : null]);
  const text = JSON.stringify([
    CACHE_KEY_VERSION,
    provider,
    request.model,
    repeat > 0 ? repeat : 0,
    request.parameters ? canonicalOf(request.parameters) : null,
    messages,
    request.tools ? canonicalOf(request.tools) : null,
    request.responseFormat ? canonicalOf(request.responseFormat) : null,
    request.toolChoice === undefined ? null : canonicalJson(request.toolChoice),
  ]);
  return sha256Hex(text);
}

/** Canonical text of objects shared by many requests (a prompt's parameters, tools and schema), computed once each. */
const canonicalCache = new WeakMap<object, string>();

function canonicalOf(value: object): string {
  let text = canonicalCache.get(value);
  if (text === undefined) canonicalCache.set(value, (text = canonicalJson(value)));
  return text;
}

/** JSON with object keys sorted and undefined members dropped, so equal requests give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v === undefined || typeof v === 'function') continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

// A deep copy of a JSON value with every string passed through redact: what we keep (history, feedback
// datasets) never holds a key, even one pasted into a prompt.
import { redact } from '../../core/redact';

export function redactStrings<T>(value: T): T {
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(walk);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = walk(v);
    return out;
  }
  return value;
}

// Reading a grader's reply: a JSON object as the whole reply, inside a Markdown code fence, or with prose
// before or after it; then its fields, leniently typed (`"true"`, `"0.8"`, `"4/5"`).
import { findJsonValues, parseWholeJson } from '../assertions/jsonScan';

export function parseJsonVerdict(text: string): Record<string, unknown> | undefined {
  const whole = parseWholeJson(text);
  if (whole && isObject(whole.value)) return whole.value;
  for (const value of findJsonValues(text, 'objects')) if (isObject(value)) return value;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function verdictNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(?:\/\s*(\d+(?:\.\d+)?))?\s*$/.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] ? n / Number(m[2]) : n;
}

export function verdictBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  if (/^\s*(true|yes|y|pass|passed)\s*$/i.test(value)) return true;
  if (/^\s*(false|no|n|fail|failed)\s*$/i.test(value)) return false;
  return undefined;
}

export function verdictText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** A reply shortened for a reason. */
export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

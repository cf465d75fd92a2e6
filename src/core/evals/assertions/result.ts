// Small constructors for GradingResult, so every family words and shapes its results the same way.
import type { GradingResult } from '../types';

export function passed(reason: string, extra: Partial<GradingResult> = {}): GradingResult {
  return { pass: true, score: 1, reason, ...extra };
}

export function failed(reason: string, extra: Partial<GradingResult> = {}): GradingResult {
  return { pass: false, score: 0, reason, ...extra };
}

/** A graded result: `score` in 0..1 (clamped), pass decided by the caller. */
export function scored(pass: boolean, score: number, reason: string, extra: Partial<GradingResult> = {}): GradingResult {
  return { pass, score: clamp01(score), reason, ...extra };
}

/** The assertion could not be judged: a failure that `not-` leaves alone. */
export function errored(reason: string, extra: Partial<GradingResult> = {}): GradingResult {
  return { pass: false, score: 0, reason, errored: true, ...extra };
}

export function clamp01(n: number): number {
  if (!Number.isFinite(n)) return 0;
  return n < 0 ? 0 : n > 1 ? 1 : n;
}

const MAX_QUOTE = 160;

/** A value quoted for a reason: JSON string syntax, long text cut in the middle. */
export function quote(text: string, max = MAX_QUOTE): string {
  if (text.length <= max) return JSON.stringify(text);
  const head = Math.ceil((max - 5) * 0.7);
  const tail = max - 5 - head;
  return JSON.stringify(`${text.slice(0, head)} … ${text.slice(text.length - tail)}`);
}

/** Text cut to `max` characters (in the middle), not quoted: for JSON and code shown in a reason. */
export function clip(text: string, max = MAX_QUOTE): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 3) * 0.7);
  return `${text.slice(0, head)} … ${text.slice(text.length - (max - 3 - head))}`;
}

/** How a number reads in a reason: integers as they are, others with up to 3 decimals. */
export function num(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toFixed(3)));
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** `a, b and c`. */
export function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

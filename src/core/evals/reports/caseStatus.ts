// How a report reads one record: its status and the reason a person should see first.
import type { CaseRecord, GradingResult } from '../types';

export type CaseStatus = 'passed' | 'failed' | 'error';

/** `error` when the record carries a typed error (it is never a pass), else by `pass`. */
export function statusOf(record: Pick<CaseRecord, 'pass' | 'error'>): CaseStatus {
  if (record.error) return 'error';
  return record.pass ? 'passed' : 'failed';
}

export interface FailureReason {
  /** The assertion's type as written, or the error kind. */
  assertion?: string;
  reason: string;
  expected?: string;
  actual?: string;
}

/** The error, else the first failing assertion (descending into assert-sets), else a generic line. */
export function failureReason(record: Pick<CaseRecord, 'pass' | 'error' | 'results'>): FailureReason | undefined {
  if (record.error) return { assertion: record.error.kind, reason: record.error.message };
  if (record.pass) return undefined;
  const failing = firstFailing(record.results);
  if (!failing) return { reason: 'The case failed without a failing assertion (its score is under the threshold).' };
  return {
    ...(failing.assertion !== undefined ? { assertion: failing.assertion } : {}),
    reason: failing.reason,
    ...(failing.expected !== undefined ? { expected: failing.expected } : {}),
    ...(failing.actual !== undefined ? { actual: failing.actual } : {}),
  };
}

function firstFailing(results: GradingResult[]): GradingResult | undefined {
  for (const result of results) {
    if (result.pass) continue;
    const inner = result.componentResults?.length ? firstFailing(result.componentResults) : undefined;
    // An assert-set's own reason usually says "2 of 3 failed"; the component says why.
    return inner && !result.reason ? inner : result;
  }
  return undefined;
}

/** Cuts `text` to `max` characters (counting code points, never splitting a surrogate pair). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

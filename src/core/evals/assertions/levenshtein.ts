// levenshtein: the edit distance between the output and the value is at most `threshold` (default 5).
import type { AssertionFn } from '../types';
import { errored, failed, num, passed, quote } from './result';
import { textValue } from './values';

export const DEFAULT_LEVENSHTEIN_THRESHOLD = 5;

/**
 * Edit distance (insertions, deletions, substitutions, by UTF-16 unit), or `max + 1` as soon as it is
 * certain to exceed `max`: only a band of width 2·max around the diagonal is computed.
 */
export function levenshteinWithin(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length === 0 || b.length === 0) return Math.max(a.length, b.length);
  const over = max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j <= max ? j : over;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    cur[0] = i <= max ? i : over;
    if (from > 1) cur[from - 1] = over;
    let rowMin = cur[0]!;
    for (let j = from; j <= to; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost, over);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (to < b.length) cur[to + 1] = over;
    if (rowMin > max) return over;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[b.length]!, over);
}

export const levenshtein: AssertionFn = (spec, ctx) => {
  const expected = textValue(spec.value === undefined ? ctx.expected : spec.value);
  if (expected === undefined) return errored('levenshtein needs a text value to measure the distance to; add `value:`.');
  const max = spec.threshold ?? DEFAULT_LEVENSHTEIN_THRESHOLD;
  const distance = levenshteinWithin(ctx.output, expected, max);
  if (distance <= max) return passed(`Levenshtein distance ${distance} to ${quote(expected)} is within ${num(max)}.`);
  return failed(`Levenshtein distance to ${quote(expected)} is more than ${num(max)}; got ${quote(ctx.output)}.`, { expected, actual: ctx.output });
};

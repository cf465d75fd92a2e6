// word-count: the number of whitespace-separated words is exactly the value, or within `{ min, max }`.
import type { AssertionFn } from '../types';
import { errored, failed, passed } from './result';
import { isRecord, numberValue } from './values';

export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/).length : 0;
}

export const wordCount: AssertionFn = (spec, ctx) => {
  const count = countWords(ctx.output);
  const exact = numberValue(spec.value);
  if (exact !== undefined) {
    return count === exact ? passed(`Output has ${count} words, as expected.`) : failed(`Output has ${count} words; expected exactly ${exact}.`);
  }
  const min = isRecord(spec.value) ? numberValue(spec.value.min) : undefined;
  const max = isRecord(spec.value) ? numberValue(spec.value.max) : undefined;
  if (min === undefined && max === undefined) {
    return errored('word-count needs a number, or { min, max } (either may be left out), as its value.');
  }
  if (min !== undefined && max !== undefined && min > max) return errored(`word-count min ${min} is greater than max ${max}.`);
  const range = min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
  const ok = (min === undefined || count >= min) && (max === undefined || count <= max);
  return ok ? passed(`Output has ${count} words, ${range}.`) : failed(`Output has ${count} words; expected ${range}.`);
};

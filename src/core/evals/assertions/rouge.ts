// rouge-n: ROUGE-N recall of the output against the reference in the value (the share of the reference's
// n-grams found in the output, as js-rouge computes it for promptfoo), n = 1 unless `config.n` says
// otherwise; passes at `threshold` (default 0.75). Words are lower-cased and split on whitespace.
import type { AssertionFn } from '../types';
import { clippedOverlap, ngramCounts, total, words } from './ngrams';
import { errored, num, quote, scored } from './result';
import { textValue } from './values';

export const DEFAULT_ROUGE_THRESHOLD = 0.75;

export function rougeN(candidate: string, reference: string, n = 1): number {
  const ref = ngramCounts(words(reference), n);
  const refTotal = total(ref);
  if (refTotal === 0) return 0;
  return clippedOverlap(ngramCounts(words(candidate), n), ref) / refTotal;
}

export const rougeNAssertion: AssertionFn = (spec, ctx) => {
  const reference = textValue(spec.value === undefined ? ctx.expected : spec.value);
  if (reference === undefined) return errored('rouge-n needs the reference text as its value.');
  const n = typeof spec.config?.n === 'number' && spec.config.n >= 1 ? Math.floor(spec.config.n) : 1;
  const threshold = spec.threshold ?? DEFAULT_ROUGE_THRESHOLD;
  const score = rougeN(ctx.output, reference, n);
  const pass = score >= threshold;
  const what = `ROUGE-${n} score ${num(score)} against ${quote(reference)}`;
  return scored(pass, score, pass ? `${what} reaches ${num(threshold)}.` : `${what} is below ${num(threshold)}; got ${quote(ctx.output)}.`);
};

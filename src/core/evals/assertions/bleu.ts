// bleu: BLEU-4 of the output against one or more references (the value: text or a list), uniform weights,
// brevity penalty against the reference closest in length, zero precisions smoothed to 1e-7 as promptfoo
// does; passes at `threshold` (default 0.5).
import type { AssertionFn } from '../types';
import { clippedOverlap, ngramCounts, total, words } from './ngrams';
import { errored, num, quote, scored } from './result';
import { textValue } from './values';

export const DEFAULT_BLEU_THRESHOLD = 0.5;

export function bleuScore(candidate: string, references: string[]): number {
  const cand = words(candidate);
  if (cand.length === 0 || references.length === 0) return 0;
  const refs = references.map(words);
  const closest = refs.reduce((best, r) => (Math.abs(r.length - cand.length) < Math.abs(best.length - cand.length) ? r : best)).length;
  let logSum = 0;
  for (let n = 1; n <= 4; n++) {
    const candGrams = ngramCounts(cand, n);
    const count = total(candGrams);
    const matched = Math.max(0, ...refs.map((r) => clippedOverlap(candGrams, ngramCounts(r, n))));
    const precision = count > 0 ? matched / count : 0;
    logSum += 0.25 * Math.log(precision === 0 ? 1e-7 : precision);
  }
  const brevity = cand.length > closest ? 1 : Math.exp(1 - closest / cand.length);
  return brevity * Math.exp(logSum);
}

export const bleu: AssertionFn = (spec, ctx) => {
  const raw = spec.value === undefined ? ctx.expected : spec.value;
  const references = Array.isArray(raw) ? raw.map(textValue) : [textValue(raw)];
  if (references.length === 0 || references.some((r) => r === undefined)) {
    return errored('bleu needs a reference text, or a list of them, as its value.');
  }
  const refs = references as string[];
  const threshold = spec.threshold ?? DEFAULT_BLEU_THRESHOLD;
  const score = bleuScore(ctx.output, refs);
  const pass = score >= threshold;
  const against = refs.length === 1 ? quote(refs[0]!) : `${refs.length} references`;
  return scored(pass, score, pass ? `BLEU score ${num(score)} against ${against} reaches ${num(threshold)}.` : `BLEU score ${num(score)} against ${against} is below ${num(threshold)}; got ${quote(ctx.output)}.`);
};

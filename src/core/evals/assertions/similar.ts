// similar: cosine similarity of the embeddings of the output and the value (or each of a list of values:
// the best counts) reaches `threshold` (default 0.75). Embeddings come from the grader's embedding model,
// or the model named by `provider:`.
import { withJudge } from '../grading/judge';
import type { AssertionFn } from '../types';
import { cosineSimilarity } from './modelGraded';
import { errored, num, quote, scored } from './result';
import { expectedText, listValue, textValue } from './values';

export const DEFAULT_SIMILAR_THRESHOLD = 0.75;

export const similar: AssertionFn = (spec, ctx) => {
  const raw = spec.value === undefined ? expectedText(ctx.expected) : spec.value;
  const references = Array.isArray(raw) ? listValue(raw) : textValue(raw) !== undefined ? [textValue(raw)!] : undefined;
  if (!references || references.length === 0) return errored("similar needs the text to compare with as its value (or a list of them, or the case's expected).");
  const threshold = spec.threshold ?? DEFAULT_SIMILAR_THRESHOLD;
  // `provider` names the embedding model here, not a chat model.
  return withJudge(ctx, { ...spec, provider: undefined }, 'similar', async (judge) => {
    const [out, ...refs] = await judge.embed([ctx.output, ...references], spec.provider);
    let best = -1;
    let bestIndex = 0;
    refs.forEach((v, i) => {
      const s = cosineSimilarity(out!, v);
      if (s > best) [best, bestIndex] = [s, i];
    });
    const pass = best >= threshold;
    const to = quote(references[bestIndex]!);
    return scored(pass, best, `Similarity ${num(best)} to ${to} ${pass ? 'reaches' : 'is below'} the threshold ${num(threshold)}${pass ? '' : `; got ${quote(ctx.output)}`}.`);
  });
};

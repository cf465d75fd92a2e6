// select-best: a grader compares the outputs of one case group (the same case across prompts or models)
// and picks the one that best meets the criteria in the value; that output passes with score 1, the others
// fail with 0. The runner calls selectBest() once the group has finished; grading tokens and cost are
// shared out evenly over the outputs. Our prompt numbers the outputs from 1; a custom `rubricPrompt`
// gets `outputs` as a list and answers with a 0-based index, as in promptfoo.
import { withJudge } from '../grading/judge';
import { gradingMessages, SELECT_BEST_PROMPT, SELECT_BEST_SCHEMA } from '../grading/prompts';
import { excerpt, parseJsonVerdict, verdictNumber, verdictText } from '../grading/verdict';
import type { AssertionContext, AssertionFn, AssertionSpec, GradingResult } from '../types';
import { customGradingMessages } from './modelGraded';
import { errored } from './result';
import { textValue } from './values';

/** The index a reply picks: a JSON `best`, else the first whole number in it. */
export function selectedIndex(reply: string): number | undefined {
  const fromJson = verdictNumber(parseJsonVerdict(reply)?.best);
  if (fromJson !== undefined) return fromJson;
  const m = /\d+/.exec(reply);
  return m ? Number(m[0]) : undefined;
}

export async function selectBest(outputs: string[], spec: AssertionSpec, ctx: AssertionContext): Promise<GradingResult[]> {
  const all = (result: GradingResult) => outputs.map(() => ({ ...result }));
  const criteria = textValue(spec.value);
  if (!criteria || !criteria.trim()) return all(errored('select-best needs the criteria as its value, e.g. "the most concise answer".'));
  if (outputs.length < 2) return all(errored(`select-best compares outputs of the same case, and this group has ${outputs.length}; run it over two or more prompts or models.`));
  let picked: GradingResult[] | undefined;
  const summary = await withJudge(ctx, spec, 'select-best', async (judge) => {
    const listed = outputs.map((o, i) => `Output ${i + 1}:\n<<<\n${o}\n>>>`).join('\n\n');
    const first = spec.rubricPrompt ? 0 : 1;
    const messages = spec.rubricPrompt
      ? customGradingMessages(spec.rubricPrompt, { ...ctx.vars, criteria, outputs })
      : gradingMessages(SELECT_BEST_PROMPT, { criteria, outputs: listed });
    if (!Array.isArray(messages)) return errored(`select-best: ${messages.problem}.`);
    const reply = await judge.complete(messages, { name: 'selection', schema: SELECT_BEST_SCHEMA });
    const chosen = selectedIndex(reply);
    const index = chosen === undefined ? -1 : chosen - first;
    if (!Number.isInteger(index) || index < 0 || index >= outputs.length) {
      return errored(`select-best: the grader (${judge.modelId}) did not pick an output from ${first} to ${outputs.length - 1 + first}: "${excerpt(reply)}".`);
    }
    const why = verdictText(parseJsonVerdict(reply)?.reason);
    const because = why ? `: ${why}` : '';
    picked = outputs.map((_, i) =>
      i === index
        ? { pass: true, score: 1, reason: `The grader picked this output (${i + 1} of ${outputs.length}) as the best for ${JSON.stringify(criteria)}${because}` }
        : { pass: false, score: 0, reason: `The grader picked output ${index + 1} of ${outputs.length}, not this one, as the best for ${JSON.stringify(criteria)}${because}` },
    );
    return picked[index]!;
  });
  const share = (r: GradingResult): GradingResult => {
    if (!summary.gradingUsage) return r;
    const n = outputs.length;
    const u = summary.gradingUsage;
    return {
      ...r,
      gradingUsage: { inputTokens: u.inputTokens / n, outputTokens: u.outputTokens / n, cachedInputTokens: u.cachedInputTokens / n },
      gradingCost: (summary.gradingCost ?? 0) / n,
    };
  };
  return (picked ?? all(summary)).map((r) => share({ ...r, assertion: spec.type, ...(spec.metric ? { metric: spec.metric } : {}) }));
}

/** select-best needs the whole group; graded alone it can only say so. */
export const selectBestAlone: AssertionFn = () =>
  errored('select-best compares the outputs of a case across prompts or models; the runner grades it with selectBest() after the group finishes.');

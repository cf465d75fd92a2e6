// model-graded-closedqa: a grader decides whether the output meets the criterion in the value, reasons,
// and ends with Y or N (OpenAI evals' closed-QA method); Y passes.
import { withJudge } from '../grading/judge';
import { CLOSED_QA_PROMPT, gradingMessages } from '../grading/prompts';
import { excerpt } from '../grading/verdict';
import type { AssertionFn } from '../types';
import { conversationText, customGradingMessages } from './modelGraded';
import { errored, failed, passed } from './result';
import { textValue } from './values';

/** Y or N from the reply's last line (`Y`, `N.`, `**Yes**`, `Verdict: N`); undefined when it holds neither. */
export function closedQaVerdict(reply: string): 'Y' | 'N' | undefined {
  const lines = reply.trim().split('\n').map((l) => l.trim()).filter(Boolean);
  const last = (lines[lines.length - 1] ?? '').replace(/[*_`"'.!]/g, '').replace(/^(verdict|answer)\s*:\s*/i, '').trim().toUpperCase();
  if (last === 'Y' || last === 'YES') return 'Y';
  if (last === 'N' || last === 'NO') return 'N';
  if (/\bY$/.test(last)) return 'Y';
  if (/\bN$/.test(last)) return 'N';
  return undefined;
}

export const closedQa: AssertionFn = (spec, ctx) =>
  withJudge(ctx, spec, 'model-graded-closedqa', async (judge) => {
    const criterion = textValue(spec.value);
    if (!criterion || !criterion.trim()) return errored('model-graded-closedqa needs the criterion as its value, e.g. "names the capital of France".');
    const question = conversationText(ctx);
    const messages = spec.rubricPrompt
      ? customGradingMessages(spec.rubricPrompt, { ...ctx.vars, input: question, criteria: criterion, completion: ctx.output })
      : gradingMessages(CLOSED_QA_PROMPT, { criterion, question, output: ctx.output });
    if (!Array.isArray(messages)) return errored(`model-graded-closedqa: ${messages.problem}.`);
    const reply = await judge.complete(messages);
    const verdict = closedQaVerdict(reply);
    if (!verdict) return errored(`model-graded-closedqa: the grader (${judge.modelId}) did not end with Y or N: "${excerpt(reply)}".`);
    return verdict === 'Y'
      ? passed(`The grader found that the output meets the criterion ${JSON.stringify(criterion)}: ${excerpt(reply)}`)
      : failed(`The grader found that the output does not meet the criterion ${JSON.stringify(criterion)}: ${excerpt(reply)}`);
  });

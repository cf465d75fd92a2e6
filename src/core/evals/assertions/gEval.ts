// g-eval: G-Eval in two calls per criterion: the grader writes evaluation steps for the criteria in the
// value, then follows them to score the output from 0 to 10; score / 10 passes at `threshold` (default
// 0.7, as promptfoo). Several criteria (a list) are scored one by one and averaged.
import { withJudge, type Judge } from '../grading/judge';
import {
  GEVAL_MAX_SCORE,
  GEVAL_SCORE_PROMPT,
  GEVAL_STEPS_PROMPT,
  GEVAL_STEPS_SCHEMA,
  gradingMessages,
  SCORE_SCHEMA,
} from '../grading/prompts';
import { excerpt, parseJsonVerdict, verdictNumber, verdictText } from '../grading/verdict';
import type { AssertionFn } from '../types';
import { conversationText } from './modelGraded';
import { errored, num, scored } from './result';
import { listValue, textValue } from './values';

export const DEFAULT_GEVAL_THRESHOLD = 0.7;

class GEvalReplyError extends Error {}

async function scoreCriteria(judge: Judge, criteria: string, input: string, output: string): Promise<{ score: number; reason: string }> {
  const stepsReply = await judge.complete(gradingMessages(GEVAL_STEPS_PROMPT, { criteria }), { name: 'steps', schema: GEVAL_STEPS_SCHEMA });
  const steps = parseJsonVerdict(stepsReply)?.steps;
  if (!Array.isArray(steps) || steps.length === 0 || !steps.every((s) => typeof s === 'string' && s.trim())) {
    throw new GEvalReplyError(`the grader (${judge.modelId}) did not reply with evaluation steps: "${excerpt(stepsReply)}"`);
  }
  const slots = { criteria, steps: steps.map((s) => `- ${s}`).join('\n'), input, output, maxScore: String(GEVAL_MAX_SCORE) };
  const reply = await judge.complete(gradingMessages(GEVAL_SCORE_PROMPT, slots), { name: 'score', schema: SCORE_SCHEMA });
  const v = parseJsonVerdict(reply);
  const raw = v ? verdictNumber(v.score) : undefined;
  if (raw === undefined || raw < 0 || raw > GEVAL_MAX_SCORE) {
    throw new GEvalReplyError(`the grader (${judge.modelId}) did not reply with a score from 0 to ${GEVAL_MAX_SCORE}: "${excerpt(reply)}"`);
  }
  return { score: raw / GEVAL_MAX_SCORE, reason: verdictText(v?.reason) ?? 'no reason given' };
}

export const gEval: AssertionFn = (spec, ctx) =>
  withJudge(ctx, spec, 'g-eval', async (judge) => {
    const list = Array.isArray(spec.value) ? listValue(spec.value) : undefined;
    const single = textValue(spec.value);
    const criteria = list ?? (single ? [single] : []);
    if (criteria.length === 0 || criteria.some((c) => !c.trim())) return errored('g-eval needs the criteria as its value (text, or a list of texts).');
    const threshold = spec.threshold ?? DEFAULT_GEVAL_THRESHOLD;
    const input = conversationText(ctx);
    const parts: Array<{ score: number; reason: string }> = [];
    try {
      for (const c of criteria) parts.push(await scoreCriteria(judge, c, input, ctx.output));
    } catch (e) {
      if (e instanceof GEvalReplyError) return errored(`g-eval: ${e.message}.`);
      throw e;
    }
    const score = parts.reduce((sum, p) => sum + p.score, 0) / parts.length;
    const pass = score >= threshold;
    const reasons = parts.map((p) => p.reason).join(' | ');
    return scored(pass, score, `G-Eval score ${num(score)} ${pass ? 'reaches' : 'is below'} the threshold ${num(threshold)}: ${reasons}`);
  });

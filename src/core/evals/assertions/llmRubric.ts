// llm-rubric: a grader model judges the output against the rubric in the value and replies
// { reason, pass, score }. With `threshold`, the score must also reach it. Without a `pass` in the
// verdict, the score decides (at least the threshold, or 0.5).
import { withJudge } from '../grading/judge';
import { gradingMessages, RUBRIC_PROMPT, RUBRIC_SCHEMA } from '../grading/prompts';
import { excerpt, parseJsonVerdict, verdictBoolean, verdictNumber, verdictText } from '../grading/verdict';
import type { AssertionFn } from '../types';
import { customGradingMessages } from './modelGraded';
import { errored, num, scored } from './result';
import { isRecord, textValue } from './values';

export const llmRubric: AssertionFn = (spec, ctx) =>
  withJudge(ctx, spec, 'llm-rubric', async (judge) => {
    const rubric = textValue(spec.value) ?? (isRecord(spec.value) ? JSON.stringify(spec.value) : undefined);
    if (!rubric || !rubric.trim()) return errored('llm-rubric needs the rubric as its value: what a good output does, in words.');
    const messages = spec.rubricPrompt
      ? customGradingMessages(spec.rubricPrompt, { ...ctx.vars, output: ctx.output, rubric })
      : gradingMessages(RUBRIC_PROMPT, { rubric, output: ctx.output });
    if (!Array.isArray(messages)) return errored(`llm-rubric: ${messages.problem}.`);
    const reply = await judge.complete(messages, { name: 'verdict', schema: RUBRIC_SCHEMA });
    const v = parseJsonVerdict(reply);
    const said = v ? verdictBoolean(v.pass) : undefined;
    const rated = v ? verdictNumber(v.score) : undefined;
    if (!v || (said === undefined && rated === undefined)) {
      return errored(`llm-rubric: the grader (${judge.modelId}) did not reply with a { pass, score, reason } verdict: "${excerpt(reply)}".`);
    }
    const threshold = spec.threshold;
    const score = rated ?? (said ? 1 : 0);
    const pass = said ?? score >= (threshold ?? 0.5);
    const why = verdictText(v.reason) ?? 'no reason given';
    if (threshold !== undefined && pass && score < threshold) {
      return scored(false, score, `The grader passed the output but its score ${num(score)} is below the threshold ${num(threshold)}: ${why}`);
    }
    return scored(pass, score, `The grader ${pass ? 'passed' : 'failed'} the output (score ${num(score)}): ${why}`);
  });

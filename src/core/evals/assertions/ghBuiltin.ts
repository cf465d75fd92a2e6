// gh-builtin: the GitHub Models built-in evaluators (`value: github/similarity | coherence | fluency |
// relevance | groundedness`), with our own judge prompts (grading/builtinPrompts.ts). The judge rates 1 to 5;
// the score is (rating - 1) / 4 and passes at `threshold`, default 0.5 (a rating of 3 or more; gh-models
// passes a rating of 2 or more). groundedness reads its context from `vars.context`, else `expected`.
import { BUILTIN_JUDGES, BUILTIN_NAMES, RATING_SCHEMA, type BuiltinName } from '../grading/builtinPrompts';
import { withJudge } from '../grading/judge';
import { gradingMessages } from '../grading/prompts';
import { excerpt, parseJsonVerdict, verdictNumber, verdictText } from '../grading/verdict';
import type { AssertionFn } from '../types';
import { lastUserText } from './modelGraded';
import { errored, num, scored } from './result';
import { expectedText, isRecord, textValue } from './values';

export const DEFAULT_BUILTIN_THRESHOLD = 0.5;

export function builtinName(value: unknown): BuiltinName | undefined {
  const raw = textValue(isRecord(value) ? value.uses : value);
  const name = raw?.replace(/^github\//, '');
  return BUILTIN_NAMES.find((n) => n === name);
}

/** The 1-5 rating of a reply: a JSON `rating` (or `score`), else the last digit 1-5 standing alone. */
export function ratingOf(reply: string): number | undefined {
  const v = parseJsonVerdict(reply);
  const fromJson = v ? verdictNumber(v.rating ?? v.score) : undefined;
  if (fromJson !== undefined) return fromJson;
  const all = [...reply.matchAll(/(?<![\d.])([1-5])(?![\d.])/g)];
  return all.length ? Number(all[all.length - 1]![1]) : undefined;
}

export const ghBuiltin: AssertionFn = (spec, ctx) =>
  withJudge(ctx, spec, 'The built-in evaluator', async (judge) => {
    const name = builtinName(spec.value);
    if (!name) return errored(`Unknown built-in evaluator ${JSON.stringify(spec.value)}; use github/${BUILTIN_NAMES.join(', github/')}.`);
    const { prompt, needs } = BUILTIN_JUDGES[name];
    const slots: Record<string, string> = { completion: ctx.output };
    const input = typeof ctx.vars.input === 'string' ? ctx.vars.input : lastUserText(ctx);
    const expected = expectedText(ctx.expected);
    const context = typeof ctx.vars.context === 'string' ? ctx.vars.context : expected;
    for (const need of needs) {
      const v = need === 'input' ? input : need === 'expected' ? expected : context;
      if (v === undefined || v === '') return errored(`github/${name} needs the case's ${need === 'context' ? 'context (a `context` variable or expected)' : need}.`);
      slots[need] = v;
    }
    const reply = await judge.complete(gradingMessages(prompt, slots), { name: 'rating', schema: RATING_SCHEMA });
    const rating = ratingOf(reply);
    if (rating === undefined || rating < 1 || rating > 5) {
      return errored(`github/${name}: the grader (${judge.modelId}) did not reply with a rating from 1 to 5: "${excerpt(reply)}".`);
    }
    const threshold = spec.threshold ?? DEFAULT_BUILTIN_THRESHOLD;
    const score = (rating - 1) / 4;
    const pass = score >= threshold;
    const why = verdictText(parseJsonVerdict(reply)?.reason);
    return scored(pass, score, `github/${name} rated ${num(rating)} of 5 (score ${num(score)}), ${pass ? 'reaching' : 'below'} the threshold ${num(threshold)}${why ? `: ${why}` : '.'}`);
  });

// factuality: a grader compares the facts of the output with the reference answer in the value (or the
// case's expected) and picks one of OpenAI evals' categories: (A) subset, (B) superset, (C) same details,
// (D) disagreement, (E) differences that don't matter. Scores per category as promptfoo's defaults
// (D = 0, the others 1), changeable through `config: { subset, superset, agree, disagree, differButFactual }`;
// a category scoring above 0 passes.
import { withJudge } from '../grading/judge';
import { FACTUALITY_CATEGORIES, FACTUALITY_PROMPT, FACTUALITY_SCHEMA, gradingMessages } from '../grading/prompts';
import { excerpt, parseJsonVerdict, verdictText } from '../grading/verdict';
import type { AssertionFn, AssertionSpec } from '../types';
import { conversationText, customGradingMessages } from './modelGraded';
import { errored, num, scored } from './result';
import { expectedText, textValue } from './values';

const CONFIG_KEYS: Record<string, string> = { A: 'subset', B: 'superset', C: 'agree', D: 'disagree', E: 'differButFactual' };

function categoryScore(spec: AssertionSpec, category: string): number {
  const configured = spec.config?.[CONFIG_KEYS[category]!];
  if (typeof configured === 'number') return configured;
  return category === 'D' ? 0 : 1;
}

/** The category of a reply: a JSON `category`, else a leading `(B)` or `B)`, else `category: B`. */
export function factualityCategory(reply: string): { category: string; reason?: string } | undefined {
  const v = parseJsonVerdict(reply);
  const fromJson = typeof v?.category === 'string' ? v.category.trim().replace(/[()]/g, '').toUpperCase() : undefined;
  if (fromJson && /^[A-E]$/.test(fromJson)) return { category: fromJson, reason: verdictText(v?.reason) };
  const lead = /^\s*\(?([A-E])\)(?:\s+|$)/i.exec(reply) ?? /\bcategory\b\W{0,3}(?:is\s+)?\(?([A-E])\)?(?![A-Za-z])/i.exec(reply) ?? /^\s*([A-E])\s*$/i.exec(reply);
  return lead ? { category: lead[1]!.toUpperCase(), reason: excerpt(reply) } : undefined;
}

export const factuality: AssertionFn = (spec, ctx) =>
  withJudge(ctx, spec, 'factuality', async (judge) => {
    const reference = textValue(spec.value) ?? expectedText(ctx.expected);
    if (!reference) return errored("factuality needs the reference answer as its value (or the case's expected).");
    const question = conversationText(ctx);
    const messages = spec.rubricPrompt
      ? customGradingMessages(spec.rubricPrompt, { ...ctx.vars, input: question, ideal: reference, completion: ctx.output })
      : gradingMessages(FACTUALITY_PROMPT, { reference, question, output: ctx.output });
    if (!Array.isArray(messages)) return errored(`factuality: ${messages.problem}.`);
    const reply = await judge.complete(messages, { name: 'factuality', schema: FACTUALITY_SCHEMA });
    const found = factualityCategory(reply);
    if (!found) return errored(`factuality: the grader (${judge.modelId}) did not name a category A to E: "${excerpt(reply)}".`);
    const score = categoryScore(spec, found.category);
    const what = `Category ${found.category}: ${FACTUALITY_CATEGORIES[found.category]}`;
    const detail = found.reason ? ` (${found.reason})` : '';
    return scored(score > 0, score, `${what}${detail}${score > 0 ? '' : ` — scores ${num(score)} against the reference ${JSON.stringify(excerpt(reference, 120))}`}.`);
  });

// answer-relevance: does the output answer the question asked? As RAGAS and promptfoo do, a grader writes
// questions the output would answer, and the mean cosine similarity of their embeddings with the real
// question (`vars.query`, else the last user message) is the score. Simplification: one call asks for three
// questions at once (promptfoo makes three calls). Passes at `threshold`, default 0 as in promptfoo (so set
// one). The embedding model is `config.embeddingProvider`, else the grader's.
import { withJudge } from '../grading/judge';
import { ANSWER_QUESTIONS_PROMPT, gradingMessages, QUESTIONS_SCHEMA, RELEVANCE_QUESTIONS } from '../grading/prompts';
import { excerpt, parseJsonVerdict } from '../grading/verdict';
import type { AssertionFn } from '../types';
import { cosineSimilarity, lastUserText } from './modelGraded';
import { errored, num, quote, scored } from './result';

/** Questions from a reply: a JSON `questions` list, else one per line (numbering and bullets removed). */
export function questionsOf(reply: string): string[] {
  const list = parseJsonVerdict(reply)?.questions;
  if (Array.isArray(list)) return list.filter((q): q is string => typeof q === 'string' && q.trim() !== '').map((q) => q.trim());
  return reply
    .split('\n')
    .map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim())
    .filter((l) => l.endsWith('?'));
}

export const answerRelevance: AssertionFn = (spec, ctx) =>
  withJudge(ctx, spec, 'answer-relevance', async (judge) => {
    const query = typeof ctx.vars.query === 'string' && ctx.vars.query.trim() ? ctx.vars.query : lastUserText(ctx);
    if (!query.trim()) return errored('answer-relevance needs the question: set the `query` variable or give the prompt a user message.');
    const threshold = spec.threshold ?? 0;
    const reply = await judge.complete(gradingMessages(ANSWER_QUESTIONS_PROMPT, { answer: ctx.output, count: String(RELEVANCE_QUESTIONS) }), {
      name: 'questions',
      schema: QUESTIONS_SCHEMA,
    });
    const questions = questionsOf(reply).slice(0, RELEVANCE_QUESTIONS);
    if (questions.length === 0) return errored(`answer-relevance: the grader (${judge.modelId}) did not reply with questions: "${excerpt(reply)}".`);
    const embedModel = typeof spec.config?.embeddingProvider === 'string' ? spec.config.embeddingProvider : undefined;
    const [q, ...generated] = await judge.embed([query, ...questions], embedModel);
    const similarity = generated.reduce((sum, v) => sum + cosineSimilarity(q!, v), 0) / generated.length;
    const pass = similarity >= threshold;
    return scored(
      pass,
      similarity,
      `Relevance ${num(similarity)} ${pass ? 'reaches' : 'is below'} the threshold ${num(threshold)}: the output answers questions like ${quote(questions[0]!)}, asked was ${quote(query)}.`,
    );
  });

// The grading prompts of the model-graded assertions, in our own words after the methods promptfoo
// follows (OpenAI evals' fact and closed-QA templates, G-Eval, RAGAS answer relevance). `{{name}}` slots
// are filled by fillSlots(), one pass, so text in an output is never read as a slot. The criterion or
// reference comes before the output in each user message.
import type { ChatMessage, JsonSchema } from '../../../shared/types';

export interface GradingPrompt {
  system?: string;
  user: string;
}

const JSON_ONLY = 'Reply with the JSON object only, no other text.';

export const RUBRIC_PROMPT: GradingPrompt = {
  system:
    'You grade the output of an AI system against a rubric. Decide whether the output satisfies the rubric; ' +
    'a rubric written as a statement is satisfied when the statement is true of the output. Score from 0.0 ' +
    '(not satisfied at all) to 1.0 (fully satisfied). ' +
    'Reply with a JSON object: {"reason": "<why, in one or two sentences>", "pass": <true or false>, "score": <0.0 to 1.0>}. ' +
    JSON_ONLY,
  user: '<rubric>\n{{rubric}}\n</rubric>\n\n<output>\n{{output}}\n</output>',
};

export const RUBRIC_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { reason: { type: 'string' }, pass: { type: 'boolean' }, score: { type: 'number' } },
  required: ['reason', 'pass', 'score'],
  additionalProperties: false,
};

export const FACTUALITY_CATEGORIES: Record<string, string> = {
  A: 'the submitted answer is a subset of the reference answer and fully consistent with it',
  B: 'the submitted answer is a superset of the reference answer and fully consistent with it',
  C: 'the submitted answer contains the same details as the reference answer',
  D: 'the submitted answer disagrees with the reference answer',
  E: 'the answers differ, but not in a way that matters for factuality',
};

export const FACTUALITY_PROMPT: GradingPrompt = {
  system:
    'You compare the facts in a submitted answer with those in a reference answer written by an expert for the ' +
    'same question. Ignore differences of style, grammar and punctuation.',
  user:
    'Reference answer:\n{{reference}}\n\nQuestion:\n{{question}}\n\nSubmitted answer:\n{{output}}\n\n' +
    'Which one of these fits best?\n' +
    Object.entries(FACTUALITY_CATEGORIES)
      .map(([k, v]) => `(${k}) ${v[0]!.toUpperCase()}${v.slice(1)}.`)
      .join('\n') +
    '\n\nReply with a JSON object: {"category": "<A, B, C, D or E>", "reason": "<why>"}. ' +
    JSON_ONLY,
};

export const FACTUALITY_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { category: { type: 'string', enum: ['A', 'B', 'C', 'D', 'E'] }, reason: { type: 'string' } },
  required: ['category', 'reason'],
  additionalProperties: false,
};

export const CLOSED_QA_PROMPT: GradingPrompt = {
  user:
    'Criterion:\n{{criterion}}\n\nTask:\n{{question}}\n\nSubmission:\n{{output}}\n\n' +
    'Does the submission meet the criterion? Reason it through in a few sentences, then give your verdict ' +
    'alone on the last line: Y if it meets the criterion, N if it does not.',
};

export const GEVAL_MAX_SCORE = 10;

export const GEVAL_STEPS_PROMPT: GradingPrompt = {
  system: 'You write the steps a careful grader follows to judge a reply against given criteria.',
  user:
    'Criteria:\n{{criteria}}\n\nWrite three to five short, concrete evaluation steps for these criteria. ' +
    'Reply with a JSON object: {"steps": ["<step>", "<step>"]}. ' +
    JSON_ONLY,
};

export const GEVAL_STEPS_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { steps: { type: 'array', items: { type: 'string' } } },
  required: ['steps'],
  additionalProperties: false,
};

export const GEVAL_SCORE_PROMPT: GradingPrompt = {
  system: 'You grade a reply by following evaluation steps, and give a whole-number score.',
  user:
    'Criteria:\n{{criteria}}\n\nEvaluation steps:\n{{steps}}\n\nInput:\n{{input}}\n\nReply to grade:\n{{output}}\n\n' +
    'Follow the steps, then score how well the reply meets the criteria from 0 (not at all) to {{maxScore}} (fully). ' +
    'Reply with a JSON object: {"score": <whole number 0 to {{maxScore}}>, "reason": "<why>"}. ' +
    JSON_ONLY,
};

export const SCORE_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { score: { type: 'number' }, reason: { type: 'string' } },
  required: ['score', 'reason'],
  additionalProperties: false,
};

export const RELEVANCE_QUESTIONS = 3;

export const ANSWER_QUESTIONS_PROMPT: GradingPrompt = {
  system: 'You work out which question a given answer responds to.',
  user:
    'Answer:\n{{answer}}\n\nWrite {{count}} different questions, each one a user might have asked to get exactly this ' +
    'answer. Reply with a JSON object: {"questions": ["<question>", "<question>"]}. ' +
    JSON_ONLY,
};

export const QUESTIONS_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { questions: { type: 'array', items: { type: 'string' } } },
  required: ['questions'],
  additionalProperties: false,
};

export const SELECT_BEST_PROMPT: GradingPrompt = {
  system: 'You compare several outputs written for the same task and pick the one that best meets the criteria.',
  user:
    'Criteria:\n{{criteria}}\n\n{{outputs}}\n\n' +
    'Which output meets the criteria best? Reply with a JSON object: {"best": <the number of that output>, "reason": "<why>"}. ' +
    JSON_ONLY,
};

export const SELECT_BEST_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { best: { type: 'integer' }, reason: { type: 'string' } },
  required: ['best', 'reason'],
  additionalProperties: false,
};

/** Replaces each `{{name}}` of `template` with `slots[name]`, in one pass; unknown names stay as written. */
export function fillSlots(template: string, slots: Record<string, string>): string {
  return template.replace(/\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(slots, name) ? slots[name]! : whole,
  );
}

export function gradingMessages(prompt: GradingPrompt, slots: Record<string, string>): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (prompt.system) messages.push({ role: 'system', content: fillSlots(prompt.system, slots) });
  messages.push({ role: 'user', content: fillSlots(prompt.user, slots) });
  return messages;
}

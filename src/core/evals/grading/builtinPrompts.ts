// Judge prompts for the GitHub Models built-in evaluators (`uses: github/<name>`), written in our own words
// in the spirit of the gh-models ones: a 1-to-5 rating with a short rubric per level. The judge replies
// JSON; its rating r becomes the score (r - 1) / 4 (1 → 0, 3 → 0.5, 5 → 1).
import type { JsonSchema } from '../../../shared/types';
import type { GradingPrompt } from './prompts';

export type BuiltinName = 'similarity' | 'coherence' | 'fluency' | 'relevance' | 'groundedness';
export const BUILTIN_NAMES: readonly BuiltinName[] = ['similarity', 'coherence', 'fluency', 'relevance', 'groundedness'];

export interface BuiltinJudge {
  prompt: GradingPrompt;
  /** Slots the prompt needs besides `completion`. */
  needs: Array<'input' | 'expected' | 'context'>;
}

const SYSTEM =
  'You are a strict, consistent evaluator of answers produced by an AI system. Rate exactly the quality you are ' +
  'asked about and nothing else, on a scale of 1 to 5, following the rubric. ' +
  'Reply with a JSON object: {"reason": "<one or two sentences>", "rating": <1, 2, 3, 4 or 5>}. Reply with the JSON object only.';

function rubric(quality: string, definition: string, levels: [string, string, string, string, string], data: string): GradingPrompt {
  const scale = levels.map((text, i) => `${i + 1}: ${text}`).join('\n');
  return { system: SYSTEM, user: `Quality: ${quality}. ${definition}\n\nRating scale:\n${scale}\n\n${data}` };
}

export const BUILTIN_JUDGES: Record<BuiltinName, BuiltinJudge> = {
  similarity: {
    needs: ['input', 'expected'],
    prompt: rubric(
      'similarity',
      'How closely the predicted answer matches the correct answer in meaning and information.',
      [
        'unrelated to the correct answer, or contradicts it',
        'shares little with the correct answer',
        'partly matches the correct answer; key points are missing or different',
        'mostly matches the correct answer, with small differences',
        'says the same as the correct answer, possibly in other words',
      ],
      'Correct answer:\n{{expected}}\n\nQuestion:\n{{input}}\n\nPredicted answer:\n{{completion}}',
    ),
  },
  coherence: {
    needs: ['input'],
    prompt: rubric(
      'coherence',
      'Whether the ideas of the response are presented in a logical order with clear connections, so a reader can follow them.',
      [
        'incoherent: disconnected words or fragments',
        'mostly fragments; the few relevant ideas are not connected',
        'understandable, but the order or the links between ideas are unclear in places',
        'logically organised and easy to follow',
        'exceptionally well organised; transitions make every step clear',
      ],
      'Query:\n{{input}}\n\nResponse:\n{{completion}}',
    ),
  },
  fluency: {
    needs: [],
    prompt: rubric(
      'fluency',
      'The quality of the language of the response: grammar, vocabulary, sentence construction and readability.',
      [
        'barely readable: pervasive errors, fragments',
        'simple ideas come across, with frequent errors and awkward phrasing',
        'clear, with occasional errors and little variety',
        'well written, varied and correct, with at most minor slips',
        'polished, precise and natural throughout',
      ],
      'Response:\n{{completion}}',
    ),
  },
  relevance: {
    needs: ['input'],
    prompt: rubric(
      'relevance',
      'How well the response addresses the question it was given: accurate, complete and on topic.',
      [
        'off topic: does not address the question',
        'attempts the question but is wrong',
        'addresses the question but leaves out essential details',
        'answers the question fully and accurately',
        'answers fully and accurately, and adds useful relevant insight',
      ],
      'Query:\n{{input}}\n\nResponse:\n{{completion}}',
    ),
  },
  groundedness: {
    needs: ['input', 'context'],
    prompt: rubric(
      'groundedness',
      'How well the response is supported by the given context alone, answering the question without adding unsupported information.',
      [
        'unrelated to the context and the question',
        'on the topic of the context but does not answer the question',
        'answers, but with information the context contradicts or does not support',
        'correct according to the context, but leaves out details it gives',
        'fully correct and complete according to the context, with nothing unsupported',
      ],
      'Context:\n{{context}}\n\nQuery:\n{{input}}\n\nResponse:\n{{completion}}',
    ),
  },
};

export const RATING_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { reason: { type: 'string' }, rating: { type: 'integer' } },
  required: ['reason', 'rating'],
  additionalProperties: false,
};

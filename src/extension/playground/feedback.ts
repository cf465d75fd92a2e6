// Thumbs up/down on an answer becomes a test case, one JSON line in the prompt's feedback dataset
// (`<id>.feedback.jsonl` next to the prompt file), in the promptfoo test shape the eval engine reads:
//   👍         expected = the answer; assert `equals` it when the answer is short or JSON (deterministic),
//              else `similar` (embedding similarity ≥ 0.8) so a reworded but equivalent answer passes.
//   👎 + note  assert `llm-rubric` built from the note (the grader checks the problem is gone) and
//              `not-equals` the rejected answer.
//   👎 alone   assert `not-equals` the rejected answer only: without a note there is nothing else to check.
// The note, rating, model, time and rejected/approved answer stay in `metadata`. No `vscode` here.
import type { PlaygroundDraft } from '../../shared/protocol';
import { redactStrings } from './scrub';

export interface FeedbackInput {
  rating: 'up' | 'down';
  note?: string;
  draft: PlaygroundDraft;
  modelId: string;
  variant: 'a' | 'b';
  output: string;
  runId: string;
  /** ISO time of the feedback. */
  at: string;
}

export interface FeedbackCase {
  description: string;
  vars: Record<string, string>;
  expected?: string;
  assert: Array<{ type: string; value: string; threshold?: number }>;
  metadata: Record<string, string>;
}

/** Short single-line answers or JSON answers are compared exactly. */
const EXACT_MAX = 120;
export const SIMILAR_THRESHOLD = 0.8;

export function buildFeedbackCase(input: FeedbackInput): FeedbackCase {
  const note = input.note?.trim();
  const vars = { ...input.draft.variables };
  const metadata: Record<string, string> = {
    source: 'playground',
    rating: input.rating,
    model: input.modelId,
    at: input.at,
    runId: input.runId,
    ...(input.variant === 'b' ? { variant: 'b' } : {}),
    ...(note ? { note } : {}),
  };
  if (input.rating === 'up') {
    const exact = isJsonAnswer(input.draft, input.output) || (input.output.length <= EXACT_MAX && !input.output.includes('\n'));
    return {
      description: `👍 ${note || summary(input.output)}`,
      vars,
      expected: input.output,
      assert: exact ? [{ type: 'equals', value: input.output }] : [{ type: 'similar', value: input.output, threshold: SIMILAR_THRESHOLD }],
      metadata,
    };
  }
  const assert: FeedbackCase['assert'] = [];
  if (note) {
    assert.push({
      type: 'llm-rubric',
      value: `A reviewer rejected an earlier answer to this prompt with the note: "${note}". Pass only if this answer does not have that problem.`,
    });
  }
  assert.push({ type: 'not-equals', value: input.output });
  return { description: `👎 ${note || summary(input.output)}`, vars, assert, metadata: { ...metadata, rejected: input.output } };
}

/** One JSONL line; keys are redacted from every string. */
export function feedbackLine(c: FeedbackCase): string {
  return `${JSON.stringify(redactStrings(c))}\n`;
}

/** `prompts/summarize.prompt.yml` → `prompts/summarize.feedback.jsonl`. */
export function feedbackFileFor(promptFile: string, id: string): string {
  const slash = Math.max(promptFile.lastIndexOf('/'), promptFile.lastIndexOf('\\'));
  return `${promptFile.slice(0, slash + 1)}${id}.feedback.jsonl`;
}

function isJsonAnswer(draft: PlaygroundDraft, output: string): boolean {
  if (!draft.responseFormat || draft.responseFormat.type === 'text') return false;
  try {
    JSON.parse(output);
    return true;
  } catch {
    return false;
  }
}

function summary(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line || '(empty answer)';
}

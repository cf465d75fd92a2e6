// finish-reason: why the model stopped (stop, length, tool_calls, content_filter), compared ignoring case.
// Provider spellings are accepted for the value: end_turn and stop_sequence mean stop, max_tokens length,
// tool_use and function_call tool_calls.
import type { FinishReason } from '../../../shared/types';
import type { AssertionFn } from '../types';
import { errored, failed, passed, quote } from './result';
import { textValue } from './values';

const ALIASES: Record<string, FinishReason> = {
  stop: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  length: 'length',
  max_tokens: 'length',
  tool_calls: 'tool_calls',
  tool_use: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter',
  refusal: 'content_filter',
  cancelled: 'cancelled',
  other: 'other',
};

export function normalizeFinishReason(value: string): FinishReason | undefined {
  return ALIASES[value.trim().toLowerCase()];
}

export const finishReason: AssertionFn = (spec, ctx) => {
  const raw = textValue(spec.value);
  if (!raw) return errored('finish-reason needs the expected reason as its value: stop, length, tool_calls or content_filter.');
  const expected = normalizeFinishReason(raw);
  if (!expected) return errored(`finish-reason ${quote(raw)} is not a finish reason; use stop, length, tool_calls or content_filter.`);
  const actual = ctx.result?.finishReason;
  if (!actual) return errored('finish-reason cannot be judged: the result has no finish reason.');
  return actual === expected
    ? passed(`The model stopped with finish reason ${actual}.`)
    : failed(`The model stopped with finish reason ${actual}; expected ${expected}.`, { expected, actual });
};

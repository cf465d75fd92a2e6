// equals: exact text, or deep equality of JSON when the expected value is an object or a list.
import { isDeepStrictEqual } from 'node:util';
import type { AssertionFn } from '../types';
import { clip, errored, failed, passed, quote } from './result';
import { expectedText, textValue } from './values';

export const equals: AssertionFn = (spec, ctx) => {
  const value = spec.value === undefined ? ctx.expected : spec.value;
  if (value === undefined || value === null) {
    return errored("equals needs a value (or the case's expected) to compare the output with; add `value:`.");
  }
  if (typeof value === 'object') {
    const expected = JSON.stringify(value);
    let parsed: unknown;
    try {
      parsed = JSON.parse(ctx.output);
    } catch {
      return failed(`Output is not JSON, so it cannot equal the expected ${Array.isArray(value) ? 'list' : 'object'} ${clip(expected)}; got ${quote(ctx.output)}.`, { expected, actual: ctx.output });
    }
    if (isDeepStrictEqual(parsed, value)) return passed(`Output is JSON equal to ${clip(expected)}.`);
    return failed(`Output JSON differs from the expected ${clip(expected)}; got ${clip(JSON.stringify(parsed))}.`, {
      expected: JSON.stringify(value, null, 2),
      actual: JSON.stringify(parsed, null, 2),
    });
  }
  const expected = textValue(value) ?? expectedText(value) ?? '';
  if (ctx.output === expected) return passed(`Output equals ${quote(expected)}.`);
  return failed(`Output does not equal ${quote(expected)}; got ${quote(ctx.output)}.`, { expected, actual: ctx.output });
};

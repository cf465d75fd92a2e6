// starts-with: the output begins with the value, exactly (case and leading whitespace count).
import type { AssertionFn } from '../types';
import { errored, failed, passed, quote } from './result';
import { textValue } from './values';

export const startsWith: AssertionFn = (spec, ctx) => {
  const prefix = textValue(spec.value);
  if (prefix === undefined || prefix === '') return errored('starts-with needs a non-empty text value; add `value:`.');
  return ctx.output.startsWith(prefix)
    ? passed(`Output starts with ${quote(prefix)}.`)
    : failed(`Output does not start with ${quote(prefix)}; it starts with ${quote(ctx.output.slice(0, Math.max(prefix.length, 40)))}.`);
};

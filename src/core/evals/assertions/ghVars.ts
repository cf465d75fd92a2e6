// The template variables of GitHub Models evaluators: the case's variables, `expected`, the model's
// `completion`, and `input` (the last user message when the case has no `input` variable).
import type { AssertionContext } from '../types';
import { lastUserText } from './modelGraded';
import { expectedText } from './values';

export function ghTemplateVars(ctx: AssertionContext): Record<string, unknown> {
  const vars: Record<string, unknown> = { ...ctx.vars };
  if (!('input' in vars)) vars.input = lastUserText(ctx);
  const expected = expectedText(ctx.expected);
  if (expected !== undefined) vars.expected = expected;
  vars.completion = ctx.output;
  return vars;
}

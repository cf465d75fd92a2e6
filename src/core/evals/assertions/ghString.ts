// gh-string: a GitHub Models `string` evaluator (`value: { equals | contains | startsWith | endsWith: text }`).
// As gh-models does: equals is exact, the others ignore case; the text is a template over the case's
// variables and `{{expected}}`.
import { renderTemplate } from '../grading/template';
import type { AssertionFn } from '../types';
import { ghTemplateVars } from './ghVars';
import { errored, failed, passed, quote } from './result';
import { isRecord } from './values';

export const GH_STRING_CHECKS = ['equals', 'contains', 'startsWith', 'endsWith'] as const;
type Check = (typeof GH_STRING_CHECKS)[number];

const VERBS: Record<Check, string> = { equals: 'equal', contains: 'contain', startsWith: 'start with', endsWith: 'end with' };

export const ghString: AssertionFn = (spec, ctx) => {
  const value = isRecord(spec.value) ? spec.value : undefined;
  const check = value ? GH_STRING_CHECKS.find((k) => typeof value[k] === 'string') : undefined;
  if (!value || !check) return errored('A string evaluator needs one of equals, contains, startsWith or endsWith with a text.');
  const rendered = renderTemplate(value[check] as string, ghTemplateVars(ctx));
  if ('problem' in rendered) return errored(`The string evaluator's ${check} text cannot be rendered: ${rendered.problem}`);
  const expected = rendered.text;
  const out = check === 'equals' ? ctx.output : ctx.output.toLowerCase();
  const want = check === 'equals' ? expected : expected.toLowerCase();
  const ok =
    check === 'equals' ? out === want : check === 'contains' ? out.includes(want) : check === 'startsWith' ? out.startsWith(want) : out.endsWith(want);
  const how = check === 'equals' ? '' : ' (ignoring case)';
  return ok
    ? passed(`Output does ${VERBS[check]} ${quote(expected)}${how}.`)
    : failed(`Output does not ${VERBS[check]} ${quote(expected)}${how}; got ${quote(ctx.output)}.`, { expected, actual: ctx.output });
};

// javascript: user code judges the output (see scriptBody.ts for how code is read). It may return a
// boolean, a number (a score: passes above 0, or at `threshold` when set) or { pass, score?, reason? }.
// Runs only where the host allows code, isolated and with a time limit (grading/codeRunner.ts).
import type { AssertionFn, GradingResult } from '../types';
import { runUserCode } from './codeCall';
import { clamp01, errored, failed, num, passed, quote } from './result';
import { isRecord, textValue } from './values';

export function interpretScriptResult(value: unknown, threshold: number | undefined, code: string): GradingResult {
  const shown = quote(code.trim(), 120);
  if (typeof value === 'boolean') return value ? passed(`javascript returned true: ${shown}.`) : failed(`javascript returned false: ${shown}.`);
  if (typeof value === 'number' && Number.isFinite(value)) {
    const pass = threshold === undefined ? value > 0 : value >= threshold;
    const bar = threshold === undefined ? 'above 0' : `at least ${num(threshold)}`;
    return { pass, score: clamp01(value), reason: `javascript returned the score ${num(value)}, ${pass ? '' : 'not '}${bar}: ${shown}.` };
  }
  if (isRecord(value) && typeof value.pass === 'boolean') {
    const score = typeof value.score === 'number' && Number.isFinite(value.score) ? value.score : value.pass ? 1 : 0;
    const reason = typeof value.reason === 'string' && value.reason ? value.reason : `javascript returned pass: ${value.pass}: ${shown}.`;
    return { pass: value.pass, score: clamp01(score), reason };
  }
  if (value === undefined) {
    return errored(`javascript returned nothing: code of several lines is a function body, so end it with \`return …\`. Code: ${shown}.`);
  }
  return errored(`javascript must return a boolean, a number or { pass, score, reason }; it returned ${quote(JSON.stringify(value) ?? String(value), 80)}.`);
}

export const javascript: AssertionFn = async (spec, ctx) => {
  const code = textValue(spec.value);
  if (!code || !code.trim()) return errored('javascript needs code as its value (an expression, a function body, or file://check.js).');
  const outcome = await runUserCode('javascript assertion', code, ctx.output, ctx, spec);
  if ('error' in outcome) return outcome.error;
  return interpretScriptResult(outcome.value, spec.threshold, code);
};

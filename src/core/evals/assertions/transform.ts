// `transform`: user code that rewrites the output before an assertion judges it (promptfoo's
// `transform`, with `output` and `context`). Text results are used as they are, others as JSON.
import type { AssertionContext, GradingResult } from '../types';
import { runUserCode } from './codeCall';
import { errored } from './result';

export async function applyTransform(code: string, output: string, ctx: AssertionContext): Promise<{ output: string } | { error: GradingResult }> {
  const outcome = await runUserCode('transform', code, output, ctx);
  if ('error' in outcome) return outcome;
  const value = outcome.value;
  if (typeof value === 'string') return { output: value };
  if (value === undefined || value === null) {
    return { error: errored('The transform returned nothing: return the new output (code of several lines is a function body).') };
  }
  return { output: JSON.stringify(value) };
}

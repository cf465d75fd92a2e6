// latency: the model call took at most `threshold` milliseconds. A cached response says nothing about
// latency, so it fails (as in promptfoo), with the way out in the reason.
import type { AssertionFn } from '../types';
import { errored, failed, num, passed } from './result';

export const latency: AssertionFn = (spec, ctx) => {
  const threshold = spec.threshold;
  if (threshold === undefined) return errored('latency needs `threshold:`, the most milliseconds the call may take.');
  if (ctx.cached) {
    return errored('latency cannot be judged: the response came from the cache, so no call was timed. Rerun with --no-cache.');
  }
  const ms = ctx.result?.latencyMs;
  if (ms === undefined || !Number.isFinite(ms)) {
    return errored('latency cannot be judged: the result has no recorded latency (was the output given without a model call?).');
  }
  return ms <= threshold
    ? passed(`Latency ${num(ms)} ms is within ${num(threshold)} ms.`)
    : failed(`Latency ${num(ms)} ms is over the ${num(threshold)} ms threshold.`);
};

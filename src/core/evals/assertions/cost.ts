// cost: the model call cost at most `threshold` US dollars, from the price table (catalog) behind the result.
import type { AssertionFn } from '../types';
import { errored, failed, passed } from './result';

function usd(n: number): string {
  return `$${n < 0.01 ? n.toPrecision(3) : n.toFixed(4)}`;
}

export const cost: AssertionFn = (spec, ctx) => {
  const threshold = spec.threshold;
  if (threshold === undefined) return errored('cost needs `threshold:`, the most US dollars the call may cost.');
  if (!ctx.result) return errored('cost cannot be judged: there is no model result with usage to price.');
  const total = ctx.result.cost?.total;
  if (total === undefined) {
    return errored(`cost cannot be judged: ${ctx.result.modelId} has no known price. Add it under \`prices:\` in promptyard.config.yaml.`);
  }
  return total <= threshold
    ? passed(`Cost ${usd(total)} is within ${usd(threshold)}.`)
    : failed(`Cost ${usd(total)} is over the ${usd(threshold)} threshold (${ctx.result.usage.inputTokens} input + ${ctx.result.usage.outputTokens} output tokens).`);
};

// Cost of a call: uncached input at the input price, cached input at the cached price (the input price when
// the model has none), output at the output price. Prices are US dollars per million tokens.
import type { Cost, Usage } from '../../shared/types';
import type { ModelPrice } from '../config';

export function computeCost(usage: Usage, price: ModelPrice, pricedAt: string): Cost {
  const cached = Math.min(Math.max(0, usage.cachedInputTokens), usage.inputTokens);
  const input = ((usage.inputTokens - cached) * price.input + cached * (price.cachedInput ?? price.input)) / 1e6;
  const output = (usage.outputTokens * price.output) / 1e6;
  return { input, output, total: input + output, pricedAt };
}

/** Estimated cost before a call, from token counts alone (no cache assumed). */
export function estimateCost(inputTokens: number, outputTokens: number, price: ModelPrice, pricedAt: string): Cost {
  return computeCost({ inputTokens, outputTokens, cachedInputTokens: 0 }, price, pricedAt);
}

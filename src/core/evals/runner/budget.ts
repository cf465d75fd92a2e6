// Money, before and during a run. Before: each uncached call is priced from the catalog with the tokens of
// its rendered messages (about 4 characters a token, plus a few per message) and its maxTokens, or a typical
// answer length when the prompt sets none; cached calls cost nothing; models without a price are listed.
// During: a call is sent only when what was spent, plus the estimates of the calls in flight, plus its own
// estimate stays within --max-cost. So a run stops within one request of the limit and nothing is sent after.
import type { ChatMessage, ModelParameters } from '../../../shared/types';
import type { PriceLookup } from '../../providers/catalog';
import type { CostEstimate } from '../types';

/** Output tokens assumed when a prompt sets no maxTokens. */
export const TYPICAL_OUTPUT_TOKENS = 400;
const CHARS_PER_TOKEN = 4;
const TOKENS_PER_MESSAGE = 4;

/** Input tokens of rendered messages, estimated without a tokenizer (rounded up). */
export function estimateInputTokens(messages: readonly ChatMessage[]): number {
  let chars = 0;
  for (const m of messages) {
    chars += m.content.length;
    for (const call of m.toolCalls ?? []) chars += call.name.length + call.arguments.length;
  }
  return Math.ceil(chars / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE * messages.length;
}

export function estimateOutputTokens(parameters: ModelParameters | undefined): number {
  const max = parameters?.maxTokens;
  return typeof max === 'number' && max > 0 ? max : TYPICAL_OUTPUT_TOKENS;
}

/** US dollars of one call at a model's price (catalog.lookup), or undefined when it has none. */
export function estimateCallUsd(price: PriceLookup | undefined, messages: readonly ChatMessage[], parameters: ModelParameters | undefined): number | undefined {
  if (!price) return undefined;
  // estimateCost() of the price module, without the Cost object: this runs for every item.
  return (estimateInputTokens(messages) * price.price.input + estimateOutputTokens(parameters) * price.price.output) / 1e6;
}

/** Sums the estimate of a run's pending calls. */
export class EstimateBuilder {
  private usd = 0;
  private calls = 0;
  private cachedCalls = 0;
  private readonly unpriced = new Set<string>();

  addCall(modelId: string, usd: number | undefined): void {
    this.calls++;
    if (usd === undefined) this.unpriced.add(modelId);
    else this.usd += usd;
  }

  addCached(): void {
    this.calls++;
    this.cachedCalls++;
  }

  result(): CostEstimate {
    return { usd: this.usd, unpricedModels: [...this.unpriced].sort(), calls: this.calls, cachedCalls: this.cachedCalls };
  }
}

/** The --max-cost guard: reserve an estimate before a call, settle it with the real cost after. */
export class Budget {
  private spentUsd = 0;
  private reservedUsd = 0;

  /** `limitUsd` undefined: no limit. */
  constructor(readonly limitUsd: number | undefined) {}

  get spent(): number {
    return this.spentUsd;
  }

  get reserved(): number {
    return this.reservedUsd;
  }

  /** True (and the estimate is held) when the call fits; false means: send nothing more. */
  tryReserve(estimateUsd: number): boolean {
    const usd = Math.max(0, estimateUsd);
    if (this.limitUsd !== undefined && this.spentUsd + this.reservedUsd + usd > this.limitUsd + 1e-12) return false;
    this.reservedUsd += usd;
    return true;
  }

  /** The call ended: its estimate is released and what it really cost (calls and grading) is spent. */
  settle(estimateUsd: number, actualUsd: number): void {
    this.reservedUsd = Math.max(0, this.reservedUsd - Math.max(0, estimateUsd));
    this.spend(actualUsd);
  }

  /** Money spent outside a reserved call (grading of cached results). */
  spend(usd: number): void {
    if (Number.isFinite(usd) && usd > 0) this.spentUsd += usd;
  }
}

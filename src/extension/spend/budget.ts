// The monthly budget and the confirmation threshold, as decisions: whether a run must be confirmed before
// anything is sent, and which warning the month's spend has reached. No `vscode` here; budgetGate.ts asks.
import type { CostEstimate } from '../../core/evals/types';
import type { DaySpend, SpendTotals } from './spendLedger';

export interface BudgetSettings {
  /** US dollars a month; 0: no budget. */
  monthlyUsd: number;
  /** Ask before an eval run estimated above this many US dollars. */
  confirmAboveUsd: number;
}

export type RunVerdict =
  | { kind: 'go' }
  /** Above the confirmation threshold, within the budget. */
  | { kind: 'confirm'; message: string }
  /** The estimate would take the month past the budget; `remainingUsd` is what is left of it (0 or more). */
  | { kind: 'over-budget'; message: string; remainingUsd: number };

export function checkRun(estimate: CostEstimate, monthSpentUsd: number, settings: BudgetSettings): RunVerdict {
  const usd = Math.max(0, estimate.usd);
  const calls = estimate.calls - estimate.cachedCalls;
  const what = `${calls} model call${calls === 1 ? '' : 's'}${estimate.cachedCalls ? ` (${estimate.cachedCalls} more from the cache)` : ''}, estimated at ${formatUsd(usd)}${unpriced(estimate)}`;
  const budget = settings.monthlyUsd;
  if (budget > 0 && monthSpentUsd + usd > budget) {
    const remainingUsd = Math.max(0, budget - monthSpentUsd);
    return {
      kind: 'over-budget',
      remainingUsd,
      message: `This eval run would pass your monthly budget of ${formatUsd(budget)}: ${what}, with ${formatUsd(monthSpentUsd)} already spent this month.`,
    };
  }
  if (usd > settings.confirmAboveUsd) return { kind: 'confirm', message: `Run ${what}?` };
  return { kind: 'go' };
}

/** The highest warning level (80 or 100 percent of the budget) the month's spend has reached, or 0. */
export function warningLevel(monthSpentUsd: number, monthlyUsd: number): 0 | 80 | 100 {
  if (!(monthlyUsd > 0)) return 0;
  if (monthSpentUsd >= monthlyUsd) return 100;
  return monthSpentUsd >= 0.8 * monthlyUsd ? 80 : 0;
}

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd < 0.0001) return '<$0.0001';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

/** 950, 12.3k, 4.5M. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** Today's spend per source and the month against the budget, in sentences (tooltip, Show Spend). */
export function describeSpend(today: DaySpend, monthUsd: number, budget: number): string[] {
  const part = (label: string, t: SpendTotals | undefined) =>
    t ? `${label}: ${formatTokens(t.inputTokens)} tokens in, ${formatTokens(t.outputTokens)} out, ${formatUsd(t.usd)} (${t.calls} call${t.calls === 1 ? '' : 's'}).` : `${label}: nothing yet.`;
  const month = budget > 0 ? `This month: ${formatUsd(monthUsd)} of your ${formatUsd(budget)} budget (${Math.round((monthUsd / budget) * 100)}%).` : `This month: ${formatUsd(monthUsd)} (no monthly budget set).`;
  return [part('Playground today', today.playground), part('Evals today', today.evals), month];
}

function unpriced(estimate: CostEstimate): string {
  const n = estimate.unpricedModels.length;
  return n ? `, plus calls to ${n === 1 ? 'a model' : `${n} models`} without a known price (${estimate.unpricedModels.join(', ')})` : '';
}

// How numbers read in the output columns. No DOM.
import type { RunSummary } from '../../../src/shared/protocol';

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatCost(cost: number | undefined): string {
  if (cost === undefined) return 'cost unknown';
  if (cost === 0) return '$0 (free)';
  if (cost < 0.0001) return '< $0.0001';
  return `$${cost < 0.01 ? cost.toFixed(4) : cost.toFixed(3)}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function finishLabel(summary: RunSummary): string | undefined {
  switch (summary.finishReason) {
    case 'length':
      return 'Stopped at the max tokens limit.';
    case 'content_filter':
      return 'Stopped by the provider content filter.';
    case 'cancelled':
      return 'Stopped.';
    default:
      return undefined;
  }
}

export function basename(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

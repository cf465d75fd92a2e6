// Tokens (in, out, cached), latency (first token, total) and cost of one answer.
import type { JSX } from 'preact';
import type { RunSummary } from '../../../src/shared/protocol';
import { formatCost, formatCount, formatMs } from './format';

export function ColumnStats({ summary }: { summary: RunSummary }): JSX.Element {
  const u = summary.usage;
  return (
    <dl class="stats" data-testid="column-stats">
      <div data-testid="tokens" title="Input, output and cached input tokens">
        <dt>Tokens</dt>
        <dd>
          <span data-testid="tokens-in">{formatCount(u.inputTokens)}</span> in · <span data-testid="tokens-out">{formatCount(u.outputTokens)}</span> out
          {' · '}
          <span data-testid="tokens-cached">{formatCount(u.cachedInputTokens)}</span> cached
        </dd>
      </div>
      <div data-testid="latency" title="Time to the first token and in total">
        <dt>Latency</dt>
        <dd>
          <span data-testid="latency-first">{formatMs(summary.firstTokenMs)}</span> first · <span data-testid="latency-total">{formatMs(summary.latencyMs)}</span> total
        </dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd data-testid="cost">{formatCost(summary.cost)}</dd>
      </div>
    </dl>
  );
}

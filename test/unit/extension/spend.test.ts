// The spend ledger and the budget decisions in plain Node: days and months in local time, both sources added
// up, old days pruned, each warning level once a month; which runs go, which are confirmed and which would
// pass the budget; the figures as the status bar shows them.
import assert from 'node:assert/strict';
import type { CostEstimate } from '../../../src/core/evals/types';
import { checkRun, describeSpend, formatTokens, formatUsd, warningLevel } from '../../../src/extension/spend/budget';
import { dayKey, SPEND_STATE_KEY, SpendLedger, type KeyValueStore } from '../../../src/extension/spend/spendLedger';

/** A Memento-like store that keeps the value at once and resolves the write later, as VS Code's does. */
function memoryStore(): KeyValueStore & { writes: number } {
  const values = new Map<string, unknown>();
  return {
    writes: 0,
    get: <T>(key: string) => values.get(key) as T | undefined,
    update(key: string, value: unknown) {
      values.set(key, value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
      this.writes++;
      return new Promise<void>((resolve) => setTimeout(resolve, 5));
    },
  };
}

const estimate = (usd: number, over: Partial<CostEstimate> = {}): CostEstimate => ({ usd, unpricedModels: [], calls: 4, cachedCalls: 0, ...over });

describe('spend ledger and budget', () => {
  let now: Date;
  let store: ReturnType<typeof memoryStore>;
  let ledger: SpendLedger;

  beforeEach(() => {
    now = new Date(2026, 11, 4, 10, 0);
    store = memoryStore();
    ledger = new SpendLedger(store, () => now);
  });

  it('adds calls to today per source, and the month across days and sources', async () => {
    await ledger.record({ source: 'playground', inputTokens: 100, outputTokens: 20, usd: 0.01 });
    await ledger.record({ source: 'evals', inputTokens: 50, outputTokens: 10, usd: 0.02 });
    await ledger.record({ source: 'evals', inputTokens: 50, outputTokens: Number.NaN, usd: -1 });
    assert.deepEqual(ledger.today(), {
      playground: { inputTokens: 100, outputTokens: 20, usd: 0.01, calls: 1 },
      evals: { inputTokens: 100, outputTokens: 10, usd: 0.02, calls: 2 },
    });
    now = new Date(2026, 11, 5, 9, 0);
    assert.deepEqual(ledger.today(), {}, 'a new day starts at zero');
    await ledger.record({ source: 'playground', inputTokens: 1, outputTokens: 1, usd: 0.5 });
    assert.ok(Math.abs(ledger.monthUsd() - 0.53) < 1e-12);
    now = new Date(2027, 0, 1, 0, 1);
    assert.equal(ledger.monthUsd(), 0, 'a new month starts at zero');
  });

  it('tells its listeners as soon as the value is kept, before the write resolves', async () => {
    let seen: number | undefined;
    ledger.onDidChange(() => (seen = ledger.today().playground?.calls));
    const pending = ledger.record({ source: 'playground', inputTokens: 1, outputTokens: 1, usd: 0 });
    assert.equal(seen, 1);
    await pending;
    await ledger.clear();
    assert.equal(seen, undefined);
    assert.equal(store.get(SPEND_STATE_KEY), undefined);
  });

  it('keeps about two months of days', async () => {
    now = new Date(2026, 8, 1, 12, 0);
    await ledger.record({ source: 'evals', inputTokens: 1, outputTokens: 1, usd: 1 });
    now = new Date(2026, 11, 4, 12, 0);
    await ledger.record({ source: 'evals', inputTokens: 1, outputTokens: 1, usd: 1 });
    const days = Object.keys((store.get(SPEND_STATE_KEY) as { days: Record<string, unknown> }).days);
    assert.deepEqual(days, [dayKey(now)]);
  });

  it('shows each warning level once a month', async () => {
    assert.equal(await ledger.firstWarning(80), true);
    assert.equal(await ledger.firstWarning(80), false);
    assert.equal(await ledger.firstWarning(100), true);
    now = new Date(2027, 0, 2, 8, 0);
    await ledger.record({ source: 'evals', inputTokens: 1, outputTokens: 1, usd: 0 });
    assert.equal(await ledger.firstWarning(80), true, 'a new month warns again');
  });

  it('decides a run: go, confirm above the threshold, or ask when it would pass the budget', () => {
    const settings = { monthlyUsd: 10, confirmAboveUsd: 1 };
    assert.deepEqual(checkRun(estimate(0.5), 2, settings), { kind: 'go' });
    const confirm = checkRun(estimate(1.5, { cachedCalls: 1 }), 2, settings);
    assert.equal(confirm.kind, 'confirm');
    assert.equal(confirm.kind === 'confirm' && confirm.message, 'Run 3 model calls (1 more from the cache), estimated at $1.50?');
    const over = checkRun(estimate(0.5, { unpricedModels: ['x/y'] }), 9.8, settings);
    assert.equal(over.kind, 'over-budget');
    assert.ok(over.kind === 'over-budget' && Math.abs(over.remainingUsd - 0.2) < 1e-9);
    assert.match(over.kind === 'over-budget' ? over.message : '', /would pass your monthly budget of \$10\.00: 4 model calls, estimated at \$0\.50, plus calls to a model without a known price \(x\/y\), with \$9\.80 already spent/);
    assert.equal(checkRun(estimate(0.5), 9.8, { monthlyUsd: 0, confirmAboveUsd: 1 }).kind, 'go', 'no budget, under the threshold');
  });

  it('reaches the warning levels at 80% and 100%, none without a budget', () => {
    assert.equal(warningLevel(7.99, 10), 0);
    assert.equal(warningLevel(8, 10), 80);
    assert.equal(warningLevel(10, 10), 100);
    assert.equal(warningLevel(50, 0), 0);
  });

  it('formats figures for the status bar and Show Spend', () => {
    assert.deepEqual([0, 0.00004, 0.0042, 0.5, 12.345].map(formatUsd), ['$0.00', '<$0.0001', '$0.0042', '$0.50', '$12.35']);
    assert.deepEqual([950, 1234, 12_345, 4_500_000].map(formatTokens), ['950', '1.2k', '12k', '4.5M']);
    assert.deepEqual(describeSpend({ evals: { inputTokens: 1200, outputTokens: 300, usd: 0.02, calls: 1 } }, 8, 10), [
      'Playground today: nothing yet.',
      'Evals today: 1.2k tokens in, 300 out, $0.02 (1 call).',
      'This month: $8.00 of your $10.00 budget (80%).',
    ]);
  });
});

import assert from 'node:assert/strict';
import { Budget, EstimateBuilder, estimateCallUsd, estimateInputTokens, estimateOutputTokens, TYPICAL_OUTPUT_TOKENS } from '../../../../src/core/evals/runner/budget';
import { createCatalog } from '../../../../src/core/providers/catalog';

describe('budget: the estimate before a run and --max-cost during it', () => {
  it('estimates input tokens at 4 characters a token plus 4 per message, rounded up', () => {
    assert.equal(estimateInputTokens([{ role: 'user', content: 'x'.repeat(40) }]), 14);
    assert.equal(estimateInputTokens([{ role: 'system', content: 'abc' }, { role: 'user', content: 'abcde' }]), 2 + 8);
    assert.equal(estimateInputTokens([]), 0);
  });

  it('takes maxTokens for the output, or a typical answer length', () => {
    assert.equal(estimateOutputTokens({ maxTokens: 50 }), 50);
    assert.equal(estimateOutputTokens(undefined), TYPICAL_OUTPUT_TOKENS);
    assert.equal(estimateOutputTokens({ temperature: 0 }), TYPICAL_OUTPUT_TOKENS);
  });

  it('prices a call from the catalog: input tokens × input price + output tokens × output price', () => {
    const catalog = createCatalog({ 'openai/priced': { input: 2, output: 8 } });
    const usd = estimateCallUsd(catalog.lookup('openai/priced'), [{ role: 'user', content: 'x'.repeat(396) }], { maxTokens: 100 });
    // 99 + 4 = 103 input tokens at $2/M, 100 output tokens at $8/M
    assert.ok(Math.abs(usd! - (103 * 2 + 100 * 8) / 1e6) < 1e-12, String(usd));
    assert.equal(estimateCallUsd(catalog.lookup('openai/unknown-model'), [{ role: 'user', content: 'x' }], undefined), undefined);
    assert.equal(estimateCallUsd(catalog.lookup('ollama/llama3.2'), [{ role: 'user', content: 'x' }], undefined), 0);
  });

  it('sums an estimate: cached calls cost nothing, unpriced models are listed once', () => {
    const e = new EstimateBuilder();
    e.addCall('openai/a', 0.5);
    e.addCall('openai/a', 0.25);
    e.addCached();
    e.addCall('custom/x', undefined);
    e.addCall('custom/x', undefined);
    assert.deepEqual(e.result(), { usd: 0.75, unpricedModels: ['custom/x'], calls: 5, cachedCalls: 1 });
  });

  it('reserves a call only while spent + in flight + its estimate stays within the limit', () => {
    const b = new Budget(1.0);
    assert.ok(b.tryReserve(0.4));
    assert.ok(b.tryReserve(0.4));
    assert.equal(b.tryReserve(0.4), false, 'spent 0 + in flight 0.8 + 0.4 would pass 1.0');
    b.settle(0.4, 0.1); // the call cost less than estimated
    assert.ok(b.tryReserve(0.4));
    assert.ok(Math.abs(b.spent - 0.1) < 1e-12);
    assert.ok(Math.abs(b.reserved - 0.8) < 1e-12);
    b.settle(0.4, 0.3);
    b.spend(0.15); // grading of a cached result: spent 0.55, in flight 0.4
    assert.equal(b.tryReserve(0.1), false);
    assert.equal(b.tryReserve(0.05), true);
    assert.equal(b.tryReserve(0.0001), false);
  });

  it('a call that fits exactly is allowed; without a limit everything is', () => {
    const b = new Budget(0.3);
    assert.ok(b.tryReserve(0.1) && b.tryReserve(0.2));
    const free = new Budget(undefined);
    for (let i = 0; i < 100; i++) assert.ok(free.tryReserve(1e6));
  });
});

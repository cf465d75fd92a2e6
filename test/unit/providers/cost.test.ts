// Cost math, the dated price table and its overrides.
import assert from 'node:assert/strict';
import { createCatalog, defaultPriceTable, parsePriceTable, type PriceTable } from '../../../src/core/providers/catalog';
import { computeCost, estimateCost } from '../../../src/core/providers/cost';
import { PromptyardError } from '../../../src/core/errors';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`);

describe('cost', () => {
  it('prices uncached input, cached input and output separately', () => {
    const cost = computeCost({ inputTokens: 1000, cachedInputTokens: 400, outputTokens: 500 }, { input: 2, cachedInput: 0.5, output: 8 }, '2026-12-01');
    close(cost.input, (600 * 2 + 400 * 0.5) / 1e6);
    close(cost.output, (500 * 8) / 1e6);
    close(cost.total, cost.input + cost.output);
    assert.equal(cost.pricedAt, '2026-12-01');
  });

  it('prices cached tokens at the input price when the model has no cached price', () => {
    const cost = computeCost({ inputTokens: 1000, cachedInputTokens: 400, outputTokens: 0 }, { input: 3, output: 15 }, 'override');
    close(cost.input, 3000 / 1e6);
  });

  it('never counts more cached tokens than input tokens', () => {
    const cost = computeCost({ inputTokens: 10, cachedInputTokens: 50, outputTokens: 0 }, { input: 1, cachedInput: 0.1, output: 1 }, 'x');
    close(cost.input, 1 / 1e6);
  });

  it('estimates from token counts', () => {
    close(estimateCost(1_000_000, 1_000_000, { input: 0.15, output: 0.6 }, 'x').total, 0.75);
  });
});

describe('price catalog', () => {
  it('ships a dated table covering OpenAI and Anthropic models', () => {
    const table = defaultPriceTable();
    assert.equal(table.pricedAt, '2026-12-01');
    assert.equal(table.currency, 'USD');
    assert.equal(table.unit, 'per 1M tokens');
    for (const id of ['openai/gpt-4o', 'openai/gpt-4o-mini', 'openai/gpt-4.1', 'openai/o3', 'openai/gpt-5', 'anthropic/claude-sonnet-4-5', 'anthropic/claude-haiku-4-5', 'anthropic/claude-opus-4-5', 'anthropic/claude-3-5-haiku-latest']) {
      assert.ok(table.models[id], id);
    }
    for (const [id, price] of Object.entries(table.models)) {
      assert.ok(price.cachedInput === undefined || price.cachedInput <= price.input, `${id}: cached price above input price`);
    }
    for (const [alias, target] of Object.entries(table.aliases)) assert.ok(table.models[target], `${alias} → ${target} missing`);
  });

  it('looks up a model, and a dated snapshot through its alias', () => {
    const catalog = createCatalog();
    assert.deepEqual(catalog.lookup('openai/gpt-4o-mini'), { price: { input: 0.15, output: 0.6, cachedInput: 0.075, contextWindow: 128000 }, pricedAt: '2026-12-01' });
    assert.deepEqual(catalog.lookup('anthropic/claude-haiku-4-5-20251001'), catalog.lookup('anthropic/claude-haiku-4-5'));
    assert.equal(catalog.contextWindow('anthropic/claude-haiku-4-5'), 200000);
  });

  it('has no cost for unknown models, not a guess', () => {
    const catalog = createCatalog();
    const usage = { inputTokens: 10, outputTokens: 10, cachedInputTokens: 0 };
    assert.equal(catalog.cost('openai/gpt-99', usage), undefined);
    assert.equal(catalog.cost('openrouter/meta-llama/llama-3.1-8b', usage), undefined);
    assert.equal(catalog.contextWindow('openai/gpt-99'), undefined);
  });

  it('local and ollama models cost 0', () => {
    const catalog = createCatalog();
    const usage = { inputTokens: 1000, outputTokens: 1000, cachedInputTokens: 0 };
    assert.deepEqual(catalog.cost('ollama/llama3.2', usage), { input: 0, output: 0, total: 0, pricedAt: '2026-12-01' });
    assert.equal(catalog.cost('local/default', usage)?.total, 0);
  });

  it('overrides from the configuration win and are marked as such', () => {
    const catalog = createCatalog({ 'openai/gpt-4o-mini': { input: 1, output: 2 }, 'router/x': { input: 3, output: 4, contextWindow: 8000 } });
    const cost = catalog.cost('openai/gpt-4o-mini', { inputTokens: 1_000_000, outputTokens: 1_000_000, cachedInputTokens: 0 });
    assert.deepEqual(cost, { input: 1, output: 2, total: 3, pricedAt: 'override' });
    assert.equal(catalog.contextWindow('router/x'), 8000);
    assert.ok(catalog.knownModels('router').includes('router/x'));
    assert.ok(catalog.knownModels('anthropic').every((id) => id.startsWith('anthropic/')));
  });

  it('rejects a malformed table with the file and entry named', () => {
    const good: PriceTable = { pricedAt: '2026-01-01', currency: 'USD', unit: 'per 1M tokens', free: [], models: { 'a/b': { input: 1, output: 1 } }, aliases: {} };
    assert.doesNotThrow(() => parsePriceTable(good, 'p.json'));
    const bad: [unknown, RegExp][] = [
      [null, /not a JSON object/],
      [{ ...good, pricedAt: 'December' }, /pricedAt/],
      [{ ...good, models: { b: { input: 1, output: 1 } } }, /'b' must be a full model id/],
      [{ ...good, models: { 'a/b': { input: 1 } } }, /'a\/b' needs input and output/],
      [{ ...good, models: { 'a/b': { input: -1, output: 1 } } }, /'a\/b'/],
    ];
    for (const [value, message] of bad) {
      assert.throws(() => parsePriceTable(value, 'p.json'), (e: unknown) => e instanceof PromptyardError && /^p\.json: /.test(e.message) && message.test(e.message));
    }
  });
});

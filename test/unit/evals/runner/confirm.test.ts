// The `confirm` hook: a host sees the plan (and its estimate) before anything is sent, and can decline.
import assert from 'node:assert/strict';
import type { RunMeta } from '../../../../src/core/evals/types';
import { createCatalog } from '../../../../src/core/providers/catalog';
import { config, registryWith, resultsOf, runToEnd, scriptedProvider, suiteOf, workspace } from './helpers';

describe('runEval confirm: asked after the plan, before any call', () => {
  let ws: ReturnType<typeof workspace>;
  beforeEach(() => (ws = workspace()));
  afterEach(() => ws.cleanup());

  const prices = { 'openai/gpt-4o-mini': { input: 1000, output: 1000 } };

  it('declined: nothing is sent, the run ends cancelled with no results', async () => {
    const catalog = createCatalog(prices);
    const provider = scriptedProvider('openai', undefined, catalog);
    const seen: RunMeta[] = [];
    const { events, meta } = await runToEnd({
      workspace: ws.dir,
      suites: [suiteOf(ws.dir, { cases: 3, maxTokens: 10 })],
      registry: registryWith(catalog, provider),
      config: config({ prices }),
      cache: false,
      confirm: (m) => {
        seen.push(m);
        assert.equal(provider.calls.length, 0, 'nothing was sent before the answer');
        return false;
      },
    });
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.estimate!.calls, 3);
    assert.ok(seen[0]!.estimate!.usd > 0);
    assert.equal(provider.calls.length, 0);
    assert.equal(resultsOf(events).length, 0);
    assert.equal(meta.status, 'cancelled');
    assert.match(meta.stoppedReason ?? '', /not confirmed/);
    assert.equal(events[0]!.type, 'plan', 'the plan event comes first');
  });

  it('confirmed (also asynchronously): the run goes on as usual', async () => {
    const catalog = createCatalog(prices);
    const provider = scriptedProvider('openai', undefined, catalog);
    const { meta, summary } = await runToEnd({
      workspace: ws.dir,
      suites: [suiteOf(ws.dir, { cases: 3 })],
      registry: registryWith(catalog, provider),
      config: config({ prices }),
      cache: false,
      confirm: () => new Promise((resolve) => setTimeout(() => resolve(true), 20)),
    });
    assert.equal(meta.status, 'complete');
    assert.equal(summary.passed, 3);
    assert.equal(provider.calls.length, 3);
  });
});

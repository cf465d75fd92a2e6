// Issue 3, budget and cache, through the real openai SDK against the test LLM server:
// --max-cost stops within one request of the limit and nothing is sent after it; a cached rerun sends no
// request; the API key is in no cache key and no file the run writes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { estimateCallUsd } from '../../../../src/core/evals/runner/budget';
import type { EvalEvent } from '../../../../src/core/evals/types';
import { createCatalog } from '../../../../src/core/providers/catalog';
import { startLlmServer, type LlmServer } from '../../../support/llmServer';
import { questionSuite, registryFor, runToEnd, testConfig, workspace } from './helpers';

const CANARY = 'sk-canary-7f3a9c1e5b2d4f6a8c0e1a3b5d7f9e2c';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}

describe('eval runner budget and cache (real SDK, test LLM server)', function () {
  this.timeout(60_000);
  let server: LlmServer;
  let ws: ReturnType<typeof workspace>;

  beforeEach(async () => {
    server = await startLlmServer({ latency: { firstByteMs: 10 } });
    ws = workspace();
  });
  afterEach(async () => {
    await server.close();
    ws.cleanup();
  });

  it('--max-cost: stops within one request of the limit, sends nothing after, and is resumable', async () => {
    // $1,000 per million tokens: a call of ~20 input and ≤30 output tokens costs about $0.05
    const prices = { 'openai/gpt-4o-mini': { input: 1000, output: 1000 } };
    const config = testConfig({ prices });
    const suite = questionSuite(ws.dir, 60, { maxTokens: 30 });
    const limit = 1.0;
    const concurrency = 4;
    const run = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryFor(server, config), config, maxCost: limit, concurrency, cache: false });

    const stop = run.events.find((e): e is Extract<EvalEvent, { type: 'stopped' }> => e.type === 'stopped');
    assert.equal(stop?.reason, 'max-cost');
    assert.equal(run.meta.status, 'stopped');
    const sent = server.chatRequests().length;
    assert.equal(sent, run.records.length, 'each request sent has its record: none went out after the stop');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(server.chatRequests().length, sent, 'and none later');
    assert.ok(run.records.length > 0 && run.records.length < 60, `${run.records.length} of 60 ran`);

    const spent = run.records.reduce((n, r) => n + r.cost, 0);
    const maxCall = Math.max(...run.records.map((r) => r.cost));
    const estimate = estimateCallUsd(createCatalog(prices).lookup('openai/gpt-4o-mini'), [{ role: 'user', content: 'Question 59: what is the capital of Norway, and why is it there?' }], { maxTokens: 30 })!;
    assert.ok(spent <= limit, `spent $${spent} > $${limit}: estimates (maxTokens) bound every call`);
    assert.ok(spent > limit - (concurrency + 1) * estimate, `spent $${spent}: stopped earlier than the calls in flight explain`);
    assert.ok(maxCall <= estimate, 'the estimate is an upper bound of a call here');

    server.reset();
    const rest = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryFor(server, config), config, resume: run.meta.runId, cache: false });
    assert.equal(rest.meta.status, 'complete');
    assert.equal(rest.records.length, 60);
    assert.equal(server.chatRequests().length, 60 - run.records.length);
  });

  it('a fully cached rerun sends zero requests; the key is in no cache key and no file', async () => {
    const config = testConfig();
    const suite = questionSuite(ws.dir, 50);
    const first = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryFor(server, config, CANARY), config });
    assert.equal(server.chatRequests().length, 50);
    assert.equal(first.meta.estimate?.cachedCalls, 0);
    server.reset();

    // another key: the cache does not depend on it
    const second = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryFor(server, config, 'sk-other-key-000000000000000000'), config });
    assert.equal(server.chatRequests().length, 0, 'a cached rerun sends nothing');
    assert.equal(second.meta.estimate?.cachedCalls, 50);
    assert.equal(second.meta.estimate?.usd, 0);
    assert.ok(second.records.every((r) => r.cached && r.attempts === 0 && r.cost === 0));
    const outputs = (records: typeof first.records) => Object.fromEntries(records.map((r) => [r.caseId, r.output]));
    assert.deepEqual(outputs(second.records), outputs(first.records));
    assert.equal(second.summary.passed, first.summary.passed);

    const written = filesUnder(path.join(ws.dir, '.promptyard'));
    assert.ok(written.some((f) => f.includes(`${path.sep}cache${path.sep}`)) && written.some((f) => f.endsWith('results.jsonl')));
    for (const file of written) assert.ok(!readFileSync(file, 'utf8').includes(CANARY), `the key leaked into ${file}`);
    for (const r of server.requests) assert.equal(JSON.stringify(r.body).includes(CANARY), false);
  });

  it('--no-cache asks the model again', async () => {
    const config = testConfig();
    const suite = questionSuite(ws.dir, 10);
    await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryFor(server, config), config });
    await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryFor(server, config), config, cache: false });
    assert.equal(server.chatRequests().length, 20);
  });
});

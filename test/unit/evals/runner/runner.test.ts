import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ProviderError } from '../../../../src/core/errors';
import { runEval } from '../../../../src/core/evals/runner/runEval';
import { readRun, runsDir } from '../../../../src/core/evals/store/runStore';
import type { CaseRecord } from '../../../../src/core/evals/types';
import { config, registryOf, resultsOf, runToEnd, scriptedProvider, suiteOf, workspace } from './helpers';

async function stored(dir: string, runId: string): Promise<CaseRecord[]> {
  const out: CaseRecord[] = [];
  for await (const r of (await readRun(dir, runId)).records()) out.push(r);
  return out;
}

describe('runEval: the run, its events and its records', () => {
  let ws: ReturnType<typeof workspace>;
  beforeEach(() => (ws = workspace()));
  afterEach(() => ws.cleanup());

  it('runs prompts × models × cases × repeats once each, reports plan first and done last, and stores what it reports', async () => {
    const provider = scriptedProvider();
    const suite = suiteOf(ws.dir, { cases: 5, models: ['openai/gpt-4o-mini', 'openai/gpt-4o'] });
    const order: string[] = [];
    let meta;
    let summary;
    const records: CaseRecord[] = [];
    for await (const e of runEval({ workspace: ws.dir, suites: [suite], registry: registryOf(provider), config: config(), plan: { repeat: 2 } })) {
      order.push(e.type);
      if (e.type === 'result') records.push(e.record);
      if (e.type === 'done') ({ meta, summary } = e);
    }
    assert.equal(order[0], 'plan');
    assert.equal(order.at(-1), 'done');
    assert.equal(order.filter((t) => t === 'started').length, 20);
    assert.equal(provider.calls.length, 20);
    assert.equal(records.length, 20);
    assert.equal(new Set(records.map((r) => r.key)).size, 20);
    assert.deepEqual(new Set(records.map((r) => `${r.modelId}|${r.caseId}|${r.repeat}`)).size, 20);
    assert.equal(meta!.status, 'complete');
    assert.equal(meta!.total, 20);
    assert.equal(summary!.total, 20);
    assert.equal(summary!.passed, 20);
    assert.deepEqual(Object.values(summary!.stability!), Array(10).fill(1));
    const onDisk = await stored(ws.dir, meta!.runId);
    assert.deepEqual(onDisk.map((r) => r.key).sort(), records.map((r) => r.key).sort());
    const metaOnDisk = JSON.parse(readFileSync(path.join(runsDir(ws.dir), meta!.runId, 'meta.json'), 'utf8'));
    assert.equal(metaOnDisk.status, 'complete');
    assert.deepEqual(metaOnDisk.suites, ['greet.prompt.yml']);
    assert.equal(records[0]!.attempts, 1);
    assert.equal(records[0]!.output, `echo: Q${records[0]!.caseId.slice(1)}`);
  });

  it('records a case that cannot render, and a failed call with its typed error: never dropped', async () => {
    const provider = scriptedProvider('openai', (req) => {
      if (req.messages[0]!.content === 'Q1') throw new ProviderError('server', 'openai', 'openai server error (HTTP 500 after 3 attempts): boom', { status: 500, attempts: 3 });
      return 'ok echo';
    });
    const suite = suiteOf(ws.dir, { cases: [
      { id: 'good', vars: { i: '0' }, assert: [{ type: 'contains', value: 'echo' }] },
      { id: 'fails', vars: { i: '1' }, assert: [{ type: 'contains', value: 'echo' }] },
      { id: 'no-var', vars: {}, assert: [{ type: 'contains', value: 'echo' }] },
    ] });
    const { events, meta, summary } = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryOf(provider), config: config() });
    const byId = Object.fromEntries(resultsOf(events).map((r) => [r.caseId, r]));
    assert.equal(byId.good!.pass, true);
    assert.equal(byId.fails!.pass, false);
    assert.equal(byId.fails!.error?.kind, 'server');
    assert.match(byId.fails!.error!.message, /boom/);
    assert.equal(byId.fails!.attempts, 3, 'attempts from the error when the observer saw none');
    assert.equal(byId['no-var']!.error?.kind, 'render');
    assert.match(byId['no-var']!.error!.message, /i/);
    assert.equal(provider.calls.length, 2, 'nothing is sent for a case that does not render');
    assert.equal(meta.status, 'complete');
    assert.deepEqual([summary.passed, summary.failed, summary.errors], [1, 0, 2]);
  });

  it('an assertion that cannot be judged makes the case an assertion error', async () => {
    const suite = suiteOf(ws.dir, { cases: 1, assert: [{ type: 'no-such-assertion' }] });
    const { events } = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryOf(scriptedProvider()), config: config() });
    const [r] = resultsOf(events);
    assert.equal(r!.error?.kind, 'assertion');
    assert.match(r!.error!.message, /Unknown assertion type/);
  });

  it('--filter keeps only the matching work; the total says so', async () => {
    const provider = scriptedProvider();
    const suite = suiteOf(ws.dir, { cases: 10, models: ['openai/gpt-4o-mini', 'openai/gpt-4o'] });
    const { meta } = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryOf(provider), config: config(), plan: { filter: ['case:/^c[12]$/', 'model:mini'] } });
    assert.equal(meta.total, 2);
    assert.deepEqual(provider.calls.map((c) => `${c.request.model}:${c.request.messages[0]!.content}`).sort(), ['gpt-4o-mini:Q1', 'gpt-4o-mini:Q2']);
  });

  it('a --shard i/n split runs every case in exactly one shard, and the shards together are the whole run', async () => {
    const suite = suiteOf(ws.dir, { cases: 40, models: ['openai/gpt-4o-mini', 'openai/gpt-4o'] });
    const keys: string[][] = [];
    for (const shard of ['1/3', '2/3', '3/3']) {
      const { events, meta } = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryOf(scriptedProvider()), config: config(), shard, cache: false });
      assert.equal(meta.shard, shard);
      const records = resultsOf(events);
      keys.push(records.map((r) => r.key));
      // the models of a case stay together (a select-best group is never split)
      const byCase = new Map<string, number>();
      for (const r of records) byCase.set(r.caseId, (byCase.get(r.caseId) ?? 0) + 1);
      assert.ok([...byCase.values()].every((n) => n === 2));
    }
    const all = keys.flat();
    assert.equal(all.length, 80);
    assert.equal(new Set(all).size, 80);
    assert.ok(keys.every((k) => k.length > 10), keys.map((k) => k.length).join(','));
  });

  it('select-best: holds a case group until it is complete, then the grader picks one output', async () => {
    const provider = scriptedProvider('openai', (req) => {
      const text = req.messages.map((m) => m.content).join('\n');
      if (text.includes('Output 1:')) return '{"best": 2, "reason": "shorter"}';
      return req.model === 'gpt-4o' ? 'short' : 'a much longer answer';
    });
    const suite = suiteOf(ws.dir, { cases: 3, models: ['openai/gpt-4o-mini', 'openai/gpt-4o'], assert: [{ type: 'select-best', value: 'the shortest answer' }] });
    const { events, summary } = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryOf(provider), config: config() });
    const records = resultsOf(events);
    assert.equal(records.length, 6);
    for (const r of records) {
      assert.equal(r.results.length, 1);
      assert.equal(r.pass, r.modelId === 'openai/gpt-4o', `${r.modelId}: ${r.results[0]!.reason}`);
    }
    assert.equal(summary.passed, 3);
  });

  it('select-best: lists the outputs in plan order, not in the order the calls finished', async () => {
    const shown: string[] = [];
    const provider = scriptedProvider('openai', async (req) => {
      const text = req.messages.map((m) => m.content).join('\n');
      if (text.includes('Output 1:')) {
        shown.push(text);
        return '{"best": 1, "reason": "first"}';
      }
      // The first model of the plan answers last.
      if (req.model === 'gpt-4o-mini') await new Promise((resolve) => setTimeout(resolve, 30));
      return `answer of ${req.model}`;
    });
    const suite = suiteOf(ws.dir, { cases: 1, models: ['openai/gpt-4o-mini', 'openai/gpt-4o'], assert: [{ type: 'select-best', value: 'the best answer' }] });
    const { events } = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryOf(provider), config: config() });
    assert.match(shown[0]!, /Output 1:\n<<<\nanswer of gpt-4o-mini\n>>>\n\nOutput 2:\n<<<\nanswer of gpt-4o\n/);
    assert.deepEqual(resultsOf(events).map((r) => [r.modelId, r.pass]).sort(), [['openai/gpt-4o', false], ['openai/gpt-4o-mini', true]]);
  });
});

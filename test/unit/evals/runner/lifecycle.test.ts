// Stopping and going on: cancellation, --resume, --max-cost, the response cache, merge.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runEval } from '../../../../src/core/evals/runner/runEval';
import { mergeRuns } from '../../../../src/core/evals/store/merge';
import { readRun, runsDir } from '../../../../src/core/evals/store/runStore';
import type { CaseRecord, EvalEvent, RunSummary } from '../../../../src/core/evals/types';
import { createCatalog } from '../../../../src/core/providers/catalog';
import { config, registryOf, registryWith, resultsOf, runToEnd, scriptedProvider, suiteOf, workspace } from './helpers';

async function stored(dir: string, runId: string): Promise<CaseRecord[]> {
  const out: CaseRecord[] = [];
  for await (const r of (await readRun(dir, runId)).records()) out.push(r);
  return out;
}

/** A record as two runs of the same work must agree on: no times, no run-specific fields. */
function comparable(r: CaseRecord): Partial<CaseRecord> {
  const { finishedAt: _f, latencyMs: _l, ...rest } = r;
  return rest;
}

function comparableSummary(s: RunSummary): Partial<RunSummary> {
  const { runId: _r, durationMs: _d, ...rest } = s;
  return { ...rest, rows: s.rows.map(({ latencyP50: _a, latencyP95: _b, latencyHistogram: _c, ...row }) => row) };
}

const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);

describe('runEval: cancel, resume, budget, cache, merge', () => {
  let ws: ReturnType<typeof workspace>;
  beforeEach(() => (ws = workspace()));
  afterEach(() => ws.cleanup());

  it('cancelled mid-run: the run is left resumable, and --resume runs only what is missing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = scriptedProvider('openai', async (req, n) => {
      if (n > 5) await gate; // the first 5 answer at once, the rest hang until cancelled
      return `echo: ${req.messages[0]!.content}`;
    });
    const suite = suiteOf(ws.dir, { cases: 12 });
    const controller = new AbortController();
    const events: EvalEvent[] = [];
    for await (const e of runEval({ workspace: ws.dir, suites: [suite], registry: registryOf(slow), config: config(), concurrency: 3, signal: controller.signal, cache: false })) {
      events.push(e);
      if (resultsOf(events).length === 5) controller.abort(new Error('Ctrl-C'));
    }
    release();
    const done = events.at(-1) as Extract<EvalEvent, { type: 'done' }>;
    assert.equal(done.type, 'done');
    assert.equal(done.meta.status, 'cancelled');
    const stop = events.find((e) => e.type === 'stopped') as Extract<EvalEvent, { type: 'stopped' }>;
    assert.equal(stop.reason, 'cancelled');
    assert.match(stop.message, /5 of 12 cases finished, 7 left/);
    const finished = await stored(ws.dir, done.meta.runId);
    assert.equal(finished.length, 5, 'cancelled calls are not recorded');

    const fresh = scriptedProvider();
    const resumed = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryOf(fresh), config: config(), resume: done.meta.runId, cache: false });
    const plan = resumed.events[0] as Extract<EvalEvent, { type: 'plan' }>;
    assert.deepEqual([plan.pending, plan.skipped], [7, 5]);
    assert.equal(resumed.meta.runId, done.meta.runId);
    assert.equal(resumed.meta.status, 'complete');
    const sentAgain = fresh.calls.map((c) => c.request.messages[0]!.content).filter((q) => finished.some((r) => `Q${r.caseId.slice(1)}` === q));
    assert.deepEqual(sentAgain, [], 'a finished case is never sent again');
    assert.equal(fresh.calls.length, 7);
    const all = await stored(ws.dir, done.meta.runId);
    assert.equal(all.length, 12);
    assert.equal(new Set(all.map((r) => r.key)).size, 12);
    assert.equal(resumed.summary.total, 12, 'the summary covers the whole run');

    // the same work uninterrupted gives the same records and summary
    const other = workspace();
    try {
      const whole = await runToEnd({ workspace: other.dir, suites: [suiteOf(other.dir, { cases: 12 })], registry: registryOf(scriptedProvider()), config: config(), cache: false });
      const wholeRecords = await stored(other.dir, whole.meta.runId);
      const norm = (r: CaseRecord) => ({ ...comparable(r), suiteFile: path.basename(r.suiteFile) });
      assert.deepEqual(all.sort(byKey).map(norm), wholeRecords.sort(byKey).map(norm));
      assert.deepEqual(comparableSummary(resumed.summary), comparableSummary(whole.summary));
    } finally {
      other.cleanup();
    }
  });

  it('stopping to read the events cancels the run and leaves it resumable', async () => {
    const suite = suiteOf(ws.dir, { cases: 50 });
    let runId = '';
    for await (const e of runEval({ workspace: ws.dir, suites: [suite], registry: registryOf(scriptedProvider()), config: config(), concurrency: 1 })) {
      if (e.type === 'plan') runId = e.meta.runId;
      if (e.type === 'result') break;
    }
    const meta = JSON.parse(readFileSync(path.join(runsDir(ws.dir), runId, 'meta.json'), 'utf8'));
    assert.equal(meta.status, 'cancelled');
  });

  it('--resume refuses a run whose prompt or cases changed since it started', async () => {
    const suite = suiteOf(ws.dir, { cases: 3 });
    const { meta } = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryOf(scriptedProvider()), config: config() });
    const edited = { ...suite, cases: suite.cases.map((c, i) => (i === 1 ? { ...c, vars: { i: 'changed' } } : c)) };
    await assert.rejects(
      runToEnd({ workspace: ws.dir, suites: [edited], registry: registryOf(scriptedProvider()), config: config(), resume: meta.runId }),
      (e: Error & { exitCode?: number; hint?: string }) => e.exitCode === 2 && /cases of run .* changed/.test(e.message) && /new run/.test(e.hint ?? ''),
    );
    const newPrompt = { ...suite, prompts: [{ ...suite.prompts[0]!, sha256: 'other' }] };
    await assert.rejects(runToEnd({ workspace: ws.dir, suites: [newPrompt], registry: registryOf(scriptedProvider()), config: config(), resume: meta.runId }), /prompt greet changed/);
  });

  it('--max-cost stops before a call would pass the budget: nothing is sent after, the rest resumes later', async () => {
    const prices = { 'openai/gpt-4o-mini': { input: 1000, output: 1000 } };
    const catalog = createCatalog(prices);
    const provider = scriptedProvider('openai', undefined, catalog);
    const priced = config({ prices });
    const suite = suiteOf(ws.dir, { cases: 20, maxTokens: 10 });
    // each call is estimated at (2+4 input + 10 output) tokens × $0.001 = $0.016 and costs (100 + 10) × $0.001 = $0.11 here
    const { events, meta, summary } = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryWith(catalog, provider), config: priced, maxCost: 0.5, concurrency: 1, cache: false });
    const stop = events.find((e) => e.type === 'stopped') as Extract<EvalEvent, { type: 'stopped' }>;
    assert.equal(stop?.reason, 'max-cost');
    assert.match(stop.message, /budget of \$0\.5/);
    assert.equal(meta.status, 'stopped');
    assert.equal(provider.calls.length, resultsOf(events).length, 'every call sent has its record, none was sent after the stop');
    assert.ok(summary.cost <= 0.5 + 0.11 + 1e-9, `spent ${summary.cost}: more than one request past the limit`);
    assert.ok(summary.cost > 0.5 - 0.11, `stopped too early at ${summary.cost}`);
    const more = scriptedProvider('openai', undefined, catalog);
    const rest = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryWith(catalog, more), config: priced, resume: meta.runId, cache: false });
    assert.equal(rest.meta.status, 'complete');
    assert.equal(more.calls.length, 20 - provider.calls.length);
  });

  it('a cached rerun sends nothing; errors are never cached; --repeat asks again per repeat', async () => {
    const flaky = scriptedProvider('openai', (req) => {
      if (req.messages[0]!.content === 'Q0') throw new Error('connection reset');
      return `echo: ${req.messages[0]!.content}`;
    });
    const suite = suiteOf(ws.dir, { cases: 4 });
    const first = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryOf(flaky), config: config(), plan: { repeat: 2 } });
    assert.equal(flaky.calls.length, 8, 'each repeat is its own call');
    assert.equal(first.meta.estimate?.cachedCalls, 0);
    const again = scriptedProvider();
    const second = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryOf(again), config: config(), plan: { repeat: 2 } });
    assert.deepEqual(again.calls.map((c) => c.request.messages[0]!.content), ['Q0', 'Q0'], 'only the failed case is asked again');
    assert.equal(second.meta.estimate?.cachedCalls, 6);
    const records = resultsOf(second.events);
    assert.equal(records.filter((r) => r.cached).length, 6);
    for (const r of records.filter((x) => x.cached)) {
      assert.equal(r.cost, 0);
      assert.equal(r.attempts, 0);
      assert.equal(r.output, `echo: Q${r.caseId.slice(1)}`);
    }
    const third = scriptedProvider();
    await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryOf(third), config: config(), plan: { repeat: 2 }, cache: false });
    assert.equal(third.calls.length, 8, '--no-cache asks again');
  });

  it('merge: shards joined equal the unsharded run; a shard merged twice counts once; other work is refused', async () => {
    const suite = suiteOf(ws.dir, { cases: 30 });
    const run = (extra: object) => runToEnd({ workspace: ws.dir, suites: [suite], registry: registryOf(scriptedProvider()), config: config(), cache: false, ...extra });
    const whole = await run({});
    const a = await run({ shard: '1/2' });
    const b = await run({ shard: '2/2' });
    const merged = await mergeRuns(ws.dir, [a.meta.runId, b.meta.runId, a.meta.runId]);
    assert.equal(merged.duplicates, a.summary.total);
    assert.equal(merged.meta.status, 'complete');
    assert.equal(merged.meta.total, 30);
    assert.deepEqual(merged.meta.mergedFrom, [a.meta.runId, b.meta.runId, a.meta.runId]);
    const mergedRecords = await stored(ws.dir, merged.meta.runId);
    const wholeRecords = await stored(ws.dir, whole.meta.runId);
    assert.deepEqual(mergedRecords.sort(byKey).map(comparable), wholeRecords.sort(byKey).map(comparable));
    assert.deepEqual(comparableSummary(merged.summary), comparableSummary(whole.summary));

    const partial = await mergeRuns(ws.dir, [a.meta.runId]);
    assert.equal(partial.meta.status, 'stopped');
    assert.match(partial.meta.stoppedReason!, /shards 2\/2 are missing/);

    const other = await runToEnd({ workspace: ws.dir, suites: [suiteOf(ws.dir, { cases: 30, id: 'other' })], registry: registryOf(scriptedProvider()), config: config(), shard: '2/2' });
    await assert.rejects(mergeRuns(ws.dir, [a.meta.runId, other.meta.runId]), (e: Error & { exitCode?: number }) => e.exitCode === 2 && /not shards of one run/.test(e.message));
  });

  it('a run directory copied elsewhere (a CI artifact) can be merged by path', async () => {
    const suite = suiteOf(ws.dir, { cases: 4 });
    const a = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryOf(scriptedProvider()), config: config(), shard: '1/2' });
    const b = await runToEnd({ workspace: ws.dir, suites: [suite], registry: registryOf(scriptedProvider()), config: config(), shard: '2/2' });
    const dirA = path.join(runsDir(ws.dir), a.meta.runId);
    const merged = await mergeRuns(ws.dir, [dirA, b.meta.runId]);
    assert.equal(merged.summary.total, 4);
    writeFileSync(path.join(dirA, 'meta.json'), '{broken');
    await assert.rejects(mergeRuns(ws.dir, [dirA, b.meta.runId]), /not valid JSON/);
  });
});

import * as assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { percentile } from '../../../../bench/report';
import { LatencySketch, niceBounds } from '../../../../src/core/evals/reports/latencySketch';
import { createSummaryAccumulator } from '../../../../src/core/evals/reports/summary';
import type { CaseRecord } from '../../../../src/core/evals/types';
import { fixtureRun } from './fixtureRun';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
}

function record(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return {
    key: 'k',
    promptId: 'p',
    modelId: 'openai/gpt-4o-mini',
    caseId: '1',
    repeat: 0,
    promptSha256: 'x',
    suiteFile: 's.prompt.yml',
    vars: {},
    pass: true,
    score: 1,
    results: [],
    cost: 0,
    cached: false,
    finishedAt: '2025-01-01T00:00:00Z',
    ...overrides,
  };
}

describe('reports: latency sketch', () => {
  const distributions: [string, (r: () => number) => number][] = [
    ['uniform 50..5,000 ms', (r) => 50 + r() * 4950],
    ['log-normal around 800 ms', (r) => 800 * Math.exp(0.6 * Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r()))],
    ['bimodal cache hits and slow calls', (r) => (r() < 0.3 ? 2 + r() * 3 : 2000 + r() * 8000)],
  ];
  for (const [name, sample] of distributions) {
    it(`matches exact nearest-rank percentiles within 2% for ${name}`, () => {
      const random = lcg(7);
      const values = Array.from({ length: 20_000 }, () => sample(random));
      const sketch = new LatencySketch();
      for (const v of values) sketch.add(v);
      for (const q of [0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1]) {
        const exact = percentile(values, q * 100);
        const estimate = sketch.quantile(q)!;
        assert.ok(Math.abs(estimate - exact) / exact <= 0.02, `${name} q=${q}: ${estimate} vs ${exact}`);
      }
      assert.equal(sketch.min, Math.min(...values));
      assert.equal(sketch.max, Math.max(...values));
    });
  }

  it('handles the edges: empty, one value, zero, non-finite and very large values', () => {
    const sketch = new LatencySketch();
    assert.equal(sketch.quantile(0.5), undefined);
    sketch.add(Number.NaN);
    sketch.add(Number.POSITIVE_INFINITY);
    assert.equal(sketch.count, 0);
    sketch.add(0);
    assert.equal(sketch.quantile(0.5), 0);
    const big = new LatencySketch();
    big.add(5e9);
    assert.equal(big.quantile(0.95), 5e9, 'clamped to the exact max');
  });

  it('splits into histograms whose counts add up, on round bounds', () => {
    const sketch = new LatencySketch();
    const random = lcg(3);
    for (let i = 0; i < 1000; i++) sketch.add(100 + random() * 1900);
    const bounds = niceBounds(sketch.min!, sketch.max!);
    assert.ok(bounds[0]! <= sketch.min! && bounds.at(-1)! >= sketch.max!);
    const steps = new Set(bounds.slice(1).map((b, i) => +(b - bounds[i]!).toFixed(6)));
    assert.equal(steps.size, 1, `equal bins: ${bounds.join(',')}`);
    assert.ok(bounds.length >= 8 && bounds.length <= 16, `about a dozen bins: ${bounds.length - 1}`);
    const { counts } = sketch.histogram(bounds);
    assert.equal(counts.reduce((a, b) => a + b, 0), 1000);
    assert.deepEqual(niceBounds(500, 500).length, 2, 'one value gives one bin');
  });
});

describe('reports: summary accumulator', () => {
  it('sums each prompt version × model: counts, pass rate, score, tokens, cost; rows sorted', () => {
    const { summary } = fixtureRun();
    assert.deepEqual(
      summary.rows.map((r) => `${r.promptVersion} ${r.modelId}`),
      [
        '1.0.0 anthropic/claude-haiku-4-5',
        '1.0.0 ollama/llama3.2',
        '1.0.0 openai/gpt-4o-mini',
        '1.1.0 anthropic/claude-haiku-4-5',
        '1.1.0 ollama/llama3.2',
        '1.1.0 openai/gpt-4o-mini',
      ],
    );
    const ollama = summary.rows[1]!;
    assert.deepEqual([ollama.cases, ollama.passed, ollama.failed, ollama.errors], [6, 4, 2, 0]);
    assert.equal(ollama.passRate, 4 / 6);
    assert.equal(ollama.meanScore, (4 * 1 + 2 * 0.25) / 6);
    assert.equal(ollama.cost, 0);
    const haiku11 = summary.rows[3]!;
    assert.deepEqual([haiku11.passed, haiku11.failed, haiku11.errors], [5, 0, 1], 'a typed error is an error, not a failure');
    assert.equal(haiku11.inputTokens, 121 + 122 + 123 + 124 + 125 + 126);
    assert.deepEqual([summary.total, summary.passed, summary.failed, summary.errors], [36, 29, 5, 2]);
    assert.equal(summary.durationMs, 12_345);
    assert.equal(summary.runId, 'run-2025-05-01-abc123');
    assert.ok(Math.abs(summary.cost - summary.rows.reduce((t, r) => t + r.cost, 0)) < 1e-12);
  });

  it('is the same whatever order the records come in (a resumed run reports what an uninterrupted one does)', () => {
    const { records, summary } = fixtureRun();
    const random = lcg(11);
    for (let round = 0; round < 5; round++) {
      const shuffled = [...records].sort(() => random() - 0.5);
      const acc = createSummaryAccumulator();
      for (const r of shuffled) acc.add(r);
      assert.deepEqual(acc.summary({ runId: summary.runId }, summary.durationMs), summary);
    }
  });

  it('leaves cached results out of latency and gives every row the same histogram bounds', () => {
    const acc = createSummaryAccumulator();
    acc.add(record({ latencyMs: 100 }));
    acc.add(record({ latencyMs: 900_000, cached: true }));
    acc.add(record({ modelId: 'x/m', latencyMs: 2000 }));
    acc.add(record({ modelId: 'y/m', error: { kind: 'network', message: 'down' }, pass: false }));
    const { rows } = acc.summary({ runId: 'r' }, 1);
    assert.equal(rows[0]!.latencyP95, 100);
    assert.equal(rows[0]!.latencyHistogram!.counts.reduce((a, b) => a + b, 0), 1);
    assert.deepEqual(rows[0]!.latencyHistogram!.bounds, rows[1]!.latencyHistogram!.bounds);
    assert.equal(rows[2]!.latencyP50, undefined);
    assert.equal(rows[2]!.latencyHistogram, undefined);
  });

  it('lists failures in key order, bounded, with the reason a person needs and where the case is written', () => {
    const acc = createSummaryAccumulator({ maxFailures: 3 });
    for (const id of ['10', '9', '2', '1', '30']) {
      acc.add(
        record({
          key: id,
          caseId: id,
          pass: false,
          score: 0,
          location: { file: '/w/s.prompt.yml', line: Number(id), column: 3 },
          results: [
            { pass: true, score: 1, reason: 'fine', assertion: 'contains' },
            { pass: false, score: 0, reason: '', assertion: 'assert-set', componentResults: [{ pass: false, score: 0, reason: `regex missed in ${id}`, assertion: 'regex' }] },
          ],
        }),
      );
    }
    const summary = acc.summary({ runId: 'r' }, 1);
    assert.deepEqual(summary.failures!.map((f) => f.caseId), ['1', '2', '9'], 'numeric key order');
    assert.equal(summary.failuresOmitted, 2);
    assert.deepEqual(summary.failures![0], {
      key: '1',
      promptId: 'p',
      modelId: 'openai/gpt-4o-mini',
      caseId: '1',
      repeat: 0,
      suiteFile: 's.prompt.yml',
      location: { file: '/w/s.prompt.yml', line: 1, column: 3 },
      status: 'failed',
      assertion: 'regex',
      reason: 'regex missed in 1',
    });
  });

  it('tracks stability per case when repeats are on', () => {
    const { summary } = fixtureRun({ repeats: 3 });
    assert.equal(summary.total, 108);
    const stability = summary.stability!;
    assert.equal(Object.keys(stability).length, 36);
    assert.equal(stability['greet@1.0.0|openai/gpt-4o-mini|case-4'], 2 / 3);
    assert.equal(stability['greet@1.0.0|openai/gpt-4o-mini|case-1'], 1);
    assert.equal(stability['greet@1.0.0|openai/gpt-4o-mini|case-2'], 0);
    assert.equal(fixtureRun().summary.stability, undefined, 'no stability without repeats');
  });

  it('keeps constant memory over 100,000 records (a leak of one string per record would show)', function () {
    this.timeout(60_000);
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const heap = (): number => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const make = (i: number): CaseRecord =>
      record({
        key: `greet|m${i % 4}|case-${i}|0`,
        modelId: `provider/model-${i % 4}`,
        promptVersion: `1.${i % 3}.0`,
        caseId: `case-${i}`,
        pass: i % 7 !== 0,
        score: (i % 10) / 10,
        latencyMs: 50 + ((i * 7919) % 5000),
        usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 0 },
        cost: 0.0001,
        vars: { text: `input number ${i} `.repeat(20) },
        output: `output number ${i} `.repeat(20),
      });
    const acc = createSummaryAccumulator();
    for (let i = 0; i < 1000; i++) acc.add(make(i));
    const before = heap();
    for (let i = 1000; i < 100_000; i++) acc.add(make(i));
    const grown = heap() - before;
    const summary = acc.summary({ runId: 'r' }, 1);
    assert.equal(summary.total, 100_000);
    assert.equal(summary.rows.length, 12);
    assert.equal(summary.failures!.length, 50);
    assert.equal(summary.failed + summary.errors, 50 + summary.failuresOmitted!);
    if (process.env.REPORT_MEMORY) process.stderr.write(`heap growth: ${grown} bytes\n`);
    assert.ok(grown < 400_000, `heap grew ${grown} bytes over 99,000 records`);

    // The measurement can see a leak: keeping one short string per record grows far past the bound.
    const leak: string[] = [];
    const start = heap();
    for (let i = 0; i < 99_000; i++) leak.push(`case-${i}`);
    assert.ok(heap() - start > 400_000 && leak.length === 99_000, 'control: a per-record leak is measurable');
  });
});

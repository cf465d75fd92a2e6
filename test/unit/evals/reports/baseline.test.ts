import * as assert from 'node:assert/strict';
import { baselineCounts, baselineStatusByKey, compareWithBaseline } from '../../../../src/core/evals/reports/baseline';
import type { CaseRecord } from '../../../../src/core/evals/types';

function rec(caseId: string, pass: boolean, extra: Partial<CaseRecord> = {}): CaseRecord {
  const version = extra.promptVersion ?? '1';
  const modelId = extra.modelId ?? 'openai/gpt-4o-mini';
  const repeat = extra.repeat ?? 0;
  return {
    key: `p@${version}|${modelId}|${caseId}|${repeat}`,
    promptId: 'p',
    promptVersion: version,
    modelId,
    caseId,
    repeat,
    promptSha256: 'x',
    suiteFile: 's',
    vars: {},
    pass,
    score: pass ? 1 : 0,
    results: [],
    cost: 0,
    cached: false,
    finishedAt: '2025-01-01T00:00:00Z',
    ...extra,
  };
}

async function* stream<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

describe('reports: baseline comparison', () => {
  it('marks fixed, broken, unchanged, new and removed per case, matching across prompt versions', async () => {
    const baseline = [rec('1', false), rec('2', true), rec('3', true), rec('4', false), rec('gone', true)];
    const current = [
      rec('1', true, { promptVersion: '2' }),
      rec('2', false, { promptVersion: '2' }),
      rec('3', true, { promptVersion: '2' }),
      rec('4', false, { promptVersion: '2' }),
      rec('fresh', true, { promptVersion: '2' }),
    ];
    const result = await compareWithBaseline(stream(current), stream(baseline), { baselineRunId: 'r1' });
    assert.deepEqual(baselineCounts(result), { fixed: 1, broken: 1, unchanged: 2, new: 1, removed: 1 });
    assert.deepEqual(result.fixed[0], {
      matchKey: 'p|openai/gpt-4o-mini|1|0',
      key: 'p@2|openai/gpt-4o-mini|1|0',
      promptId: 'p',
      modelId: 'openai/gpt-4o-mini',
      caseId: '1',
      repeat: 0,
      currentVersion: '2',
      baselineVersion: '1',
      pass: true,
      baselinePass: false,
    });
    assert.deepEqual(result.unchanged.map((u) => [u.caseId, u.pass]), [['3', true], ['4', false]]);
    assert.equal(result.removed[0]!.caseId, 'gone');
    assert.equal(result.removed[0]!.key, undefined);
    assert.equal(result.baselineRunId, 'r1');
    const index = baselineStatusByKey(result);
    assert.equal(index.get('p@2|openai/gpt-4o-mini|2|0'), 'broken');
    assert.equal(index.get('p@2|openai/gpt-4o-mini|fresh|0'), 'new');
  });

  it('keeps models and repeats apart, and counts an error as a failure', async () => {
    const baseline = [rec('1', true), rec('1', true, { modelId: 'anthropic/claude-haiku-4-5' }), rec('1', true, { repeat: 1 })];
    const current = [
      rec('1', true),
      rec('1', true, { modelId: 'anthropic/claude-haiku-4-5', error: { kind: 'timeout', message: 'slow' } }),
      rec('1', true, { repeat: 1 }),
    ];
    const result = await compareWithBaseline(current, baseline);
    assert.deepEqual(baselineCounts(result), { fixed: 0, broken: 1, unchanged: 2, new: 0, removed: 0 });
    assert.equal(result.broken[0]!.modelId, 'anthropic/claude-haiku-4-5');
  });

  it('prefers the same version when both runs hold several, else the baseline’s last version', async () => {
    const baseline = [rec('1', false, { promptVersion: '1.9' }), rec('1', true, { promptVersion: '1.10' })];
    const current = [rec('1', true, { promptVersion: '1.9' }), rec('1', false, { promptVersion: '2.0' })];
    const result = await compareWithBaseline(current, baseline);
    assert.deepEqual(result.fixed.map((f) => [f.currentVersion, f.baselineVersion]), [['1.9', '1.9']]);
    assert.deepEqual(result.broken.map((f) => [f.currentVersion, f.baselineVersion]), [['2.0', '1.10']], '1.10 is after 1.9');
    assert.equal(result.removed.length, 0);
  });

  it('lists every status in case order whatever order the records came in', async () => {
    const ids = ['10', '2', '1', '33', '3'];
    const result = await compareWithBaseline(ids.map((id) => rec(id, true)), []);
    assert.deepEqual(result.new.map((n) => n.caseId), ['1', '2', '3', '10', '33']);
  });
});

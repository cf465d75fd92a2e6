import * as assert from 'node:assert/strict';
import { compareWithBaseline } from '../../../../src/core/evals/reports/baseline';
import { JSON_REPORT_VERSION, renderJsonReport, type JsonReport } from '../../../../src/core/evals/reports/json';
import { collectText } from '../../../../src/core/evals/reports/reportInput';
import { registerSecret } from '../../../../src/core/redact';
import type { CaseRecord } from '../../../../src/core/evals/types';
import { fixtureRun } from './fixtureRun';

describe('reports: JSON', () => {
  it('holds version, meta, summary and every record, and parses back to them', async () => {
    const run = fixtureRun({ hostile: { port: 1 } });
    const text = await collectText(renderJsonReport(run));
    const report = JSON.parse(text) as JsonReport;
    assert.equal(report.version, JSON_REPORT_VERSION);
    assert.equal(report.generator, 'promptyard');
    assert.deepEqual(Object.keys(report), ['version', 'generator', 'meta', 'summary', 'records']);
    assert.deepEqual(report.meta, run.meta);
    assert.deepEqual(report.summary, run.summary);
    assert.deepEqual(report.records, JSON.parse(JSON.stringify(run.records)));
    assert.ok(text.startsWith('{\n  "version": 1,'), 'the version comes first so a reader can check it before the rest');
    assert.equal(text.split('\n').filter((l) => l.startsWith('    {"key":')).length, run.records.length, 'one record per line');
  });

  it('includes the baseline comparison when given, and is valid JSON with no records', async () => {
    const run = fixtureRun();
    const baseline = await compareWithBaseline(run.records, run.records.slice(0, 10), { baselineRunId: 'old' });
    const report = JSON.parse(await collectText(renderJsonReport({ ...run, records: [], baseline }))) as JsonReport;
    assert.deepEqual(report.records, []);
    assert.equal(report.baseline!.baselineRunId, 'old');
    // 10 baseline cases match both prompt versions (matching ignores the version): 36 - 2 × 10 are new.
    assert.equal(report.baseline!.new.length, 16);
  });

  it('streams: the first records are written before the source has been read to the end', async () => {
    const run = fixtureRun();
    let pulled = 0;
    async function* source(): AsyncGenerator<CaseRecord> {
      for (const r of run.records) {
        pulled += 1;
        yield r;
      }
    }
    const chunks = renderJsonReport({ ...run, records: source() });
    const seen: string[] = [];
    for await (const chunk of chunks) {
      seen.push(chunk);
      if (chunk.includes('"caseId":"case-2"')) break;
    }
    assert.ok(pulled < run.records.length, `pulled ${pulled} of ${run.records.length}`);
  });

  it('never writes an API key, even one a model repeated', async () => {
    const run = fixtureRun();
    const key = 'sk-proj-abcdefghijklmnop0123456789ABCD';
    registerSecret('my-registered-secret-value');
    const records = run.records.map((r, i) => (i === 3 ? { ...r, output: `your key is ${key}`, vars: { token: 'my-registered-secret-value' } } : r));
    const text = await collectText(renderJsonReport({ ...run, meta: { ...run.meta, origin: `promptyard eval --key ${key}` }, records }));
    assert.ok(!text.includes(key) && !text.includes('my-registered-secret-value'));
    assert.ok(text.includes('[REDACTED]'));
    JSON.parse(text);
  });
});

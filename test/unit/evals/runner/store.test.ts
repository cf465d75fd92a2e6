import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JsonlAppender, readJsonl, type JsonlReadStats } from '../../../../src/core/evals/store/jsonl';
import { createRun, isRunId, latestRun, listRuns, newRunId, readRun, resumeRun, runDir, runsDir } from '../../../../src/core/evals/store/runStore';
import type { CaseRecord, RunMeta } from '../../../../src/core/evals/types';
import { workspace } from './helpers';

const meta = (runId: string, createdAt: string): RunMeta => ({ runId, createdAt, origin: 'test', suites: ['s.prompt.yml'], promptVersions: [], models: ['openai/x'], total: 3, status: 'running' });
const record = (key: string): CaseRecord => ({ key, promptId: 'p', modelId: 'openai/x', caseId: key, repeat: 0, promptSha256: 'h', suiteFile: 's', vars: {}, pass: true, score: 1, results: [], cost: 0.01, cached: false, finishedAt: '2026-01-01T00:00:00Z' });

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('run store', () => {
  let ws: ReturnType<typeof workspace>;
  beforeEach(() => (ws = workspace()));
  afterEach(() => ws.cleanup());

  it('run ids sort by time and are safe folder names', () => {
    const a = newRunId(new Date('2026-03-14T10:15:02Z'));
    assert.match(a, /^20260314-101502-[0-9a-f]{6}$/);
    assert.ok(newRunId(new Date('2026-03-14T10:15:03Z')) > a);
    assert.ok(isRunId(a));
    for (const bad of ['../x', '', '.hidden', 'a/b', 'a b']) assert.equal(isRunId(bad), false, bad);
    assert.equal(runDir('/w', a), path.join(runsDir('/w'), a));
    assert.equal(runDir('/w', './artifacts/shard-1'), path.resolve('/w', 'artifacts/shard-1'));
  });

  it('appends lines that are in the file once their promise resolves, batched into few writes', async () => {
    const file = path.join(ws.dir, 'r.jsonl');
    const appender = await JsonlAppender.open(file, { batchMs: 5 });
    const writes = Array.from({ length: 100 }, (_, i) => appender.append({ i }));
    await writes[0];
    assert.ok(readFileSync(file, 'utf8').includes('{"i":0}\n'), 'the first line is readable once reported written');
    await Promise.all(writes);
    await appender.close();
    assert.deepEqual((await all(readJsonl<{ i: number }>(file))).map((x) => x.i), Array.from({ length: 100 }, (_, i) => i));
  });

  it('reads a torn last line as no record, says where the good lines end, and resuming cuts it off', async () => {
    const dir = path.join(runsDir(ws.dir), 'r1');
    const writer = await createRun(dir, meta('r1', '2026-01-01T00:00:00Z'));
    await writer.append(record('a'));
    await writer.append(record('b'));
    await writer.close();
    const file = path.join(dir, 'results.jsonl');
    const goodBytes = readFileSync(file).length;
    appendFileSync(file, '{"key":"c","promptId":"p","pass":tr');
    const stats: JsonlReadStats = { validEnd: 0, badLines: [], tornTail: false };
    assert.deepEqual((await all(readJsonl<CaseRecord>(file, stats))).map((r) => r.key), ['a', 'b']);
    assert.deepEqual(stats, { validEnd: goodBytes, badLines: [3], tornTail: true });

    const seen: string[] = [];
    const resumed = await resumeRun(dir, (r) => seen.push(r.key));
    assert.deepEqual(seen, ['a', 'b']);
    assert.equal(readFileSync(file).length, goodBytes, 'the torn line is cut off');
    await resumed.writer.append(record('c'));
    await resumed.writer.close();
    assert.deepEqual((await all((await readRun(ws.dir, 'r1')).records())).map((r) => r.key), ['a', 'b', 'c']);
  });

  it('skips a damaged line in the middle and reads on', async () => {
    const file = path.join(ws.dir, 'x.jsonl');
    writeFileSync(file, '{"a":1}\nnot json\n\n{"a":2}\n');
    const stats: JsonlReadStats = { validEnd: 0, badLines: [], tornTail: false };
    assert.deepEqual(await all(readJsonl(file, stats)), [{ a: 1 }, { a: 2 }]);
    assert.deepEqual(stats.badLines, [2]);
    assert.equal(stats.tornTail, false);
    assert.deepEqual(await all(readJsonl(path.join(ws.dir, 'missing.jsonl'))), []);
  });

  it('reads lines longer than a read chunk', async () => {
    const file = path.join(ws.dir, 'big.jsonl');
    const big = 'x'.repeat(3 * 1024 * 1024);
    writeFileSync(file, `${JSON.stringify({ big })}\n${JSON.stringify({ n: 2 })}\n`);
    const values = await all(readJsonl<{ big?: string; n?: number }>(file));
    assert.equal(values[0]!.big!.length, big.length);
    assert.equal(values[1]!.n, 2);
  });

  it('meta.json is replaced whole (no temp file left behind), and runs list newest first', async () => {
    for (const [id, at] of [['r-old', '2026-01-01T00:00:00Z'], ['r-new', '2026-02-01T00:00:00Z'], ['r-mid', '2026-01-15T00:00:00Z']] as const) {
      const w = await createRun(path.join(runsDir(ws.dir), id), meta(id, at));
      await w.writeMeta({ ...meta(id, at), status: 'complete' });
      await w.close();
    }
    mkdirSync(path.join(runsDir(ws.dir), 'not-a-run'));
    assert.deepEqual((await listRuns(ws.dir)).map((m) => m.runId), ['r-new', 'r-mid', 'r-old']);
    assert.equal((await latestRun(ws.dir))?.runId, 'r-new');
    assert.deepEqual(readdirSync(path.join(runsDir(ws.dir), 'r-new')).sort(), ['meta.json', 'results.jsonl']);
    assert.equal((await readRun(ws.dir, 'r-new')).meta.status, 'complete');
  });

  it('an unknown run is bad input that says how to list the runs', async () => {
    await assert.rejects(readRun(ws.dir, 'nope'), (e: Error & { exitCode?: number; hint?: string }) => e.exitCode === 2 && /no eval run/.test(e.message) && /--list/.test(e.hint ?? ''));
    assert.equal(await latestRun(ws.dir), undefined);
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import type { CheckReport } from '../../../../src/core/prompts/registry/check';
import { CLASSIFY, makeWorkspace, type Workspace } from './helpers';

const LOCK = 'prompts/prompts.lock.json';
const SNAP = 'prompts/.versions/summarize/1.0.0.prompt.yml';

function only(report: CheckReport, code: string) {
  assert.equal(report.ok, false, 'check must fail');
  assert.deepEqual(report.problems.map((p) => p.code), [code], JSON.stringify(report.problems, null, 2));
  return report.problems[0]!;
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('registry check', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = makeWorkspace();
    await ws.registry.release('prompts/summarize.prompt.yml');
    ws.write('prompts/summarize.prompt.yml', ws.read('prompts/summarize.prompt.yml').replace('0.3', '0.6'));
    await ws.registry.release('prompts/summarize.prompt.yml');
    await ws.registry.label('summarize', 'production', '1.0.1');
  });
  afterEach(() => ws.cleanup());

  it('passes on a consistent workspace and counts what it checked', async () => {
    const report = await ws.registry.check({ strict: true });
    assert.deepEqual(report.problems, []);
    assert.equal(report.ok, true);
    assert.deepEqual({ ...report.stats, ms: 0 }, { prompts: 1, versions: 2, promptFiles: 2, ms: 0 });
    assert.deepEqual(report.notes, ['1 prompt file has never been released']);
  });

  it('an edited snapshot: names it and says to restore it or release a new version', async () => {
    ws.write(SNAP, ws.read(SNAP).replace('Summarize', 'Summarise'));
    const p = only(await ws.registry.check(), 'snapshot-edited');
    assert.equal(p.file, SNAP);
    assert.match(p.hint, /git checkout -- prompts\/\.versions\/summarize\/1\.0\.0\.prompt\.yml/);
    assert.match(p.hint, /release a new version/);
  });

  it('a snapshot with CRLF line endings is not an edit', async () => {
    ws.write(SNAP, ws.read(SNAP).replace(/\n/g, '\r\n'));
    assert.equal((await ws.registry.check()).ok, true);
  });

  it('a missing snapshot', async () => {
    rmSync(ws.file(SNAP));
    const p = only(await ws.registry.check(), 'snapshot-missing');
    assert.equal(p.file, SNAP);
    assert.match(p.hint, /git checkout --/);
  });

  it('a snapshot with no lock record', async () => {
    ws.write('prompts/.versions/summarize/9.0.0.prompt.yml', ws.read(SNAP));
    const p = only(await ws.registry.check(), 'snapshot-orphan');
    assert.equal(p.file, 'prompts/.versions/summarize/9.0.0.prompt.yml');
    assert.match(p.hint, /Delete it|restore the lock file/);
  });

  it('a lock record for a prompt file that does not exist', async () => {
    rmSync(ws.file('prompts/summarize.prompt.yml'));
    const p = only(await ws.registry.check(), 'prompt-file-missing');
    assert.equal(p.file, 'prompts/summarize.prompt.yml');
    assert.match(p.hint, /git checkout -- prompts\/summarize\.prompt\.yml/);
  });

  it('a label pointing at a version that does not exist, located in the lock file', async () => {
    ws.write(LOCK, ws.read(LOCK).replace('"production": "1.0.1"', '"production": "3.0.0"'));
    const p = only(await ws.registry.check(), 'label-dangling');
    assert.equal(p.file, LOCK);
    assert.equal(p.line, ws.read(LOCK).split('\n').findIndex((l) => l.includes('"production": "3.0.0"')) + 1);
    assert.match(p.hint, /prompts label summarize production <version>/);
  });

  it('two prompt files with the same id', async () => {
    ws.write('prompts/copy/summarize.prompt.yml', CLASSIFY);
    const p = only(await ws.registry.check(), 'duplicate-id');
    assert.match(p.message, /prompts\/copy\/summarize\.prompt\.yml and prompts\/summarize\.prompt\.yml both have the id summarize/);
    assert.match(p.hint, /`id:`/);
  });

  it('a prompt file whose id changed', async () => {
    ws.write('prompts/summarize.prompt.yml', `id: summary\n${ws.read('prompts/summarize.prompt.yml')}`);
    const p = only(await ws.registry.check(), 'prompt-id-changed');
    assert.match(p.message, /records this file as summarize, but its id is now summary/);
  });

  it('a lock file that is not valid JSON: names the file, the line and the repair', async () => {
    ws.write(LOCK, ws.read(LOCK).replace('"lockfileVersion": 1,', '"lockfileVersion": 1'));
    const p = only(await ws.registry.check(), 'lock-invalid-json');
    assert.equal(p.file, LOCK);
    assert.equal(p.line, 3);
    assert.match(p.message, /not valid JSON/);
    assert.match(p.hint, /git checkout -- prompts\/prompts\.lock\.json/);
  });

  it('a lock file that does not match its schema', async () => {
    ws.write(LOCK, ws.read(LOCK).replace('"file": "prompts/summarize.prompt.yml"', '"file": "../outside.prompt.yml"'));
    const p = only(await ws.registry.check(), 'lock-schema');
    assert.match(p.message, /\/prompts\/summarize\/file has an invalid value/);
    assert.equal(p.line, 5);
  });

  it('--strict: a prompt file with unreleased changes', async () => {
    ws.write('prompts/summarize.prompt.yml', ws.read('prompts/summarize.prompt.yml').replace('0.6', '0.7'));
    assert.equal((await ws.registry.check()).ok, true, 'not without --strict');
    const p = only(await ws.registry.check({ strict: true }), 'unreleased-changes');
    assert.equal(p.file, 'prompts/summarize.prompt.yml');
    assert.match(p.hint, /prompts release prompts\/summarize\.prompt\.yml/);
  });

  it('ignores temp files; excuses what an interrupted writer left and the next writer cleans it up', async () => {
    ws.write('prompts/.prompts.lock.json.123.abcdef01.tmp', '{"half":');
    ws.write('prompts/.versions/summarize/1.0.2.prompt.yml', ws.read('prompts/summarize.prompt.yml'));
    const journal = { pid: deadPid(), host: hostname(), at: '2025-01-01T00:00:00.000Z', op: 'release', token: 'x', pending: ['prompts/.versions/summarize/1.0.2.prompt.yml', LOCK, 'prompts/summarize.prompt.yml'] };
    ws.write('prompts/.prompts.lock.json.lock', JSON.stringify(journal));
    const report = await ws.registry.check({ strict: true });
    assert.deepEqual(report.problems, []);
    assert.match(report.notes.join('\n'), /a writer died holding the lock/);
    await ws.registry.label('summarize', 'staging', '1.0.0');
    assert.ok(!existsSync(ws.file('prompts/.versions/summarize/1.0.2.prompt.yml')), 'the unrecorded snapshot is removed');
    assert.deepEqual(readdirSync(ws.file('prompts')).filter((n) => n.startsWith('.prompts.lock')), [], 'no lock, journal or temp file left');
    const after = await ws.registry.check({ strict: true });
    assert.equal(after.ok, true);
    assert.deepEqual(after.notes, ['1 prompt file has never been released']);
  });
});

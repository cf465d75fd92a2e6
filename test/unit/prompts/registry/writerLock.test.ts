import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, utimesSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { systemClock } from '../../../../src/core/ports';
import { openRegistry } from '../../../../src/core/prompts/registry/registry';
import { acquireWriterLock } from '../../../../src/core/prompts/registry/writerLock';
import { rejected } from '../helpers';
import { makeWorkspace, type Workspace } from './helpers';

const LOCKFILE = 'prompts/.prompts.lock.json.lock';

describe('registry writer lock', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = makeWorkspace();
  });
  afterEach(() => ws.cleanup());

  it('is created with the writer pid and removed afterwards', async () => {
    const held = await acquireWriterLock(ws.file('prompts'), { op: 'test', timeoutMs: 100, clock: systemClock });
    const info = JSON.parse(ws.read(LOCKFILE));
    assert.equal(info.pid, process.pid);
    assert.equal(info.op, 'test');
    await held.release();
    assert.ok(!existsSync(ws.file(LOCKFILE)));
  });

  it('a live holder makes the next writer wait, then fail clearly; nothing is written', async () => {
    ws.write(LOCKFILE, JSON.stringify({ pid: process.pid, host: hostname(), at: '2025-01-01T00:00:00.000Z', op: 'release', token: 't' }));
    const registry = openRegistry(ws.dir, { author: 't', lockTimeoutMs: 300 });
    const started = Date.now();
    const e = await rejected(registry.release('prompts/summarize.prompt.yml'));
    assert.ok(Date.now() - started >= 300, 'it waited');
    assert.equal(e.code, 'registry-locked');
    assert.equal(e.exitCode, 1);
    assert.match(e.message, new RegExp(`pid ${process.pid}`));
    assert.match(e.hint ?? '', /delete prompts[/\\]\.prompts\.lock\.json\.lock/);
    assert.ok(!existsSync(ws.file('prompts/prompts.lock.json')));
  });

  it('a lock left by a dead process is broken at once', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    ws.write(LOCKFILE, JSON.stringify({ pid: dead, host: hostname(), at: '2025-01-01T00:00:00.000Z', op: 'release', token: 't' }));
    const started = Date.now();
    await openRegistry(ws.dir, { author: 't', lockTimeoutMs: 5_000 }).release('prompts/summarize.prompt.yml');
    assert.ok(Date.now() - started < 2_000);
    assert.ok(existsSync(ws.file('prompts/.versions/summarize/1.0.0.prompt.yml')));
  });

  it('an unreadable lock file is stale once it is a few seconds old', async () => {
    ws.write(LOCKFILE, '');
    const old = new Date(Date.now() - 10_000);
    utimesSync(ws.file(LOCKFILE), old, old);
    await openRegistry(ws.dir, { author: 't', lockTimeoutMs: 1_000 }).release('prompts/summarize.prompt.yml');
    assert.ok(!existsSync(ws.file(LOCKFILE)));
  });

  it('writers in one process take turns: concurrent releases of two prompts both land', async () => {
    const a = openRegistry(ws.dir, { author: 'a' });
    const b = openRegistry(ws.dir, { author: 'b' });
    const [ra, rb] = await Promise.all([a.release('prompts/summarize.prompt.yml'), b.release(path.join(ws.dir, 'prompts/classify.prompt.yml'))]);
    assert.equal(ra.status, 'released');
    assert.equal(rb.status, 'released');
    const lock = JSON.parse(ws.read('prompts/prompts.lock.json'));
    assert.deepEqual(Object.keys(lock.prompts).sort(), ['classify', 'summarize']);
    assert.equal((await a.check()).ok, true);
  });
});

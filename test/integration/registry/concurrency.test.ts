// Two writers at once, and a writer killed mid-write, through the built CLI in separate processes.
// PROMPTYARD_TEST_PAUSE_BEFORE_RENAME holds each writer between writing a temp file and renaming it, so the
// processes really overlap (and the kill lands while the new lock file is written but not yet in place).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { assertBuilt, cleanEnv, CLI, runCli, type CliRun } from '../../support/cli';
import { makeWorkspace, type Workspace } from '../../unit/prompts/registry/helpers';

const PAUSE = 'PROMPTYARD_TEST_PAUSE_BEFORE_RENAME';

describe('promptyard prompts: concurrent writers and interrupted writes (built CLI)', function () {
  this.timeout(60_000);
  let ws: Workspace;
  const env = (extra: Record<string, string> = {}) => cleanEnv({ HOME: path.join(ws.dir, '.home'), ...extra });
  const cli = (args: string[], extra: Record<string, string> = {}) => runCli(['prompts', ...args], { cwd: ws.dir, env: env(extra) });
  const ok = (run: CliRun) => {
    assert.equal(run.code, 0, `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
    return run;
  };
  const lock = () => JSON.parse(ws.read('prompts/prompts.lock.json'));
  const snapshots = (id: string) => readdirSync(ws.file(`prompts/.versions/${id}`)).sort();

  before(() => assertBuilt());
  beforeEach(() => {
    ws = makeWorkspace();
    mkdirSync(path.join(ws.dir, '.home'));
  });
  afterEach(() => ws.cleanup());

  it('two processes releasing different prompts at the same moment: both land', async () => {
    const [a, b] = await Promise.all([cli(['release', 'prompts/summarize.prompt.yml'], { [PAUSE]: '300' }), cli(['release', 'prompts/classify.prompt.yml'], { [PAUSE]: '300' })]);
    ok(a);
    ok(b);
    assert.match(a.stdout, /Released summarize 1\.0\.0/);
    assert.match(b.stdout, /Released classify 0\.3\.0/);
    assert.deepEqual(Object.keys(lock().prompts).sort(), ['classify', 'summarize']);
    assert.deepEqual(snapshots('summarize'), ['1.0.0.prompt.yml']);
    assert.deepEqual(snapshots('classify'), ['0.3.0.prompt.yml']);
    ok(await cli(['check', '--strict']));
  });

  it('two processes releasing the same prompt: one release, a clear error for the other', async () => {
    ok(await cli(['release', 'prompts/summarize.prompt.yml']));
    ws.write('prompts/summarize.prompt.yml', ws.read('prompts/summarize.prompt.yml').replace('0.3', '0.8'));
    // Whoever takes the lock first holds it 1.2 s before its commit: the other has read the old lock file by then.
    const runs = await Promise.all([0, 1].map(() => cli(['release', 'prompts/summarize.prompt.yml', '-m', 'warmer'], { [PAUSE]: '1200' })));
    const winners = runs.filter((r) => r.code === 0);
    const losers = runs.filter((r) => r.code !== 0);
    assert.equal(winners.length, 1, runs.map((r) => `${r.code} ${r.stdout}${r.stderr}`).join('\n'));
    assert.match(winners[0]!.stdout, /Released summarize 1\.0\.1 \(previous 1\.0\.0\)/);
    assert.equal(losers[0]!.code, 1);
    assert.match(losers[0]!.stderr, /^error: summarize was already released as 1\.0\.1 by another process while this release waited/);
    assert.deepEqual(Object.keys(lock().prompts.summarize.versions), ['1.0.0', '1.0.1']);
    assert.deepEqual(snapshots('summarize'), ['1.0.0.prompt.yml', '1.0.1.prompt.yml']);
    ok(await cli(['check', '--strict']));
  });

  it('a release killed while it writes the lock file: the old lock is intact, check passes, the next release cleans up', async () => {
    ok(await cli(['release', 'prompts/summarize.prompt.yml']));
    const before = readFileSync(ws.file('prompts/prompts.lock.json'));
    ws.write('prompts/summarize.prompt.yml', ws.read('prompts/summarize.prompt.yml').replace('0.3', '0.8'));

    const child = spawn(process.execPath, [CLI, 'prompts', 'release', 'prompts/summarize.prompt.yml'], { cwd: ws.dir, env: env({ [PAUSE]: '20000' }), stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const tempOf = () => readdirSync(ws.file('prompts')).filter((n) => /^\.prompts\.lock\.json\.\d+\.[0-9a-f]{8}\.tmp$/.test(n));
    const deadline = Date.now() + 20_000;
    while (tempOf().length === 0) {
      assert.ok(Date.now() < deadline, 'the release never reached the rename');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');

    assert.deepEqual(readFileSync(ws.file('prompts/prompts.lock.json')), before, 'the old lock file is intact');
    assert.deepEqual(Object.keys(JSON.parse(before.toString('utf8')).prompts.summarize.versions), ['1.0.0']);
    assert.equal(tempOf().length, 1, 'the half-done write is a temp file beside it');
    const check = ok(await cli(['check']));
    assert.match(check.stdout, /note: a writer died holding the lock/);
    assert.match(check.stdout, /check passed/);

    const again = ok(await cli(['release', 'prompts/summarize.prompt.yml']));
    assert.match(again.stdout, /Released summarize 1\.0\.1/);
    assert.deepEqual(tempOf(), [], 'the temp file is cleaned up');
    assert.deepEqual(readdirSync(ws.file('prompts')).filter((n) => n.startsWith('.prompts.lock.json.lock')), []);
    const after = ok(await cli(['check', '--strict']));
    assert.doesNotMatch(after.stdout, /note: a writer/);
  });
});

// `promptyard prompts …` through the built CLI on a temporary workspace, with and without git: the whole
// release → label → promote → rollback → show → diff → check flow, tampering, bad input and exit codes.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { assertBuilt, cleanEnv, runCli, type CliRun } from '../../support/cli';
import { makeWorkspace, treeDigest, type Workspace } from '../../unit/prompts/registry/helpers';

const SUBCOMMANDS = ['release', 'label', 'promote', 'rollback', 'list', 'history', 'show', 'diff', 'check'];

describe('promptyard prompts (built CLI)', function () {
  this.timeout(60_000);
  let ws: Workspace;
  const env = () => cleanEnv({ HOME: path.join(ws.dir, '.home') });
  const cli = (...args: string[]) => runCli(['prompts', ...args], { cwd: ws.dir, env: env() });
  const ok = (run: CliRun) => {
    assert.equal(run.code, 0, `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
    return run;
  };
  const edit = (from: string, to: string) => ws.write('prompts/summarize.prompt.yml', ws.read('prompts/summarize.prompt.yml').replace(from, to));

  before(() => assertBuilt());
  afterEach(() => ws.cleanup());

  describe('without git', () => {
    beforeEach(() => {
      ws = makeWorkspace();
      mkdirSync(path.join(ws.dir, '.home'));
    });

    it('--help for the command and each subcommand', async () => {
      assert.match(ok(await cli('--help')).stdout, /Subcommands:[\s\S]*rollback <id>/);
      for (const sub of SUBCOMMANDS) {
        const run = ok(await cli(sub, '--help'));
        assert.match(run.stdout, new RegExp(`^Usage: promptyard prompts ${sub}`), sub);
      }
    });

    it('release, label, promote, rollback, list, history, show, diff and check', async () => {
      assert.match(ok(await cli('release', 'prompts/summarize.prompt.yml', '-m', 'first')).stdout, /^Released summarize 1\.0\.0 \(first release\): prompts\/\.versions\/summarize\/1\.0\.0\.prompt\.yml\.\n$/);
      assert.match(ok(await cli('release', 'prompts/summarize.prompt.yml')).stdout, /summarize is unchanged since 1\.0\.0.*nothing released/);
      edit('temperature: 0.3', 'temperature: 0.5');
      edit('at most 5 bullet points', 'at most 3 bullet points');
      ok(await cli('release', path.join(ws.dir, 'prompts/summarize.prompt.yml'), '--bump', 'minor', '-m', 'tighter'));
      assert.match(ok(await cli('label', 'summarize', 'production', '1.0.0')).stdout, /Moved summarize@production: \(new\) → 1\.0\.0/);
      ok(await cli('label', 'summarize', 'staging', '1.1.0'));
      assert.match(ok(await cli('promote', 'summarize', '--from', 'staging', '--to', 'production')).stdout, /Promoted summarize@production: 1\.0\.0 → 1\.1\.0/);
      assert.match(ok(await cli('rollback', 'summarize')).stdout, /Rolled back summarize@production: 1\.1\.0 → 1\.0\.0/);

      const list = JSON.parse(ok(await cli('list', '--json')).stdout);
      assert.deepEqual(list.map((r: { id: string; latest?: string; status: string }) => [r.id, r.latest, r.status]), [
        ['classify', undefined, 'never-released'],
        ['summarize', '1.1.0', 'up-to-date'],
      ]);
      assert.match(ok(await cli('list')).stdout, /summarize\s+1\.1\.0\s+production=1\.0\.0 staging=1\.1\.0\s+up to date/);

      const history = JSON.parse(ok(await cli('history', 'summarize', '--json')).stdout);
      assert.deepEqual(history.events.map((e: { kind: string; action?: string }) => e.action ?? e.kind), ['release', 'release', 'label', 'label', 'promote', 'rollback']);
      assert.match(ok(await cli('history', 'summarize')).stdout, /production 1\.1\.0 → 1\.0\.0\s+rollback by/);

      const show = ok(await cli('show', 'summarize@production'));
      assert.equal(show.stdout, ws.read('prompts/.versions/summarize/1.0.0.prompt.yml'));
      assert.match(show.stderr, /summarize 1\.0\.0 · production · sha256 [0-9a-f]{12}…/);
      const shown = JSON.parse(ok(await cli('show', 'summarize@1.1.0', '--json')).stdout);
      assert.equal(shown.record.message, 'tighter');

      const diff = ok(await cli('diff', 'summarize@production', 'summarize@staging')).stdout;
      assert.match(diff, /^summarize 1\.0\.0 → summarize 1\.1\.0\nmodelParameters\.temperature: 0\.3 → 0\.5\nmessage 1 \(system\): changed\n/);
      assert.match(diff, / {2}- Answer with at most 5 bullet points\.\n {2}\+ Answer with at most 3 bullet points\./);
      assert.equal(JSON.parse(ok(await cli('diff', 'summarize@1.0.0', 'summarize@1.1.0', '--json')).stdout).fields[0].path, 'modelParameters.temperature');

      assert.match(ok(await cli('check', '--strict')).stdout, /check passed \(1 prompt, 2 versions, 2 prompt files/);
      edit('0.5', '0.9');
      const strict = await cli('check', '--strict');
      assert.equal(strict.code, 1);
      assert.match(strict.stdout, /^prompts\/summarize\.prompt\.yml: summarize has changes that are not released/m);
    });

    it('tampering makes check fail with the file and the repair: edited snapshot, deleted snapshot, invalid lock JSON', async () => {
      ok(await cli('release', 'prompts/summarize.prompt.yml'));
      edit('0.3', '0.4');
      ok(await cli('release', 'prompts/summarize.prompt.yml'));
      ok(await cli('check'));

      ws.write('prompts/.versions/summarize/1.0.0.prompt.yml', ws.read('prompts/.versions/summarize/1.0.0.prompt.yml').replace('0.3', '0.35'));
      let run = await cli('check');
      assert.equal(run.code, 1);
      assert.match(run.stdout, /^prompts\/\.versions\/summarize\/1\.0\.0\.prompt\.yml: the snapshot of summarize 1\.0\.0 was changed after its release/m);
      assert.match(run.stdout, /Restore it with `git checkout -- prompts\/\.versions\/summarize\/1\.0\.0\.prompt\.yml`/);
      assert.match(run.stdout, /check failed: 1 problem/);

      rmSync(ws.file('prompts/.versions/summarize/1.0.1.prompt.yml'));
      run = await cli('check', '--json');
      assert.equal(run.code, 1);
      assert.deepEqual(JSON.parse(run.stdout).problems.map((p: { code: string; file: string }) => `${p.code} ${p.file}`), [
        'snapshot-missing prompts/.versions/summarize/1.0.1.prompt.yml',
        'snapshot-edited prompts/.versions/summarize/1.0.0.prompt.yml',
      ]);

      ws.write('prompts/prompts.lock.json', ws.read('prompts/prompts.lock.json').replace('"versions": {', '"versions": {{'));
      run = await cli('check');
      assert.equal(run.code, 1);
      assert.match(run.stdout, /^prompts\/prompts\.lock\.json:\d+:\d+: the lock file is not valid JSON: .*\n {2}Fix it by hand .*`git checkout -- prompts\/prompts\.lock\.json`/m);
      const list = await cli('list');
      assert.equal(list.code, 2);
      assert.match(list.stderr, /^error: prompts\/prompts\.lock\.json:\d+:\d+: the lock file is not valid JSON/);
    });

    it('bad input: a clear one-line error, exit 2, and a byte-identical tree', async () => {
      ok(await cli('release', 'prompts/summarize.prompt.yml'));
      edit('0.3', '0.4');
      const before = treeDigest(ws.dir);
      for (const [args, message] of [
        [['label', 'sum/marize', 'production', '1.0.0'], /'sum\/marize' is not a prompt id: it holds a path separator/],
        [['label', '..', 'production', '1.0.0'], /'\.\.' is not a prompt id/],
        [['show', '../summarize@1.0.0'], /is not a prompt id/],
        [['release', 'prompts/summarize.prompt.yml', '--version', '2.0'], /version '2\.0' is not a semantic version/],
        [['label', 'summarize', 'production', 'one'], /version 'one' is not a semantic version/],
        [['promote', 'summarize', '--from', 'staging', '--to', 'production'], /summarize has no label 'staging'/],
        [['rollback', 'summarize', '--label', 'canary'], /summarize has no label 'canary'/],
        [['show', 'summarize@canary'], /summarize has no label 'canary'/],
        [['label', 'summarize', 'production', '4.0.0'], /summarize has no version 4\.0\.0/],
        [['release', 'prompts/summarize.prompt.yml', '--bump', 'huge'], /--bump 'huge' is not one of major, minor, patch/],
        [['list', '--bump', 'minor'], /'prompts list' has no option --bump/],
        [['frobnicate'], /unknown subcommand 'frobnicate'/],
      ] as const) {
        const run = await cli(...args);
        assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
        const lines = run.stderr.split('\n').filter(Boolean);
        assert.equal(lines.length, 1, run.stderr);
        assert.match(lines[0]!, message);
        assert.equal(run.stdout, '');
      }
      assert.deepEqual(treeDigest(ws.dir), before);
    });
  });

  describe('with git', () => {
    beforeEach(() => {
      ws = makeWorkspace({ git: true });
      mkdirSync(path.join(ws.dir, '.home'));
    });

    it('records the commit and the git author, and check passes after committing the release', async () => {
      const head = ws.git('rev-parse', 'HEAD');
      const run = ok(await cli('release', 'prompts/summarize.prompt.yml', '--json'));
      assert.equal(JSON.parse(run.stdout).commit, head);
      const record = JSON.parse(ws.read('prompts/prompts.lock.json')).prompts.summarize.versions['1.0.0'];
      assert.equal(record.commit, head);
      assert.equal(record.author, 'Ada Lovelace');
      ws.git('add', '-A');
      ws.git('commit', '-q', '-m', 'release');
      ok(await cli('check', '--strict'));
      ok(await cli('label', 'summarize', 'production', '1.0.0'));
      assert.equal(JSON.parse(ws.read('prompts/prompts.lock.json')).prompts.summarize.history.production[0].by, 'Ada Lovelace');
      ws.write('prompts/.versions/summarize/1.0.0.prompt.yml', 'tampered\n');
      assert.equal((await cli('check')).code, 1);
      ws.git('checkout', '--', 'prompts/.versions/summarize/1.0.0.prompt.yml');
      ok(await cli('check'));
    });
  });
});

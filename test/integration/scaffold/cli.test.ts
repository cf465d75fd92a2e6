// `promptyard scaffold` through the built CLI, on a workspace with released prompts and a small test stack
// (PROMPTYARD_TEMPLATES_DIR) plus the installed templates for the stack list: help, a generated project,
// bad input with exit code 2 and nothing written, --force conflicts with their diff and exit code 1.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertBuilt, cleanEnv, ROOT, runCli, type CliRun } from '../../support/cli';
import { fingerprint, listFiles, makeWorld, type World } from '../../unit/scaffold/helpers';

describe('promptyard scaffold (built CLI)', function () {
  this.timeout(60_000);
  let w: World;
  const env = (templates = true) => cleanEnv({ HOME: path.join(w.dir, '.home'), ...(templates ? { PROMPTYARD_TEMPLATES_DIR: w.templates } : {}) });
  const cli = (args: string[], templates = true) => runCli(['scaffold', ...args], { cwd: w.workspace, env: env(templates) });
  const show = (run: CliRun) => `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;

  before(() => assertBuilt());
  beforeEach(async () => {
    w = await makeWorld();
    mkdirSync(path.join(w.dir, '.home'));
    mkdirSync(path.join(w.dir, 'out'));
  });
  afterEach(() => w.cleanup());

  it('--help lists the options; the main help lists the command', async () => {
    const help = await cli(['--help']);
    assert.equal(help.code, 0, show(help));
    assert.match(help.stdout, /^Usage: promptyard scaffold <stack> <dir>/);
    for (const flag of ['--name', '--prompt', '--provider', '--redis', '--no-streaming', '--force', '--overwrite']) assert.ok(help.stdout.includes(flag), flag);
    const main = await runCli(['--help'], { env: env() });
    assert.match(main.stdout, /\n {2}scaffold +generate a production service/);
  });

  it('generates the project with the chosen prompts and options', async () => {
    const run = await cli(['mini', '../out/ticket-bot', '--prompt', 'summarize@staging', '--prompt', 'classify-ticket', '--redis', '--no-streaming', '--provider', 'openai-compatible']);
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /^Generated ticket-bot \(mini\) in \.\.\/out\/ticket-bot: 16 files written, 0 replaced, 0 unchanged\.\nPrompts: summarize@staging \(1\.0\.1\), classify-ticket@production \(0\.3\.1\)\. Provider: openai-compatible\.\n$/);
    const files = listFiles(w.target);
    assert.ok(files.includes('redis.conf') && !files.includes('stream.txt'), files.join(', '));
    const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
    assert.match(readFileSync(path.join(w.target, 'README.md'), 'utf8'), new RegExp(`promptyard ${version.replace(/\./g, '\\.')}\\n`));
  });

  it('--json prints what was written', async () => {
    const run = await cli(['mini', '../out/ticket-bot', '--prompt', 'summarize', '--json']);
    assert.equal(run.code, 0, show(run));
    const json = JSON.parse(run.stdout);
    assert.equal(json.dir, w.target);
    assert.deepEqual(json.written, listFiles(w.target));
    assert.deepEqual(json.context.prompts, [{ id: 'summarize', label: 'production', version: '1.0.0', model: 'openai/gpt-4o-mini' }]);
  });

  describe('bad input: exit code 2, one clear line, nothing written', () => {
    const cases: Array<[string, string[], RegExp, boolean?]> = [
      ['no folder', ['mini'], /'scaffold' needs a stack and a folder.*stacks: mini/],
      ['an invalid service name', ['mini', '../out/x', '--name', 'Bad_Name'], /'Bad_Name' is not a valid service name/],
      ['an unknown stack', ['rails', '../out/svc'], /unknown stack 'rails'\. Available stacks: mini\./],
      ['a prompt id that does not exist', ['mini', '../out/svc', '--prompt', 'nope@production'], /no prompt 'nope' has been released/],
      ['a label that does not exist', ['mini', '../out/svc', '--prompt', 'summarize@canary'], /summarize has no label 'canary'/],
      ['an unknown provider', ['mini', '../out/svc', '--provider', 'cohere'], /unknown provider 'cohere'/],
      ['--overwrite without --force', ['mini', '../out/svc', '--overwrite'], /--overwrite only works together with --force/],
      ['an unknown option', ['mini', '../out/svc', '--fast'], /Unknown option '--fast'/],
    ];
    for (const [title, args, message, templates] of cases) {
      it(title, async () => {
        const before = fingerprint(w.dir);
        const run = await cli(args, templates ?? true);
        assert.equal(run.code, 2, show(run));
        assert.match(run.stderr, message);
        assert.equal(run.stderr.trim().split('\n').length, 1, 'one line');
        assert.equal(fingerprint(w.dir), before);
      });
    }

    it('a non-empty folder without --force', async () => {
      mkdirSync(w.target);
      writeFileSync(path.join(w.target, 'notes.txt'), 'mine\n');
      const before = fingerprint(w.dir);
      const run = await cli(['mini', '../out/ticket-bot']);
      assert.equal(run.code, 2, show(run));
      assert.match(run.stderr, /is not empty \(notes\.txt\).*--force/);
      assert.equal(fingerprint(w.dir), before);
    });
  });

  it('--force shows the diff of a changed file and exits 1 without writing; --overwrite replaces it', async () => {
    assert.equal((await cli(['mini', '../out/ticket-bot'])).code, 0);
    const readme = path.join(w.target, 'README.md');
    writeFileSync(readme, readFileSync(readme, 'utf8').replace('# Ticket Bot', '# My bot'));
    const before = fingerprint(w.dir);
    const run = await cli(['mini', '../out/ticket-bot', '--force']);
    assert.equal(run.code, 1, show(run));
    assert.match(run.stdout, /^--- a\/README\.md\n\+\+\+ b\/README\.md\n@@ -1,\d+ \+1,\d+ @@\n-# My bot\n\+# Ticket Bot\n/);
    assert.match(run.stderr, /1 file in .* differ from the template: README\.md\. Nothing was written\..*--overwrite/);
    assert.equal(fingerprint(w.dir), before);
    const again = await cli(['mini', '../out/ticket-bot', '--force', '--overwrite']);
    assert.equal(again.code, 0, show(again));
    assert.match(again.stdout, /0 files written, 1 replaced, 16 unchanged/);
    assert.match(readFileSync(readme, 'utf8'), /^# Ticket Bot/);
  });
});

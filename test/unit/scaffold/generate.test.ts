import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PromptyardError } from '../../../src/core/errors';
import { planScaffold, scaffold, ScaffoldConflictError, type ScaffoldOptions } from '../../../src/core/scaffold/generate';
import { openRegistry } from '../../../src/core/prompts/registry/registry';
import { contentSha256 } from '../../../src/core/prompts/registry/hash';
import { fingerprint, listFiles, LOGO, makeWorld, type World } from './helpers';

describe('scaffold generator', () => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld();
  });
  afterEach(() => w.cleanup());

  const opts = (extra: Partial<ScaffoldOptions> = {}): ScaffoldOptions => ({
    templatesDir: w.templates,
    stack: 'mini',
    targetDir: w.target,
    workspaceRoot: w.workspace,
    prompts: ['summarize@staging', 'classify-ticket'],
    promptyardVersion: '9.9.9',
    ...extra,
  });
  const read = (rel: string) => readFileSync(path.join(w.target, rel), 'utf8');

  it('renders .hbs files, copies the rest byte for byte, follows `when` and folders, names the service after the folder', async () => {
    const result = await scaffold(opts());
    assert.equal(result.context.name, 'ticket-bot');
    assert.deepEqual(listFiles(w.target), [
      '.gitignore',
      'README.md',
      'assets/logo.bin',
      'config/ticket-bot.json',
      'memory.conf',
      'prices.json',
      'prompts/.versions/classify-ticket/0.3.1.prompt.yml',
      'prompts/.versions/summarize/1.0.1.prompt.yml',
      'prompts/classify-ticket.prompt.yml',
      'prompts/partials/style-guide.md',
      'prompts/prompts.lock.json',
      'prompts/summarize.prompt.yml',
      'run.sh',
      'src/lib/util.txt',
      'src/main.txt',
      'stream.txt',
      'test/cases.json',
    ]);
    assert.deepEqual(result.written, listFiles(w.target));
    assert.equal(
      read('README.md'),
      '# Ticket Bot\nProvider: openai, package dev.promptyard.ticketbot, promptyard 9.9.9\n- summarize@staging = 1.0.1 (openai/gpt-4o-mini)\n- classify-ticket@production = 0.3.1 (anthropic/claude-haiku-4-5)\nredis off\n',
    );
    const config = JSON.parse(read('config/ticket-bot.json'));
    assert.deepEqual(config.prompts[0], { id: 'summarize', label: 'staging', version: '1.0.1', model: 'openai/gpt-4o-mini' });
    assert.equal(config.streaming, true);
    assert.deepEqual(readFileSync(path.join(w.target, 'assets/logo.bin')), LOGO);
    assert.equal(read('run.sh'), '#!/bin/sh\necho "{{name}} stays literal"\n');
    assert.equal(statSync(path.join(w.target, 'run.sh')).mode & 0o111, 0o111, 'executables stay executable');
    assert.equal(read('src/lib/util.txt'), 'util {{not rendered}}\n');
    assert.equal(read('src/main.txt'), 'main of ticket-bot\n');
    assert.equal(read('test/cases.json'), '[{"template": "{{x}}"}]\n', 'shared: files come from templates/shared/');
    const leftovers = readdirSync(path.dirname(w.target)).filter((n) => n !== 'ticket-bot');
    assert.deepEqual(leftovers, [], 'no temp folder left behind');
  });

  it('redis and no streaming switch the conditional files; --name and --provider win', async () => {
    const result = await scaffold(opts({ redis: true, streaming: false, name: 'other-name', provider: 'anthropic' }));
    const files = listFiles(w.target);
    assert.ok(files.includes('redis.conf') && !files.includes('memory.conf') && !files.includes('stream.txt'));
    assert.ok(files.includes('config/other-name.json'));
    assert.equal(result.context.provider, 'anthropic');
    assert.match(read('README.md'), /redis on/);
  });

  it('{{package}} in a destination is the Java package path; in file content it is the dotted name', async () => {
    const file = path.join(w.templates, 'mini', 'manifest.json');
    const m = JSON.parse(readFileSync(file, 'utf8'));
    m.files.push({ src: 'App.java.hbs', dest: 'src/main/java/{{package}}/App.java' });
    writeFileSync(file, JSON.stringify(m));
    writeFileSync(path.join(w.templates, 'mini', 'files', 'App.java.hbs'), 'package {{package}};\n');
    await scaffold(opts());
    assert.equal(read('src/main/java/dev/promptyard/ticketbot/App.java'), 'package dev.promptyard.ticketbot;\n');
  });

  it('carries the chosen versions through a lock file the new project verifies, with production pointing at them', async () => {
    await scaffold(opts());
    const lock = JSON.parse(read('prompts/prompts.lock.json'));
    assert.deepEqual(Object.keys(lock.prompts), ['classify-ticket', 'summarize']);
    assert.deepEqual(lock.prompts.summarize.labels, { production: '1.0.1', staging: '1.0.1' });
    assert.deepEqual(Object.keys(lock.prompts.summarize.versions), ['1.0.1'], 'only the chosen version');
    assert.equal(lock.prompts.summarize.file, 'prompts/summarize.prompt.yml');
    const snapshot = readFileSync(path.join(w.target, 'prompts/.versions/summarize/1.0.1.prompt.yml'));
    assert.equal(contentSha256(snapshot), lock.prompts.summarize.versions['1.0.1'].sha256);
    assert.deepEqual(snapshot, readFileSync(path.join(w.workspace, 'prompts/.versions/summarize/1.0.1.prompt.yml')));
    const registry = openRegistry(w.target);
    const report = await registry.check({ strict: true });
    assert.deepEqual(report.problems, []);
    const loaded = await registry.loadPrompt('summarize@production');
    assert.equal(loaded.version, '1.0.1');
    assert.equal(read('prompts/partials/style-guide.md'), readFileSync(path.join(w.workspace, 'prompts/partials/style-guide.md'), 'utf8'));
  });

  it("copies the price entries of the chosen models' providers (so a fallback model is priced), no others", async () => {
    await scaffold(opts());
    const prices = JSON.parse(read('prices.json'));
    const keys = Object.keys(prices.models);
    assert.ok(keys.includes('anthropic/claude-haiku-4-5') && keys.includes('openai/gpt-4o-mini'), keys.join());
    assert.ok(keys.includes('openai/gpt-4o') && keys.includes('anthropic/claude-sonnet-4-6'), 'fallback candidates of the same providers');
    assert.ok(keys.every((k) => /^(openai|anthropic)\//.test(k)), keys.join());
    assert.deepEqual(keys, [...keys].sort());
    assert.equal(prices.models['openai/gpt-4o-mini'].input, 0.15);
    assert.match(prices.pricedAt, /^\d{4}-\d{2}-\d{2}$/);
  });

  it('without --prompt takes every released prompt at its default version', async () => {
    const plan = await planScaffold(opts({ prompts: [] }));
    assert.deepEqual(
      plan.context.prompts.map((p) => `${p.id}@${p.label}=${p.version}`),
      ['classify-ticket@production=0.3.1', 'summarize@production=1.0.0'],
    );
  });

  describe('bad input: a clear error, exit code 2, not one byte written', () => {
    const cases: Array<[string, (w: World) => Partial<ScaffoldOptions>, string, RegExp]> = [
      ['an invalid service name', () => ({ name: 'Bad_Name' }), 'invalid-service-name', /lowercase letters/],
      ['a name too short', () => ({ name: 'ab' }), 'invalid-service-name', /3 to 50/],
      ['a folder name that is no service name', (w) => ({ targetDir: path.join(w.dir, 'out', 'My Service') }), 'invalid-service-name', /--name/],
      ['an unknown stack', () => ({ stack: 'rails' }), 'unknown-stack', /Available stacks: mini/],
      ['a path as stack', () => ({ stack: '../templates/mini' }), 'unknown-stack', /Available stacks/],
      ['an unknown provider', () => ({ provider: 'cohere' }), 'invalid-provider', /openai, anthropic, openai-compatible/],
      ['a prompt id that does not exist', () => ({ prompts: ['nope@production'] }), 'unknown-prompt', /no prompt 'nope'/],
      ['a label that does not exist', () => ({ prompts: ['summarize@canary'] }), 'unknown-label', /summarize has no label 'canary'/],
      ['a version that does not exist', () => ({ prompts: ['summarize@3.0.0'] }), 'unknown-version', /Released versions: 1.0.0, 1.0.1/],
      ['an invalid reference', () => ({ prompts: ['../etc@x'] }), 'invalid-id', /path separator/],
      ['a workspace without releases', (w) => ({ workspaceRoot: path.join(w.dir, 'out'), prompts: [] }), 'no-prompts', /release/],
    ];
    for (const [title, extra, code, message] of cases) {
      it(title, async () => {
        mkdirSync(path.join(w.dir, 'out'), { recursive: true });
        const before = fingerprint(w.dir);
        await assert.rejects(scaffold(opts(extra(w))), (e: unknown) => {
          assert.ok(e instanceof PromptyardError, String(e));
          assert.equal(e.code, code);
          assert.equal(e.exitCode, 2);
          assert.match(e.format(), message);
          return true;
        });
        assert.equal(fingerprint(w.dir), before);
      });
    }

    it('a target folder that is not empty, without --force', async () => {
      mkdirSync(w.target, { recursive: true });
      writeFileSync(path.join(w.target, 'notes.txt'), 'mine\n');
      const before = fingerprint(w.dir);
      await assert.rejects(scaffold(opts()), (e: PromptyardError) => e.code === 'target-not-empty' && e.exitCode === 2 && /notes\.txt/.test(e.message) && /--force/.test(e.format()));
      assert.equal(fingerprint(w.dir), before);
    });

    it('a target that is a file', async () => {
      mkdirSync(path.dirname(w.target), { recursive: true });
      writeFileSync(w.target, 'x');
      const before = fingerprint(w.dir);
      await assert.rejects(scaffold(opts()), (e: PromptyardError) => e.code === 'target-not-a-folder' && e.exitCode === 2);
      assert.equal(fingerprint(w.dir), before);
    });
  });

  it('writes into an existing empty folder', async () => {
    mkdirSync(w.target, { recursive: true });
    await scaffold(opts());
    assert.ok(existsSync(path.join(w.target, 'README.md')));
  });

  describe('--force into a non-empty folder', () => {
    it('adds missing files, keeps identical ones and the user\'s own files', async () => {
      await scaffold(opts());
      const readme = path.join(w.target, 'README.md');
      const mtime = statSync(readme).mtimeMs;
      writeFileSync(path.join(w.target, 'mine.txt'), 'mine\n');
      const { rmSync } = await import('node:fs');
      rmSync(path.join(w.target, 'src/main.txt'));
      const result = await scaffold(opts({ force: true }));
      assert.deepEqual(result.written, ['src/main.txt']);
      assert.deepEqual(result.overwritten, []);
      assert.ok(result.unchanged.includes('README.md'));
      assert.equal(statSync(readme).mtimeMs, mtime, 'an identical file is not rewritten');
      assert.equal(read('mine.txt'), 'mine\n');
      assert.equal(read('src/main.txt'), 'main of ticket-bot\n');
    });

    it('a differing file: a unified diff, exit code 1 and nothing written, unless --overwrite', async () => {
      await scaffold(opts());
      writeFileSync(path.join(w.target, 'README.md'), read('README.md').replace('Provider: openai', 'Provider: my own'));
      const { rmSync } = await import('node:fs');
      rmSync(path.join(w.target, 'src/main.txt'));
      const before = fingerprint(w.dir);
      await assert.rejects(scaffold(opts({ force: true })), (e: unknown) => {
        assert.ok(e instanceof ScaffoldConflictError);
        assert.equal(e.exitCode, 1);
        assert.deepEqual(e.conflicts.map((c) => c.path), ['README.md']);
        assert.equal(
          e.conflicts[0]!.diff,
          ['--- a/README.md', '+++ b/README.md', '@@ -1,5 +1,5 @@', ' # Ticket Bot', '-Provider: my own, package dev.promptyard.ticketbot, promptyard 9.9.9', '+Provider: openai, package dev.promptyard.ticketbot, promptyard 9.9.9', ' - summarize@staging = 1.0.1 (openai/gpt-4o-mini)', ' - classify-ticket@production = 0.3.1 (anthropic/claude-haiku-4-5)', ' redis off'].join('\n'),
        );
        return true;
      });
      assert.equal(fingerprint(w.dir), before, 'not even the missing file was added');
      const result = await scaffold(opts({ force: true, overwrite: true }));
      assert.deepEqual(result.overwritten, ['README.md']);
      assert.deepEqual(result.written, ['src/main.txt'], 'overwritten files are listed apart');
      assert.match(read('README.md'), /Provider: openai/);
      assert.deepEqual(readdirSync(path.dirname(w.target)), ['ticket-bot'], 'no temp folder left behind');
    });
  });

  describe('broken templates are reported, not half-generated', () => {
    const breakManifest = (w: World, change: (m: Record<string, unknown>) => void) => {
      const file = path.join(w.templates, 'mini', 'manifest.json');
      const m = JSON.parse(readFileSync(file, 'utf8'));
      change(m);
      writeFileSync(file, JSON.stringify(m));
    };
    const cases: Array<[string, (m: Record<string, unknown> & { files: Array<Record<string, unknown>> }) => void, RegExp]> = [
      ['a dest outside the project', (m) => m.files.push({ src: 'stream.txt', dest: '../escape.txt' }), /not a relative path/],
      ['two entries with one dest', (m) => m.files.push({ src: 'stream.txt', dest: 'README.md' }), /two manifest entries write README\.md/],
      ['a missing source', (m) => m.files.push({ src: 'nope.txt', dest: 'nope.txt' }), /is missing/],
      ['a shared source outside templates/shared', (m) => m.files.push({ src: 'shared:../mini/manifest.json', dest: 'x.json' }), /shared:<path> inside templates\/shared/],
      ['an unknown `when`', (m) => m.files.push({ src: 'stream.txt', dest: 'x.txt', when: 'kafka' }), /when must be one of redis, streaming/],
      ['a stack name that is not its folder', (m) => (m.stack = 'other'), /"stack" must be "mini"/],
      ['a variable the context lacks', (m) => m.files.push({ src: 'stream.txt', dest: '{{nope}}.txt' }), /"nope" not defined/],
    ];
    for (const [title, change, message] of cases) {
      it(title, async () => {
        breakManifest(w, change as (m: Record<string, unknown>) => void);
        const before = fingerprint(w.dir);
        await assert.rejects(scaffold(opts()), (e: PromptyardError) => {
          assert.equal(e.code, 'template-invalid', e.message);
          assert.match(e.message, message);
          return true;
        });
        assert.equal(fingerprint(w.dir), before);
      });
    }
  });
});

// Bad input through the built CLI, as a user meets it: one line on stderr with the location, the right
// exit code (2 bad input, 1 model or network), no stack trace unless --debug.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { assertBuilt, cleanEnv, runCli, type CliRun } from '../../support/cli';

const FILES: Record<string, string> = {
  'good.prompt.yml': 'name: Good\nmodel: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: Hello {{name}}\n',
  'malformed.prompt.yml': 'name: Broken\nmessages:\n  - role: user\n    content: "unclosed\n',
  'types.prompt.yml': 'name: Types\nmodelParameters:\n  temperature: hot\nmessages:\n  - role: user\n    content: hi\n',
  'unknown.prompt.yml': 'name: Unknown\ncolour: blue\nmessages:\n  - role: user\n    content: hi\n',
  'partial.prompt.yml': 'name: Partial\nmessages:\n  - role: system\n    content: "{{> nowhere}}"\n',
  'jinja.prompty': '---\nname: Jinja\nmodel:\n  api: chat\n---\nsystem:\nYou help.\n\nuser:\n{{ question | upper }}\n',
};

function oneLine(run: CliRun): string {
  const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${run.stderr}`);
  assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace without --debug');
  return lines[0]!;
}

describe('CLI bad input: one located line, the right exit code', function () {
  this.timeout(60_000);
  let dir: string;
  let closedPort: number;
  const env = () => cleanEnv({ HOME: path.join(dir, 'home'), XDG_CACHE_HOME: path.join(dir, 'cache'), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' });
  const file = (name: string) => path.join(dir, name);

  before(async () => {
    assertBuilt();
    dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-bad-'));
    mkdirSync(path.join(dir, 'home'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(file(name), text);
    writeFileSync(file('promptyard.config.yaml'), 'requests:\n  maxRetries: 1\n  timeoutMs: 2000\n  deadlineMs: 5000\n');
    closedPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('malformed YAML: exit 2 at the line and column of the error', async () => {
    const run = await runCli(['render', file('malformed.prompt.yml')], { cwd: dir, env: env() });
    assert.equal(run.code, 2);
    assert.match(oneLine(run), new RegExp(`^error: ${escape(file('malformed.prompt.yml'))}:4:14: YAML syntax error.*never closed`));
  });

  it('wrong types: exit 2 at the offending value', async () => {
    const run = await runCli(['render', file('types.prompt.yml')], { cwd: dir, env: env() });
    assert.equal(run.code, 2);
    assert.match(oneLine(run), new RegExp(`^error: ${escape(file('types.prompt.yml'))}:3:16: .*temperature`));
  });

  it('unknown keys: a located warning, and the prompt still renders', async () => {
    const run = await runCli(['render', file('unknown.prompt.yml')], { cwd: dir, env: env() });
    assert.equal(run.code, 0, run.stderr);
    assert.match(oneLine(run), new RegExp(`^warning: ${escape(file('unknown.prompt.yml'))}:2:1: .*colour`));
    assert.match(run.stdout, /hi/);
  });

  it('a missing variable: exit 2 at the {{variable}}', async () => {
    const run = await runCli(['render', file('good.prompt.yml')], { cwd: dir, env: env() });
    assert.equal(run.code, 2);
    assert.match(oneLine(run), new RegExp(`^error: ${escape(file('good.prompt.yml'))}:5:20: .*"name".*--var name=`));
  });

  it('an undefined partial: exit 2 at the {{> partial}}', async () => {
    const run = await runCli(['render', file('partial.prompt.yml')], { cwd: dir, env: env() });
    assert.equal(run.code, 2);
    assert.match(oneLine(run), new RegExp(`^error: ${escape(file('partial.prompt.yml'))}:4:\\d+: .*nowhere`));
  });

  it('an unsupported Jinja construct in a .prompty file: exit 2 at its line', async () => {
    const run = await runCli(['render', file('jinja.prompty'), '--var', 'question=q'], { cwd: dir, env: env() });
    assert.equal(run.code, 2);
    assert.match(oneLine(run), new RegExp(`^error: ${escape(file('jinja.prompty'))}:10:\\d+: .*(filter|upper)`, 'i'));
  });

  it('an unknown model id or provider: exit 2 naming the known providers', async () => {
    const bad = await runCli(['run', file('good.prompt.yml'), '--var', 'name=x', '--model', 'gpt4'], { cwd: dir, env: env() });
    assert.equal(bad.code, 2);
    assert.match(oneLine(bad), /not a model id.*provider\/model/);
    const unknown = await runCli(['run', file('good.prompt.yml'), '--var', 'name=x', '--model', 'nope/x'], { cwd: dir, env: env() });
    assert.equal(unknown.code, 2);
    assert.match(oneLine(unknown), /unknown provider 'nope'.*openai, anthropic, ollama, local/);
  });

  it('a missing key: exit 2 saying how to set one', async () => {
    const run = await runCli(['run', file('good.prompt.yml'), '--var', 'name=x'], { cwd: dir, env: env() });
    assert.equal(run.code, 2);
    assert.match(oneLine(run), /no key for openai\. Run `promptyard keys set openai` or set OPENAI_API_KEY/);
  });

  it('an unreachable endpoint: exit 1 naming the URL and what to check', async () => {
    const baseURL = `http://127.0.0.1:${closedPort}/v1`;
    const run = await runCli(['run', file('good.prompt.yml'), '--var', 'name=x'], { cwd: dir, env: { ...env(), OPENAI_API_KEY: 'sk-test-0123456789abcdefghij', OPENAI_BASE_URL: baseURL } });
    assert.equal(run.code, 1);
    assert.match(oneLine(run), new RegExp(`${escape(baseURL)}.*reachable`));
  });

  it('bad arguments: exit 2 pointing at --help', async () => {
    const run = await runCli(['run', file('good.prompt.yml'), '--bogus'], { cwd: dir, env: env() });
    assert.equal(run.code, 2);
    assert.match(oneLine(run), /--bogus.*promptyard run --help/);
  });

  it('--debug adds the stack trace', async () => {
    const run = await runCli(['--debug', 'render', file('good.prompt.yml')], { cwd: dir, env: env() });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^\s+at /m);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

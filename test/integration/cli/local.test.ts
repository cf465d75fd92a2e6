// The built-in local model through the CLI: a generated tiny GGUF streams its known answer; with no key and
// no model the local default is chosen, and without network its download says so and lists the alternatives.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { makeGguf, TINY_MODEL_ANSWER } from '../../support/makeGguf';
import { assertBuilt, cleanEnv, runCli } from '../../support/cli';

describe('CLI: the built-in local model', function () {
  this.timeout(60_000);
  let dir: string;
  let model: string;
  let closedPort: number;
  const env = () =>
    cleanEnv({ HOME: path.join(dir, 'home'), XDG_CACHE_HOME: path.join(dir, 'cache'), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true' });

  before(async () => {
    assertBuilt();
    dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-local-'));
    mkdirSync(path.join(dir, 'home'));
    model = path.join(dir, 'tiny.gguf');
    await makeGguf(model, { seed: 7 });
    writeFileSync(path.join(dir, 'hello.prompt.yml'), 'name: Hello\nmessages:\n  - role: system\n    content: You are terse.\n  - role: user\n    content: Say hello to {{name}}.\n');
    closedPort = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('streams the answer of a named .gguf and reports usage at zero cost', async () => {
    const run = await runCli(['run', 'hello.prompt.yml', '--var', 'name=Ada', '--model', `local/${model}`], { cwd: dir, env: env() });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), TINY_MODEL_ANSWER);
    assert.match(run.stderr, /^local\/.*tiny\.gguf · \d+ in → \d+ out tokens · .* · \$0\.000000 · stop$/m);
  });

  it('--json returns the whole result', async () => {
    const run = await runCli(['run', 'hello.prompt.yml', '--var', 'name=Ada', '--model', `local/${model}`, '--json'], { cwd: dir, env: env() });
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.text, TINY_MODEL_ANSWER);
    assert.equal(result.finishReason, 'stop');
    assert.ok(result.usage.outputTokens > 0);
  });

  it('local.model in the config makes local/default run that file, and it is the default without keys', async () => {
    const work = path.join(dir, 'configured');
    mkdirSync(work);
    writeFileSync(path.join(work, 'promptyard.config.yaml'), `local:\n  model: ${model}\n`);
    writeFileSync(path.join(work, 'hello.prompt.yml'), 'name: Hello\nmessages:\n  - role: user\n    content: Hi\n');
    const run = await runCli(['run', 'hello.prompt.yml'], { cwd: work, env: env() });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), TINY_MODEL_ANSWER);
    assert.match(run.stderr, /^local\/default · /m);
  });

  it('without network, the first-use download says so and lists the alternatives', async () => {
    const work = path.join(dir, 'offline');
    mkdirSync(work);
    writeFileSync(path.join(work, 'promptyard.config.yaml'), `local:\n  downloadURL: http://127.0.0.1:${closedPort}/model.gguf\n`);
    writeFileSync(path.join(work, 'hello.prompt.yml'), 'name: Hello\nmessages:\n  - role: user\n    content: Hi\n');
    const run = await runCli(['run', 'hello.prompt.yml'], { cwd: work, env: env() });
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /^error: .*(network|reach|connect)/i);
    assert.match(lines[0]!, /local\/<path-to-file\.gguf>.*ollama\/<model>.*promptyard keys set/);
  });
});

// The eval gate of each generated project runs the served prompts' own cases with the CLI named by
// PROMPTYARD_CLI (here the repo's built CLI) and fails when a case fails. Express runs its own `npm run eval`
// script (through sh, no install needed); FastAPI's script imports the app and Spring's loop needs jq, so for those
// two the test runs the same selection (the production-labelled snapshot of each prompt in the lock) itself.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLlmServer, type LlmServer } from '../support/llmServer';
import { CLI, cleanEnv, runCli, runProcess } from '../support/cli';
import { ASSIST, generate, makeWorkspace, type Workspace } from './support';

/** The production-labelled snapshot of each prompt, as the three stacks' gates select them. */
function targets(project: string): string[] {
  const lock = JSON.parse(readFileSync(path.join(project, 'prompts', 'prompts.lock.json'), 'utf8')) as {
    prompts: Record<string, { labels: Record<string, string> }>;
  };
  return Object.entries(lock.prompts).map(([id, entry]) => `prompts/.versions/${id}/${entry.labels.production}.prompt.yml`);
}

async function runGate(stack: string, project: string, server: LlmServer): Promise<number | null> {
  const env = cleanEnv({
    HOME: project,
    PROMPTYARD_CLI: `node ${CLI}`,
    OPENAI_BASE_URL: server.openaiBaseURL,
    OPENAI_API_KEY: 'test-key',
  });
  if (stack === 'express') {
    const script = (JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.eval;
    assert.match(script, /\$\{PROMPTYARD_CLI:-npx --yes promptyard@[^}]+\}/);
    return (await runProcess('sh', ['-c', script], { cwd: project, env, timeoutMs: 120_000 })).code;
  }
  return (await runCli(['eval', ...targets(project)], { cwd: project, env, timeoutMs: 120_000 })).code;
}

describe('scaffold eval gate', function () {
  let server: LlmServer;
  let passing: Workspace;
  let failing: Workspace;
  const dirs: string[] = [];

  before(async function () {
    server = await startLlmServer();
    passing = await makeWorkspace();
    // The same prompt whose case the server answers with something the evaluator rejects.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-gate-ws-'));
    failing = { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    mkdirSync(path.join(dir, 'prompts'));
    writeFileSync(path.join(dir, 'prompts', 'assist.prompt.yml'), ASSIST.replace('[[reply: hello]]', '[[reply: goodbye]]'));
    for (const args of [['prompts', 'release', 'prompts/assist.prompt.yml'], ['prompts', 'label', 'assist', 'production', '1.0.0']]) {
      const run = await runCli(args, { cwd: dir, env: cleanEnv({ HOME: dir }) });
      if (run.code !== 0) throw new Error(`promptyard ${args.join(' ')}: ${run.stderr}`);
    }
  });
  after(async function () {
    await server?.close();
    passing?.cleanup();
    failing?.cleanup();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  for (const stack of ['express', 'fastapi', 'spring']) {
    it(`eval gate (${stack}): the generated project's gate runs the prompts' cases with our CLI and fails when a case fails`, async function () {
      const good = path.join(mkdtempSync(path.join(os.tmpdir(), 'promptyard-gate-')), 'svc-ok');
      dirs.push(path.dirname(good));
      await generate(passing.dir, stack, good, ['--prompt', 'assist@production']);
      server.reset();
      assert.equal(await runGate(stack, good, server), 0);
      assert.ok(server.chatRequests().length >= 1, 'the server received the cases');

      const bad = path.join(mkdtempSync(path.join(os.tmpdir(), 'promptyard-gate-')), 'svc-bad');
      dirs.push(path.dirname(bad));
      await generate(failing.dir, stack, bad, ['--prompt', 'assist@production']);
      server.reset();
      assert.equal(await runGate(stack, bad, server), 1);
      assert.ok(server.chatRequests().length >= 1);
    });
  }
});

// The eval gate of each generated project, run as its own CI workflow runs it: the command of the eval job's
// gate step in .github/workflows/ci.yml (`npm run eval …`, `python scripts/eval_gate.py …`,
// `bash scripts/eval-gate.sh …`) under bash -eo pipefail as GitHub's runner does, with PROMPTYARD_CLI set to
// the repo's built CLI and the test LLM server as the provider. It must pass when the served versions' cases
// pass and fail when one fails, and leave the HTML report the workflow uploads. None of the three needs the
// project installed.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { startLlmServer, type LlmServer } from '../support/llmServer';
import { CLI, cleanEnv, runCli, runProcess } from '../support/cli';
import { ASSIST, generate, makeWorkspace, type Workspace } from './support';

interface Workflow {
  jobs: Record<string, { steps: Array<{ name?: string; run?: string; env?: Record<string, string> }> }>;
}

/** The gate step of the project's CI workflow: the step of the eval job that runs `promptyard eval`. */
function gateStep(project: string): { run: string; env: Record<string, string> } {
  const workflow = parse(readFileSync(path.join(project, '.github', 'workflows', 'ci.yml'), 'utf8')) as Workflow;
  const [, job] = Object.entries(workflow.jobs).find(([id]) => /^eval/.test(id)) ?? [];
  assert.ok(job, 'the workflow has an eval job');
  const steps = job.steps.filter((s) => s.run && /eval/.test(s.run) && !/prompts check/.test(s.run));
  assert.equal(steps.length, 1, `one gate step: ${JSON.stringify(job.steps)}`);
  return { run: steps[0]!.run!, env: steps[0]!.env ?? {} };
}

/** Generates `stack` from `workspace` into a fresh folder and runs its gate step there; counts the cases sent. */
async function generateAndGate(workspace: string, stack: string, name: string, server: LlmServer): Promise<{ project: string; code: number | null; output: string; sent: number }> {
  const project = path.join(mkdtempSync(path.join(os.tmpdir(), 'promptyard-gate-')), name);
  await generate(workspace, stack, project, ['--prompt', 'assist@production']);
  const step = gateStep(project);
  assert.ok('OPENAI_API_KEY' in step.env, 'the gate step hands the provider key to the CLI');
  const env = cleanEnv({
    HOME: project,
    PROMPTYARD_CLI: `node ${CLI}`,
    OPENAI_BASE_URL: server.openaiBaseURL,
    OPENAI_API_KEY: 'test-key',
  });
  server.reset();
  const run = await runProcess('bash', ['-eo', 'pipefail', '-c', step.run], { cwd: project, env, timeoutMs: 120_000 });
  return { project, code: run.code, output: `${run.stdout}\n${run.stderr}`, sent: server.chatRequests().length };
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
    it(`eval gate (${stack}): the workflow's gate step runs the served versions' cases with our CLI and fails when a case fails`, async function () {
      const passed = await generateAndGate(passing.dir, stack, 'svc-ok', server);
      dirs.push(path.dirname(passed.project));
      assert.equal(passed.code, 0, passed.output);
      assert.ok(passed.sent >= 1, 'the server received the cases');
      assert.match(readFileSync(path.join(passed.project, 'eval-report.html'), 'utf8'), /<html/i, 'the report the workflow uploads');

      const failed = await generateAndGate(failing.dir, stack, 'svc-bad', server);
      dirs.push(path.dirname(failed.project));
      assert.equal(failed.code, 1, failed.output);
      assert.ok(failed.sent >= 1);
      assert.ok(existsSync(path.join(failed.project, 'eval-report.html')), 'a failed gate still leaves its report');
    });
  }
});

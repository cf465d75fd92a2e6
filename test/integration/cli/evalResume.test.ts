// Issue 3, resume: the built CLI is SIGKILLed in the middle of a run; `--resume <run-id>` completes it
// without sending any finished case again (the test LLM server's request log, case by case), and its final
// report equals an uninterrupted run's. Ctrl-C leaves the run resumable too, and says how (exit 130).
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { assertBuilt, runCli } from '../../support/cli';
import { startLlmServer, type LlmServer } from '../../support/llmServer';
import { caseOfRequest, comparableReport, evalEnv, evalWorkspace, finishedRecords, onlyRun, startCli, tempRoot, until } from './evalSupport';

const CASES = 60;
const RUN_ARGS = ['eval', 'questions.prompt.yml', '--dataset', 'cases.jsonl', '--concurrency', '4', '--no-cache'];

describe('promptyard eval: killed, then resumed', function () {
  this.timeout(120_000);
  let server: LlmServer;
  let root: string;

  before(async () => {
    assertBuilt();
    server = await startLlmServer({ latency: { firstByteMs: 60 } });
    root = tempRoot();
  });
  after(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('SIGKILL mid-run, then --resume: no finished case is sent again, and the report equals an uninterrupted run’s', async () => {
    const killed = evalWorkspace(root, 'killed', CASES);
    const bg = startCli([...RUN_ARGS, '--output', 'first.json'], killed, evalEnv(killed, server));
    await until(() => finishedRecords(safeResults(killed)).length >= 15, 60_000, '15 finished cases');
    bg.child.kill('SIGKILL');
    const exit = await bg.exited;
    assert.equal(exit.signal, 'SIGKILL');

    const { runId, results } = onlyRun(killed);
    const finished = finishedRecords(results);
    assert.ok(finished.length >= 15 && finished.length < CASES, `${finished.length} finished before the kill`);
    const finishedCases = new Set(finished.map((r) => r.caseId));
    assert.equal(finishedCases.size, finished.length, 'no case recorded twice');
    assert.equal(JSON.parse(readFileSync(path.join(killed, '.promptyard', 'runs', runId, 'meta.json'), 'utf8')).status, 'running');

    server.reset();
    const resumed = await runCli(['eval', '--resume', runId, '--output', 'resumed.json'], { cwd: killed, env: evalEnv(killed, server), timeoutMs: 60_000 });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, new RegExp(`run ${runId} · ${CASES} cases · ${finished.length} already done, ${CASES - finished.length} to run`));
    const sentAgain = server.chatRequests().map(caseOfRequest).filter((c) => finishedCases.has(c!));
    assert.deepEqual(sentAgain, [], 'finished cases were sent again');
    assert.equal(server.chatRequests().length, CASES - finished.length);
    const all = finishedRecords(results);
    assert.equal(all.length, CASES);
    assert.equal(new Set(all.map((r) => r.key)).size, CASES);

    const whole = evalWorkspace(root, 'whole', CASES);
    const uninterrupted = await runCli([...RUN_ARGS, '--output', 'whole.json'], { cwd: whole, env: evalEnv(whole, server), timeoutMs: 60_000 });
    assert.equal(uninterrupted.code, 0, uninterrupted.stderr);
    assert.deepEqual(comparableReport(path.join(killed, 'resumed.json'), killed), comparableReport(path.join(whole, 'whole.json'), whole));
  });

  it('Ctrl-C: exit 130, the run is left cancelled and resumable, and the message says how to finish it', async () => {
    const dir = evalWorkspace(root, 'interrupted', CASES);
    const bg = startCli(RUN_ARGS, dir, evalEnv(dir, server));
    await until(() => finishedRecords(safeResults(dir)).length >= 5, 60_000, '5 finished cases');
    bg.child.kill('SIGINT');
    const exit = await bg.exited;
    assert.equal(exit.code, 130, bg.stderr());
    const { runId, results } = onlyRun(dir);
    assert.match(bg.stderr(), new RegExp(`promptyard eval --resume ${runId}`));
    assert.equal(JSON.parse(readFileSync(path.join(dir, '.promptyard', 'runs', runId, 'meta.json'), 'utf8')).status, 'cancelled');
    const before = finishedRecords(results).length;
    const resumed = await runCli(['eval', '--resume', runId], { cwd: dir, env: evalEnv(dir, server), timeoutMs: 60_000 });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(finishedRecords(results).length, CASES);
    assert.ok(before < CASES);
  });
});

function safeResults(dir: string): string {
  try {
    return onlyRun(dir).results;
  } catch {
    return path.join(dir, 'none');
  }
}

// `promptyard eval` as a user runs it (the built CLI against the test LLM server): the summary and the exit
// codes, report files, bad input, shards joined by `eval merge`, the run list and the baseline.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertBuilt, runCli } from '../../support/cli';
import { startLlmServer, type LlmServer } from '../../support/llmServer';
import { comparableReport, evalEnv, evalWorkspace, onlyRun, tempRoot } from './evalSupport';

const ARGS = ['eval', 'questions.prompt.yml', '--dataset', 'cases.jsonl', '--concurrency', '8'];

describe('promptyard eval (CLI)', function () {
  this.timeout(120_000);
  let server: LlmServer;
  let root: string;

  before(async () => {
    assertBuilt();
    server = await startLlmServer();
    root = tempRoot();
  });
  after(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('--help prints the usage, flags and exit codes', async () => {
    const run = await runCli(['eval', '--help']);
    assert.equal(run.code, 0);
    for (const text of ['Usage: promptyard eval', '--resume <run-id>', '--max-cost <usd>', '--shard <i/n>', 'promptyard eval merge', 'Exit codes']) assert.ok(run.stdout.includes(text), text);
  });

  it('all pass: exit 0, the table on stdout, the estimate and progress on stderr, reports by extension', async () => {
    const dir = evalWorkspace(root, 'pass', 20);
    const run = await runCli([...ARGS, '--output', 'out/r.json', '--output', 'out/r.xml', '--output', 'out/r.html'], { cwd: dir, env: evalEnv(dir, server) });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /questions\s+openai\/gpt-4o-mini\s+20\b/);
    assert.match(run.stderr, /run \S+ · 20 cases · estimated \$/);
    assert.match(run.stderr, /eval 20\/20 \(100%\) · 20 passed, 0 failed/);
    const json = JSON.parse(readFileSync(path.join(dir, 'out/r.json'), 'utf8'));
    assert.equal(json.records.length, 20);
    assert.equal(json.meta.status, 'complete');
    assert.match(readFileSync(path.join(dir, 'out/r.xml'), 'utf8'), /<testsuites[\s\S]*<testcase/);
    assert.match(readFileSync(path.join(dir, 'out/r.html'), 'utf8'), /^<!doctype html>/i);
  });

  it('a failing case: exit 1, listed with its place; --min-pass-rate decides instead when given', async () => {
    const dir = evalWorkspace(root, 'fail', 10, 2);
    const failed = await runCli(ARGS, { cwd: dir, env: evalEnv(dir, server) });
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stdout, /cases\.jsonl:1:\d+/);
    assert.match(failed.stderr, /2 of 10 cases did not pass/);
    const tolerant = await runCli([...ARGS, '--min-pass-rate', '80%'], { cwd: dir, env: evalEnv(dir, server) });
    assert.equal(tolerant.code, 0, tolerant.stderr);
    const strict = await runCli([...ARGS, '--min-pass-rate', '0.9', '--json'], { cwd: dir, env: evalEnv(dir, server) });
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /the pass rate 80% is under the minimum 90%/);
    assert.equal(JSON.parse(strict.stdout).passed, 8);
  });

  it('--max-cost: stops before the budget is passed, exit 1, and says how to go on', async () => {
    const dir = evalWorkspace(root, 'budget', 10);
    const before = server.chatRequests().length;
    const run = await runCli([...ARGS, '--no-cache', '--max-cost', '0.000001'], { cwd: dir, env: evalEnv(dir, server) });
    assert.equal(run.code, 1, run.stderr);
    const { runId } = onlyRun(dir);
    assert.match(run.stderr, new RegExp(`stopped: the budget of \\$0\\.000001 is reached.*0 of 10 cases finished.*promptyard eval --resume ${runId}\` \\(with a higher --max-cost, or none\\)`));
    assert.equal(server.chatRequests().length, before, 'nothing was sent');
  });

  it('bad input: exit 2 with one line that says what to do', async () => {
    const dir = evalWorkspace(root, 'bad', 3);
    const cases: Array<[string[], RegExp]> = [
      [['eval', 'missing.prompt.yml'], /missing\.prompt\.yml/],
      [[...ARGS, '--shard', '3/2'], /--shard '3\/2' is not i\/n/],
      [[...ARGS, '--output', 'report.pdf'], /unknown report format '\.pdf'.*\.json/],
      [[...ARGS, '--repeat', '0'], /--repeat '0'/],
      [[...ARGS, '--filter', '/(/'], /not a valid regular expression/],
      [['eval', '--resume', 'no-such-run'], /no eval run/],
      [['eval', '--resume', 'x', 'questions.prompt.yml'], /can't be given with it/],
      [[...ARGS, '--model', 'gpt4'], /'gpt4' is not a model id/],
      [[...ARGS, '--baseline', 'no-such-run'], /no eval run/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, { cwd: dir, env: evalEnv(dir, server) });
      assert.equal(run.code, 2, `${args.join(' ')}\n${run.stderr}`);
      assert.match(run.stderr, message, args.join(' '));
      assert.doesNotMatch(run.stderr, /^\s+at /m);
    }
    const empty = evalWorkspace(root, 'empty', 0);
    rmSync(path.join(empty, 'questions.prompt.yml'));
    const none = await runCli(['eval'], { cwd: empty, env: evalEnv(empty, server) });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no eval suites found/);
  });

  it('--shard 1/2 and 2/2 joined by `eval merge` equal the unsharded run', async () => {
    const dir = evalWorkspace(root, 'shards', 30, 3);
    const whole = await runCli([...ARGS, '--no-cache', '--output', 'whole.json'], { cwd: dir, env: evalEnv(dir, server) });
    assert.equal(whole.code, 1);
    const ids: string[] = [];
    for (const shard of ['1/2', '2/2']) {
      const run = await runCli([...ARGS, '--no-cache', '--shard', shard], { cwd: dir, env: evalEnv(dir, server) });
      assert.match(run.stderr, new RegExp(`shard ${shard}`));
      ids.push(/run (\S+) ·/.exec(run.stderr)![1]!);
    }
    const merged = await runCli(['eval', 'merge', ...ids, '--output', 'merged.json'], { cwd: dir, env: evalEnv(dir, server) });
    assert.equal(merged.code, 1, merged.stderr);
    assert.match(merged.stderr, /merged 2 runs into run \S+: 30 of 30 cases/);
    assert.deepEqual(comparableReport(path.join(dir, 'merged.json'), dir), comparableReport(path.join(dir, 'whole.json'), dir));
    const partial = await runCli(['eval', 'merge', ids[0]!], { cwd: dir, env: evalEnv(dir, server) });
    assert.equal(partial.code, 1);
    assert.match(partial.stderr, /partial: .*shards 2\/2 are missing/);
  });

  it('--dataset with a line that is not JSON: skipped with its line number, or fatal with --strict', async () => {
    const dir = evalWorkspace(root, 'dataset', 3);
    writeFileSync(path.join(dir, 'extra.jsonl'), '{"vars": {"i": "100"}}\n{not json\n{"vars": {"i": "101"}}\n');
    const lenient = await runCli([...ARGS, '--dataset', 'extra.jsonl'], { cwd: dir, env: evalEnv(dir, server) });
    assert.equal(lenient.code, 0, lenient.stderr);
    assert.match(lenient.stderr, /extra\.jsonl:2:\d+: .*skipped/);
    assert.match(lenient.stderr, /· 5 cases ·/);
    const sent = server.chatRequests().length;
    const strict = await runCli([...ARGS, '--dataset', 'extra.jsonl', '--strict'], { cwd: dir, env: evalEnv(dir, server) });
    assert.equal(strict.code, 2, strict.stderr);
    assert.match(strict.stderr, /error: \S*extra\.jsonl:2:\d+: Line 2 is not JSON .*strict mode: fix it to run/);
    assert.equal(server.chatRequests().length, sent, 'nothing was sent');
  });

  it('--grader: model-graded assertions are graded by that model', async () => {
    const dir = evalWorkspace(root, 'grader', 0);
    writeFileSync(path.join(dir, 'cases.jsonl'), `${JSON.stringify({ vars: { i: '1' }, assert: [{ type: 'llm-rubric', value: 'Names a city [[reply: {"reason": "it does", "pass": true, "score": 1}]]' }] })}\n`);
    server.reset();
    const run = await runCli([...ARGS, '--grader', 'openai/gpt-4.1-mini'], { cwd: dir, env: evalEnv(dir, server) });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const models = server.chatRequests().map((r) => r.model);
    assert.deepEqual(models.sort(), ['gpt-4.1-mini', 'gpt-4o-mini']);
  });

  it('--list shows the runs; --baseline marks fixed cases', async () => {
    const dir = evalWorkspace(root, 'baseline', 6, 2);
    const first = await runCli(ARGS, { cwd: dir, env: evalEnv(dir, server) });
    const { runId } = onlyRun(dir);
    assert.equal(first.code, 1);
    writeFileSync(path.join(dir, 'cases.jsonl'), readFileSync(path.join(dir, 'cases.jsonl'), 'utf8').replaceAll('"contains"', '"not-icontains"'));
    const second = await runCli([...ARGS, '--baseline', runId], { cwd: dir, env: evalEnv(dir, server) });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, new RegExp(`Compared with baseline ${runId}: 2 fixed, 0 broken, 4 unchanged`));
    const list = await runCli(['eval', '--list'], { cwd: dir, env: evalEnv(dir, server) });
    assert.equal(list.code, 0);
    const lines = list.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.ok(lines[1]!.startsWith(runId), 'newest first');
    assert.match(lines[0]!, /complete\s+6 cases\s+questions\.prompt\.yml/);
  });
});

// Bad eval input at the built CLI, each case on its own: a CSV row with a missing column (skipped with its
// line, or fatal with --strict); an unknown assertion type, a regex that does not compile and an invalid JSON
// Schema, found before the run (file:line:col, exit 2, nothing sent, no run stored); and a javascript
// assertion that never returns, stopped at its time limit and failing its own case only.
// (A dataset line that is not JSON is covered in evalCli.test.ts.)
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertBuilt, runCli, type CliRun } from '../../support/cli';
import { startLlmServer, type LlmServer } from '../../support/llmServer';
import { evalEnv, evalWorkspace, finishedRecords, onlyRun, QUESTIONS, tempRoot } from './evalSupport';

const PASSING = { type: 'not-icontains', value: 'zzz-never' };

/** questions.prompt.yml with testData rows that each carry `assert` (YAML written as JSON, which YAML reads). */
function withRows(rows: Array<{ i: string; assert: unknown[] }>): string {
  return `${QUESTIONS}testData:\n${rows.map((r) => `  - i: "${r.i}"\n    assert: ${JSON.stringify(r.assert)}\n`).join('')}`;
}

describe('promptyard eval: bad input, each on its own', function () {
  this.timeout(60_000);
  let server: LlmServer;
  let root: string;

  before(async () => {
    assertBuilt();
    server = await startLlmServer();
    root = tempRoot();
  });
  after(() => server.close());

  /** A workspace whose questions.prompt.yml is `prompt`, run with `args`; the server's chat requests counted. */
  async function evalIn(name: string, prompt: string, args: string[] = []): Promise<CliRun & { dir: string; sent: number }> {
    const dir = evalWorkspace(root, name, 0);
    writeFileSync(path.join(dir, 'questions.prompt.yml'), prompt);
    const before = server.chatRequests().length;
    const run = await runCli(['eval', 'questions.prompt.yml', '--no-cache', ...args], { cwd: dir, env: evalEnv(dir, server) });
    return { ...run, dir, sent: server.chatRequests().length - before };
  }

  function refusedBeforeTheRun(run: CliRun & { dir: string; sent: number }, location: RegExp, message: RegExp): void {
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, new RegExp(`error: ${location.source}: ${message.source}`));
    assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace');
    assert.equal(run.sent, 0, 'nothing was sent');
    assert.equal(existsSync(path.join(run.dir, '.promptyard', 'runs')), false, 'no run was stored');
  }

  describe('a CSV dataset row with a missing column', () => {
    const csv = 'i,note,__expected\n1,first,not-icontains:zzz-never\n2,second\n3,third,not-icontains:zzz-never\n';

    it('is skipped with a warning at its line, and the run goes on with the other rows', async () => {
      const dir = evalWorkspace(root, 'csv-lenient', 0);
      writeFileSync(path.join(dir, 'rows.csv'), csv);
      const run = await runCli(['eval', 'questions.prompt.yml', '--dataset', 'rows.csv', '--no-cache'], { cwd: dir, env: evalEnv(dir, server) });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /warning: \S*rows\.csv:3:\d+: The row on line 3 has 2 cells but the header names 3 columns \(missing "__expected"\).*this record is skipped \(use --strict/);
      assert.match(run.stderr, /· 2 cases ·/);
      assert.match(run.stderr, /2\/2 passed/);
    });

    it('stops everything with --strict: exit 2 at its line, before anything is sent', async () => {
      const dir = evalWorkspace(root, 'csv-strict', 0);
      writeFileSync(path.join(dir, 'rows.csv'), csv);
      const before = server.chatRequests().length;
      const run = await runCli(['eval', 'questions.prompt.yml', '--dataset', 'rows.csv', '--no-cache', '--strict'], { cwd: dir, env: evalEnv(dir, server) });
      refusedBeforeTheRun({ ...run, dir, sent: server.chatRequests().length - before }, /\S*rows\.csv:3:\d+/, /The row on line 3 has 2 cells .*missing "__expected".*strict mode: fix it to run/);
    });
  });

  it('an unknown assertion type: exit 2 at the assertion, naming the closest type', async () => {
    const run = await evalIn('unknown-type', withRows([{ i: '1', assert: [PASSING] }, { i: '2', assert: [{ type: 'icontain', value: 'oslo' }] }]));
    refusedBeforeTheRun(run, /\S*questions\.prompt\.yml:12:\d+/, /Unknown assertion type "icontain"\. Did you mean "icontains"\?/);
  });

  it('a regex that does not compile: exit 2 at the assertion, with the compiler\'s words', async () => {
    const run = await evalIn('bad-regex', withRows([{ i: '1', assert: [PASSING] }, { i: '2', assert: [{ type: 'regex', value: 'Oslo (capital' }] }]));
    refusedBeforeTheRun(run, /\S*questions\.prompt\.yml:12:\d+/, /regex: regex "Oslo \(capital" does not compile: Unterminated group/);
  });

  it('an invalid JSON Schema in is-json: exit 2 at the assertion, saying what is wrong with it', async () => {
    const run = await evalIn('bad-schema', withRows([{ i: '1', assert: [{ type: 'is-json', value: { type: 'object', required: 'city' } }] }]));
    refusedBeforeTheRun(run, /\S*questions\.prompt\.yml:10:\d+/, /is-json: the JSON Schema is invalid: schema\/required must be array/);
  });

  it('several problems: every one is printed, the last line says how many more', async () => {
    const rows = [
      { i: '1', assert: [{ type: 'regex', value: '[a-' }] },
      { i: '2', assert: [{ type: 'contains-json', value: { type: 'nope' } }] },
      { i: '3', assert: [{ type: 'answer-relevance' }] },
    ];
    const run = await evalIn('several', withRows(rows));
    assert.equal(run.code, 2, run.stderr);
    const lines = run.stderr.trim().split('\n');
    assert.match(run.stderr, /warning: \S*questions\.prompt\.yml:14:\d+: answer-relevance without a threshold/);
    assert.match(run.stderr, /error: \S*questions\.prompt\.yml:12:\d+: contains-json: the JSON Schema is invalid/);
    assert.match(lines.at(-1)!, /^error: \S*questions\.prompt\.yml:10:\d+: regex: regex "\[a-" does not compile.* Fix the suite and run again \(1 more error above\)\.$/);
    assert.equal(run.sent, 0);
  });

  it('a javascript assertion that never returns: stopped at its time limit, failing that case only (exit 1)', async () => {
    const looping = { type: 'javascript', value: 'while (true) {}\nreturn true;' };
    const run = await evalIn('endless', withRows([{ i: '1', assert: [PASSING] }, { i: '2', assert: [looping] }, { i: '3', assert: [PASSING] }]), ['--code-timeout', '400']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /1 of 3 cases did not pass/);
    assert.match(run.stdout, /Failed cases:\n {2}! questions\.prompt\.yml:11:\d+ .*· row-2\n {4}assertion: javascript: The javascript assertion was stopped after 400 ms, its time limit/);
    assert.doesNotMatch(run.stdout, /row-1|row-3/, 'the other cases passed');
    assert.equal(run.sent, 3, 'every case ran');
    const records = finishedRecords(onlyRun(run.dir).results).sort((a, b) => a.caseId.localeCompare(b.caseId));
    assert.deepEqual(records.map((r) => [r.caseId, r.pass]), [['row-1', true], ['row-2', false], ['row-3', true]]);
    assert.equal(records[1]!.error?.kind, 'assertion');
    assert.match(records[1]!.results[0]!.reason, /stopped after 400 ms, its time limit.*--code-timeout/);
  });
});

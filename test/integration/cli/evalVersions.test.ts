// `promptyard eval --versions`: the same cases on two released versions of a prompt, in one report, each
// record carrying the prompt id, version and sha256 the lock file gives (issue 4, part 6).
import * as assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CaseRecord } from '../../../src/core/evals/types';
import { assertBuilt, runCli } from '../../support/cli';
import { startLlmServer, type LlmServer } from '../../support/llmServer';
import { evalEnv, tempRoot } from './evalSupport';

const prompt = (reply: string) => `name: Greeter
model: openai/gpt-4o-mini
messages:
  - role: user
    content: "Greet {{name}}. [[reply: ${reply}]]"
testData:
  - name: Ada
  - name: Grace
evaluators:
  - name: says hello
    string:
      contains: hello
`;

describe('promptyard eval --versions', function () {
  this.timeout(60_000);
  let server: LlmServer;
  let root: string;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const file = () => path.join(dir, 'prompts', 'greet.prompt.yml');

  before(async () => {
    assertBuilt();
    server = await startLlmServer();
    root = tempRoot();
    dir = path.join(root, 'ws');
    mkdirSync(path.join(dir, 'prompts'), { recursive: true });
    mkdirSync(path.join(dir, 'home'));
    env = evalEnv(dir, server);
    writeFileSync(file(), prompt('Hello there!'));
    assert.equal((await runCli(['prompts', 'release', file(), '-m', 'first'], { cwd: dir, env })).code, 0);
    writeFileSync(file(), readFileSync(file(), 'utf8').replace('Hello there!', 'Goodbye.'));
    assert.equal((await runCli(['prompts', 'release', file(), '--bump', 'minor', '-m', 'colder'], { cwd: dir, env })).code, 0);
  });

  after(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('runs both versions on the same cases and compares them in one report', async () => {
    const report = path.join(dir, 'compare.json');
    const run = await runCli(['eval', '--versions', 'greet@1.0.0,greet@1.1.0', '--no-cache', '--output', report], { cwd: dir, env });
    assert.equal(run.code, 1, `one version fails its evaluator, so the run fails\n${run.stderr}`);
    const doc = JSON.parse(readFileSync(report, 'utf8')) as { summary: { rows: Array<{ promptVersion?: string; passRate: number; cases: number }> }; records: CaseRecord[] };
    const rows = doc.summary.rows.map((r) => [r.promptVersion, r.cases, r.passRate]).sort();
    assert.deepEqual(rows, [
      ['1.0.0', 2, 1],
      ['1.1.0', 2, 0],
    ]);
    const lock = JSON.parse(readFileSync(path.join(dir, 'prompts', 'prompts.lock.json'), 'utf8')) as { prompts: { greet: { versions: Record<string, { sha256: string }> } } };
    const runs = path.join(dir, '.promptyard', 'runs');
    const records = readFileSync(path.join(runs, readdirOne(runs), 'results.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CaseRecord);
    assert.equal(records.length, 4);
    for (const r of records) {
      assert.equal(r.promptId, 'greet');
      assert.ok(r.promptVersion === '1.0.0' || r.promptVersion === '1.1.0');
      assert.equal(r.promptSha256, lock.prompts.greet.versions[r.promptVersion!]!.sha256);
    }
    assert.equal(new Set(records.map((r) => r.caseId)).size, 2);
    assert.equal(doc.records.length, 4);
  });

  it('@all without files runs every released version of that prompt only', async () => {
    rmSync(path.join(dir, '.promptyard'), { recursive: true, force: true });
    writeFileSync(path.join(dir, 'other.prompt.yml'), 'messages:\n  - role: user\n    content: hi\ntestData:\n  - x: 1\n');
    const run = await runCli(['eval', '--versions', 'greet@all', '--json'], { cwd: dir, env });
    assert.equal(run.code, 1, run.stderr);
    const summary = JSON.parse(run.stdout) as { total: number; rows: Array<{ promptId: string; promptVersion?: string }> };
    assert.equal(summary.total, 4);
    assert.deepEqual(summary.rows.map((r) => `${r.promptId}@${r.promptVersion}`).sort(), ['greet@1.0.0', 'greet@1.1.0']);
  });

  it('bad references are usage errors naming what to write', async () => {
    const bad = await runCli(['eval', '--versions', 'greet'], { cwd: dir, env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--versions 'greet' is not id@version/);
    const missing = await runCli(['eval', '--versions', 'greet@9.9.9'], { cwd: dir, env });
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /9\.9\.9/);
  });
});

function readdirOne(dir: string): string {
  const entries = readdirSync(dir);
  assert.equal(entries.length, 1);
  return entries[0]!;
}

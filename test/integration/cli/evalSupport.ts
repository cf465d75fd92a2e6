// What the `promptyard eval` CLI tests share: a workspace with a question suite and its dataset, the CLI's
// environment pointed at the test LLM server, a CLI started in the background (to kill it), and reports
// made comparable (no times, no run ids, paths relative to the workspace).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaseRecord, RunSummary } from '../../../src/core/evals/types';
import { CLI, cleanEnv } from '../../support/cli';
import type { LlmServer, RecordedRequest } from '../../support/llmServer';

export const KEY = 'sk-test-0123456789abcdefghijklmnop';

export const QUESTIONS = `id: questions
model: openai/gpt-4o-mini
modelParameters:
  maxTokens: 20
messages:
  - role: user
    content: "Question {{i}}: what is the capital of Norway, and why is it there?"
`;

/** A workspace holding questions.prompt.yml and cases.jsonl (`cases` cases; `failing` of them fail). */
export function evalWorkspace(root: string, name: string, cases: number, failing = 0): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'home'), { recursive: true });
  writeFileSync(path.join(dir, 'questions.prompt.yml'), QUESTIONS);
  const lines = Array.from({ length: cases }, (_, i) =>
    JSON.stringify({ id: `q${i}`, vars: { i: String(i) }, assert: [{ type: i < failing ? 'contains' : 'not-icontains', value: 'zzz-never' }] }),
  );
  writeFileSync(path.join(dir, 'cases.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

export function tempRoot(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'promptyard-eval-cli-'));
}

export function evalEnv(dir: string, server: LlmServer): NodeJS.ProcessEnv {
  return cleanEnv({ HOME: path.join(dir, 'home'), XDG_CACHE_HOME: path.join(dir, 'home', '.cache'), OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.openaiBaseURL, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' });
}

export interface Background {
  child: ChildProcess;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Background {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, stderr: () => stderr, exited };
}

/** The only run of a workspace. */
export function onlyRun(dir: string): { runId: string; results: string } {
  const runs = path.join(dir, '.promptyard', 'runs');
  const ids = existsSync(runs) ? readdirSync(runs) : [];
  if (ids.length !== 1) throw new Error(`expected one run in ${dir}, found ${ids.length}`);
  return { runId: ids[0]!, results: path.join(runs, ids[0]!, 'results.jsonl') };
}

/** Complete lines of a results.jsonl as it is on disk (a torn last line left out). */
export function finishedRecords(file: string): CaseRecord[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete.split('\n').filter(Boolean).map((l) => JSON.parse(l) as CaseRecord);
}

export async function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function caseOfRequest(r: RecordedRequest): string | undefined {
  const messages = (r.body as { messages?: Array<{ content?: unknown }> }).messages ?? [];
  const m = /Question (\d+):/.exec(String(messages.at(-1)?.content ?? ''));
  return m ? `q${m[1]}` : undefined;
}

interface JsonReport {
  summary: RunSummary;
  records: CaseRecord[];
}

/** A JSON report (--output x.json) with what differs between two runs of the same work taken out. */
export function comparableReport(file: string, workspace: string): { summary: unknown; records: unknown[] } {
  const report = JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
  const rel = (f: string) => path.relative(workspace, f);
  const records = report.records
    .map(({ finishedAt: _f, latencyMs: _l, ...r }) => ({ ...r, suiteFile: rel(r.suiteFile), ...(r.location ? { location: { ...r.location, file: rel(r.location.file) } } : {}) }))
    .sort((a, b) => a.key.localeCompare(b.key));
  const { runId: _r, durationMs: _d, ...summary } = report.summary;
  return {
    summary: {
      ...summary,
      rows: summary.rows.map(({ latencyP50: _a, latencyP95: _b, latencyHistogram: _c, ...row }) => row),
      failures: (summary.failures ?? []).map((f) => ({ ...f, suiteFile: rel(f.suiteFile), ...(f.location ? { location: { ...f.location, file: rel(f.location.file) } } : {}) })),
    },
    records,
  };
}

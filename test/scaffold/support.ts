// The acceptance harness's plumbing, the same for every stack: a workspace with released prompts, a project
// generated through the built CLI, free ports, child processes (their output, RSS, signals), HTTP helpers.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCli, runProcess, cleanEnv, ROOT } from '../support/cli';

export { ROOT };

// Response bodies are checked field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;
export const CACHE = path.join(ROOT, '.cache');

/** A prompt whose user message is a plain variable: the harness scripts replies through it. */
export const ASSIST = `id: assist
name: Assistant
model: openai/gpt-4o-mini
modelParameters:
  maxTokens: 200
messages:
  - role: system
    content: You answer customer questions about Promptyard Inc. politely and briefly.
  - role: user
    content: "{{question}}"
testData:
  - question: "[[reply: hello]]"
    expected: hello
evaluators:
  - name: says hello
    string:
      contains: hello
`;

export interface Workspace {
  dir: string;
  cleanup(): void;
}

/** A promptyard workspace with `assist` and the repo's `summarize` (with its partial) released, labelled production. */
export async function makeWorkspace(): Promise<Workspace> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-scaffold-ws-'));
  mkdirSync(path.join(dir, 'prompts'));
  writeFileSync(path.join(dir, 'prompts', 'assist.prompt.yml'), ASSIST);
  cpSync(path.join(ROOT, 'prompts', 'summarize.prompt.yml'), path.join(dir, 'prompts', 'summarize.prompt.yml'));
  cpSync(path.join(ROOT, 'prompts', 'partials'), path.join(dir, 'prompts', 'partials'), { recursive: true });
  for (const args of [
    ['prompts', 'release', 'prompts/assist.prompt.yml'],
    ['prompts', 'release', 'prompts/summarize.prompt.yml'],
    ['prompts', 'label', 'assist', 'production', '1.0.0'],
    ['prompts', 'label', 'summarize', 'production', '1.0.0'],
  ]) {
    const run = await runCli(args, { cwd: dir, env: cleanEnv({ HOME: dir }) });
    if (run.code !== 0) throw new Error(`promptyard ${args.join(' ')}: ${run.stderr}`);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `promptyard scaffold <stack> <target> …` through the built CLI, in the workspace. */
export async function generate(workspace: string, stack: string, target: string, extra: string[] = []): Promise<void> {
  const run = await runCli(['scaffold', stack, target, ...extra], { cwd: workspace, env: cleanEnv({ HOME: workspace }) });
  if (run.code !== 0) throw new Error(`scaffold ${stack} failed (${run.code}): ${run.stderr}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion; throws with its output when it fails. */
export async function must(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<string> {
  const run = await runProcess(command, args, { cwd: options.cwd, env: options.env ?? { ...process.env }, timeoutMs: options.timeoutMs ?? 600_000 });
  if (run.code !== 0) {
    // Test runners print failures early and summaries late: keep both.
    const failures = run.stdout.split('\n').filter((l) => /not ok|Error|expected|actual|fail/i.test(l)).slice(0, 60).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited ${run.code}\n${failures}\n…\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`);
  }
  return run.stdout + run.stderr;
}

export interface ServiceProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the process wrote so far. */
  output(): string;
  /** Resident memory in bytes, from /proc. */
  rss(): number;
  /** Sends `signal` and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  exited(): boolean;
}

/** Starts a service process and waits until GET /healthz answers 200. */
export async function startProcess(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; port: number; timeoutMs?: number }): Promise<ServiceProcess> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out = (out + d).slice(-2_000_000)));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out = (out + d).slice(-2_000_000)));
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitedPromise = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    }),
  );
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (exit) throw new Error(`${command} exited ${exit.code ?? exit.signal} before it was healthy:\n${out}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      killGroup(child.pid!);
      throw new Error(`${command} was not healthy within ${options.timeoutMs ?? 30_000} ms:\n${out}`);
    }
    await sleep(100);
  }
  return {
    url,
    pid: child.pid!,
    child,
    output: () => out,
    rss: () => rssOf(child.pid!),
    exited: () => exit !== undefined,
    async stop(signal = 'SIGTERM', timeoutMs = 30_000) {
      const started = Date.now();
      if (!exit) child.kill(signal);
      const timer = setTimeout(() => killGroup(child.pid!), timeoutMs);
      const result = await exitedPromise;
      clearTimeout(timer);
      killGroup(child.pid!);
      return { ...result, ms: Date.now() - started };
    },
  };
}

export function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: Json }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export interface SseEvent {
  event: string;
  data: Json;
}

export function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((b) => b.trim() !== '')
    .map((block) => ({ event: /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message', data: JSON.parse(/^data: ?(.*)$/m.exec(block)?.[1] ?? 'null') }));
}

/** Reads a streamed run to its end; `status` and content type tell a stream from a plain JSON error. */
export async function stream(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; sse: boolean; events: SseEvent[]; body?: Json; error?: string }> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const text = await res.text();
    const sse = (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
    return sse ? { status: res.status, sse, events: parseSse(text) } : { status: res.status, sse, events: [], body: JSON.parse(text) };
  } catch (e) {
    return { status: 0, sse: false, events: [], error: (e as Error).message };
  }
}

// The test LLM server in a process of its own, so its CPU is not counted against the process measured.
// Started through `npm run llm-server`'s script (test/support/llmServerMain.ts); the URL is its first line.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface ServerProcess {
  url: string;
  openaiBaseURL: string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '../..');

export function startServerProcess(options: { latencyMs?: number } = {}): Promise<ServerProcess> {
  const args = ['--import', 'tsx', path.join(ROOT, 'test/support/llmServerMain.ts'), '--port', '0'];
  if (options.latencyMs) args.push('--latency', String(options.latencyMs));
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the LLM server exited early (${code})`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const line = buffer.split('\n')[0];
      if (!buffer.includes('\n') || !line) return;
      child.removeAllListeners('exit');
      resolve({
        url: line.trim(),
        openaiBaseURL: `${line.trim()}/v1`,
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

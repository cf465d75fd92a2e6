// Runs a benchmark child (the built CLI, or the bare SDK loop) and measures it from outside: wall time from
// spawn to exit, and from its own `STATS` line (printed at exit by exitStats.mjs, preloaded) its CPU time
// (user + system, every thread) and peak RSS.
import { spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(ROOT, 'bin/promptyard.mjs');
export const BARE_LOOP = path.join(ROOT, 'bench/support/bareSdkLoop.mjs');
const EXIT_STATS = path.join(ROOT, 'bench/support/exitStats.mjs');

export interface Measured {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

export function measure(script: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', EXIT_STATS, script, ...args], { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = performance.now() - started;
      const line = stderr.split('\n').reverse().find((l) => l.startsWith('STATS '));
      if (!line) return reject(new Error(`${path.basename(script)} ${args.join(' ')} printed no STATS (exit ${code}):\n${stderr.slice(-3000)}`));
      const stats = JSON.parse(line.slice(6)) as { cpuMs: number; maxRssMb: number };
      resolve({ wallMs, ...stats, code, stdout, stderr });
    });
  });
}

/** Wall time of a quick command, spawned `rounds` times; the median. */
export function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

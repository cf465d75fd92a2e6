// The one place the CLI writes to the terminal. stdout carries results (model text, JSON);
// stderr carries everything else (usage lines, progress, warnings, errors). Colour only on a TTY without NO_COLOR.
import { redact } from '../core/redact';
import type { Logger } from '../core/ports';

const colorOn = (stream: NodeJS.WriteStream) => stream.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

function paint(stream: NodeJS.WriteStream, code: string, text: string): string {
  return colorOn(stream) ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export const out = {
  write(text: string): void {
    process.stdout.write(text);
  },
  line(text = ''): void {
    process.stdout.write(`${text}\n`);
  },
  json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  },
};

export const err = {
  line(text = ''): void {
    process.stderr.write(`${redact(text)}\n`);
  },
  dim(text: string): string {
    return paint(process.stderr, '2', text);
  },
  red(text: string): string {
    return paint(process.stderr, '31', text);
  },
  yellow(text: string): string {
    return paint(process.stderr, '33', text);
  },
  bold(text: string): string {
    return paint(process.stdout, '1', text);
  },
  isTTY(): boolean {
    return process.stderr.isTTY === true;
  },
  /** Rewrites the current stderr line (progress bars); no-op when stderr is not a terminal. */
  status(text: string): void {
    if (process.stderr.isTTY) process.stderr.write(`\r\u001b[2K${text}`);
  },
  clearStatus(): void {
    if (process.stderr.isTTY) process.stderr.write('\r\u001b[2K');
  },
};

export function createCliLogger(debug: boolean): Logger {
  return {
    debug: (m) => (debug ? err.line(err.dim(`debug: ${m}`)) : undefined),
    info: (m) => (debug ? err.line(err.dim(m)) : undefined),
    warn: (m) => err.line(`${err.yellow('warning:')} ${m}`),
    error: (m) => err.line(`${err.red('error:')} ${m}`),
  };
}

export function progressBar(received: number, total: number | undefined, bytesPerSecond: number, label: string): string {
  const mb = (n: number) => (n / 1_048_576).toFixed(1);
  const speed = `${mb(bytesPerSecond)} MB/s`;
  if (!total) return `${label} ${mb(received)} MB ${speed}`;
  const width = 30;
  const ratio = Math.min(1, received / total);
  const filled = Math.round(ratio * width);
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${mb(received)}/${mb(total)} MB ${speed}`;
}

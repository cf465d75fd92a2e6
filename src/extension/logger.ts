// The Logger port over VS Code's LogOutputChannel. Every line passes through core/redact first, so a key
// that reached an error message never reaches the log. The channel's own level filters debug lines.
import type * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { redact } from '../core/redact';

const MAX_LINE = 4_000;

export function createLogger(channel: vscode.LogOutputChannel): Logger {
  const clean = (message: string) => {
    const text = redact(message);
    return text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}… (${text.length - MAX_LINE} more characters)` : text;
  };
  return {
    debug: (message) => channel.debug(clean(message)),
    info: (message) => channel.info(clean(message)),
    warn: (message) => channel.warn(clean(message)),
    error: (message) => channel.error(clean(message)),
  };
}

/** A one-line description of anything thrown, for logs and messages. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
}

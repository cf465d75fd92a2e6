// Every message from a webview comes through here: size-capped, validated by the protocol's closed schemas
// (parseWebviewMessage), dropped with a debug line when it does not fit, and never allowed to throw.
// Requests get exactly one `{kind: 'response'}`. No `vscode` here.
import { isPromptyardError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import { redact } from '../../core/redact';
import {
  MAX_INCOMING_MESSAGE_CHARS,
  parseWebviewMessage,
  type HostToWebview,
  type RequestMethod,
  type RequestParams,
  type RequestResult,
} from '../../shared/protocol';

export type RequestHandlers = { [M in RequestMethod]: (params: RequestParams<M>) => Promise<RequestResult<M>> | RequestResult<M> };

export interface RouterOptions {
  handlers: RequestHandlers;
  post(message: HostToWebview): void;
  /** The webview loaded (again) and listens: send it `init`. */
  onReady(): void;
  logger: Logger;
}

export class MessageRouter {
  private readonly inFlight = new Set<Promise<void>>();
  /** Messages dropped since the session started (for the log and tests). */
  dropped = 0;

  constructor(private readonly options: RouterOptions) {}

  receive(raw: unknown): void {
    try {
      const size = boundedSize(raw, MAX_INCOMING_MESSAGE_CHARS);
      const message = size === undefined ? undefined : parseWebviewMessage(raw);
      if (!message) {
        this.dropped++;
        this.options.logger.debug(`playground: dropped a message that does not fit the protocol (${size === undefined ? 'too large' : describe(raw)})`);
        return;
      }
      if (message.kind === 'ready') {
        this.options.onReady();
        return;
      }
      this.track(this.handle(message.id, message.method, message.params));
    } catch (error) {
      this.options.logger.error(`playground: a message could not be handled: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Resolves when every request received so far has been answered. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async handle(id: number, method: RequestMethod, params: unknown): Promise<void> {
    let reply: HostToWebview;
    try {
      const handler = this.options.handlers[method] as (p: unknown) => Promise<unknown> | unknown;
      reply = { kind: 'response', id, result: await handler(params) };
    } catch (error) {
      reply = { kind: 'response', id, error: errorReply(error) };
      if (!isPromptyardError(error)) this.options.logger.error(`playground: ${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    this.safePost(reply);
  }

  private safePost(message: HostToWebview): void {
    try {
      this.options.post(message);
    } catch (error) {
      this.options.logger.debug(`playground: could not post to the webview (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}

export function errorReply(error: unknown): { message: string; hint?: string } {
  if (isPromptyardError(error)) return { message: redact(error.message), ...(error.hint ? { hint: redact(error.hint) } : {}) };
  const message = error instanceof Error ? error.message : String(error);
  return { message: redact(`Something went wrong: ${message}`), hint: 'Try again; if it keeps failing, run "Promptyard: Show Log" and report what it says.' };
}

/**
 * The JSON size of a value in characters (roughly: strings, keys and a few per node), or undefined as soon as
 * it passes `cap`; it stops early, so a huge message costs no more than the cap to measure.
 */
export function boundedSize(value: unknown, cap: number): number | undefined {
  let size = 0;
  let nodes = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (++nodes > 200_000) return undefined;
    if (typeof v === 'string') size += v.length + 2;
    else if (Array.isArray(v)) {
      size += 2 + v.length;
      for (const item of v) stack.push(item);
    } else if (typeof v === 'object' && v !== null) {
      for (const key of Object.keys(v)) {
        size += key.length + 4;
        stack.push((v as Record<string, unknown>)[key]);
      }
      size += 2;
    } else size += 8;
    if (size > cap) return undefined;
  }
  return size;
}

function describe(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return typeof raw;
  const m = raw as Record<string, unknown>;
  const method = typeof m.method === 'string' ? m.method.slice(0, 40) : undefined;
  return method ? `kind ${String(m.kind).slice(0, 20)}, method ${method}` : `keys ${Object.keys(m).slice(0, 5).join(', ').slice(0, 80)}`;
}

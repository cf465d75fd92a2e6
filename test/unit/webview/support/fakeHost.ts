// A fake extension host for the webview's client: records what the UI sends, answers requests with
// handlers (or by hand), and sends notifications. No VS Code.
import type { NotificationMap, NotificationMethod, RequestMethod, RequestParams, RequestResult, WebviewToHost } from '../../../../src/shared/protocol';
import type { Transport } from '../../../../webview-ui/src/host/client';

type Handler<M extends RequestMethod> = (params: RequestParams<M>) => RequestResult<M> | Promise<RequestResult<M>>;
type AnyHandler = (params: unknown) => unknown;

export interface SentRequest {
  id: number;
  method: RequestMethod;
  params: unknown;
}

export class FakeHost implements Transport {
  readonly sent: WebviewToHost[] = [];
  private listener: ((message: unknown) => void) | undefined;
  private readonly handlers = new Map<RequestMethod, AnyHandler>();

  post(message: WebviewToHost): void {
    this.sent.push(message);
    if (message.kind !== 'request') return;
    const handler = this.handlers.get(message.method);
    if (!handler) return;
    Promise.resolve()
      .then(() => handler(message.params))
      .then(
        (result) => this.receive({ kind: 'response', id: message.id, result }),
        (error: Error & { hint?: string }) => this.receive({ kind: 'response', id: message.id, error: { message: error.message, hint: error.hint } }),
      );
  }

  listen(handler: (message: unknown) => void): () => void {
    this.listener = handler;
    return () => (this.listener = undefined);
  }

  /** Answers every later request of `method` with `handler` (which may throw to send an error). */
  handle<M extends RequestMethod>(method: M, handler: Handler<M>): void {
    this.handlers.set(method, handler as unknown as AnyHandler);
  }

  notify<N extends NotificationMethod>(method: N, params: NotificationMap[N]): void {
    this.receive({ kind: 'notification', method, params });
  }

  /** Any message, well-formed or not, as if it came from the host. */
  receive(message: unknown): void {
    this.listener?.(message);
  }

  requests(method?: RequestMethod): SentRequest[] {
    return this.sent.filter((m): m is Extract<WebviewToHost, { kind: 'request' }> => m.kind === 'request' && (!method || m.method === method));
  }

  lastParams<M extends RequestMethod>(method: M): RequestParams<M> {
    const all = this.requests(method);
    if (all.length === 0) throw new Error(`no ${method} request was sent`);
    return all[all.length - 1]!.params as RequestParams<M>;
  }
}

/** Frames run only when the test says so, like requestAnimationFrame under test control. */
export class ManualFrames {
  private queue: Array<() => void> = [];
  frames = 0;

  readonly schedule = (callback: () => void): void => {
    this.queue.push(callback);
  };

  get pending(): number {
    return this.queue.length;
  }

  run(): void {
    const queue = this.queue;
    this.queue = [];
    if (queue.length > 0) this.frames++;
    for (const callback of queue) callback();
  }
}

/** Lets promise callbacks (replies) run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

// The webview's side of src/shared/protocol.ts: requests with ids and typed replies, notification
// subscriptions. It knows nothing of VS Code: a Transport carries the messages (vscodeApi.ts in the
// webview, a fake host in tests). Outgoing params are checked against the host's own closed schemas so a
// message the host would silently drop fails here, with a reason, instead of never being answered.
import {
  requestSchemas,
  type HostToWebview,
  type NotificationMap,
  type NotificationMethod,
  type RequestMethod,
  type RequestParams,
  type RequestResult,
  type WebviewToHost,
} from '../../../src/shared/protocol';

export interface Transport {
  post(message: WebviewToHost): void;
  /** Calls `handler` with every message from the host; returns the unsubscribe. */
  listen(handler: (message: unknown) => void): () => void;
}

/** Where the UI keeps its state across a hidden or reloaded view (VS Code's getState/setState). */
export interface PersistedState {
  load(): unknown;
  save(state: unknown): void;
}

export class HostRequestError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly local = false,
  ) {
    super(message);
    this.name = 'HostRequestError';
  }
}

export interface RequestOptions {
  /** Milliseconds to wait for the reply; the default suits every method of the protocol. */
  timeoutMs?: number;
}

type NotificationHandler<N extends NotificationMethod> = (params: NotificationMap[N]) => void;

interface Pending {
  resolve(value: unknown): void;
  reject(error: HostRequestError): void;
  timer: ReturnType<typeof setTimeout>;
}

const DEFAULT_TIMEOUT_MS = 120_000;

export class HostClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<NotificationMethod, Set<(params: never) => void>>();
  private readonly unlisten: () => void;

  constructor(private readonly transport: Transport) {
    this.unlisten = transport.listen((message) => this.receive(message));
  }

  /** Tells the host the UI is listening; it answers with `init`. */
  ready(): void {
    this.transport.post({ kind: 'ready' });
  }

  request<M extends RequestMethod>(method: M, params: RequestParams<M>, options: RequestOptions = {}): Promise<RequestResult<M>> {
    const refusal = checkParams(method, params);
    if (refusal) return Promise.reject(new HostRequestError(refusal, 'Fix the value and try again.', true));
    const id = this.nextId++;
    return new Promise<RequestResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new HostRequestError(`The extension did not answer ${method}.`, 'Reload the window if this keeps happening.'));
      }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      try {
        this.transport.post({ kind: 'request', id, method, params });
      } catch (error) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new HostRequestError(`Could not send ${method}: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
  }

  on<N extends NotificationMethod>(method: N, handler: NotificationHandler<N>): () => void {
    let set = this.handlers.get(method);
    if (!set) this.handlers.set(method, (set = new Set()));
    const entry = handler as (params: never) => void;
    set.add(entry);
    return () => set.delete(entry);
  }

  /** Requests still waiting for their reply. */
  get pendingCount(): number {
    return this.pending.size;
  }

  dispose(): void {
    this.unlisten();
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new HostRequestError('The playground closed.'));
      this.pending.delete(id);
    }
    this.handlers.clear();
  }

  private receive(raw: unknown): void {
    const message = asHostMessage(raw);
    if (!message) return;
    if (message.kind === 'response') {
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.error) p.reject(new HostRequestError(String(message.error.message), message.error.hint === undefined ? undefined : String(message.error.hint)));
      else p.resolve(message.result);
      return;
    }
    const set = this.handlers.get(message.method);
    if (!set) return;
    for (const handler of [...set]) (handler as (params: unknown) => void)(message.params);
  }
}

function asHostMessage(raw: unknown): HostToWebview | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  if (m.kind === 'response') {
    if (typeof m.id !== 'number') return undefined;
    const error = m.error;
    if (error !== undefined && (typeof error !== 'object' || error === null || typeof (error as { message?: unknown }).message !== 'string')) return undefined;
    return m as HostToWebview;
  }
  if (m.kind === 'notification') {
    if (typeof m.method !== 'string' || typeof m.params !== 'object' || m.params === null) return undefined;
    return m as HostToWebview;
  }
  return undefined;
}

function checkParams(method: RequestMethod, params: unknown): string | undefined {
  try {
    requestSchemas[method](params, 'params');
    return undefined;
  } catch (error) {
    return `This ${method} request has a value the extension would refuse (${error instanceof Error ? error.message : String(error)}).`;
  }
}

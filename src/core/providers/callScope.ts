// One model call's lifetime: the caller's signal and the overall deadline combined into one AbortSignal,
// a per-attempt idle timer for the response body, and what the SDK's HTTP attempts revealed (how many,
// request id, retry-after). The SDKs keep their own retries; `scopedFetch` only observes them and keeps
// their back-off sleeps inside the deadline.
import type { AttemptInfo, ClientSettings } from './types';

export type EndReason = 'cancelled' | 'deadline' | 'idle';

/** Passed to the SDKs as a per-request `fetchOptions` key; `scopedFetch` reads it back from the fetch init. */
export const CALL_SCOPE = Symbol('promptyard.callScope');

export const DEFAULT_SETTINGS = { maxRetries: 2, timeoutMs: 60_000, deadlineMs: 120_000 } as const;

export interface ResolvedSettings {
  maxRetries: number;
  timeoutMs: number;
  deadlineMs: number;
}

/** Longest delay one timer can hold; longer ones would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Defaults filled in, and values the SDKs accept: whole numbers, timeouts of at least 1 ms. */
export function resolveSettings(settings: ClientSettings): ResolvedSettings {
  const ms = (value: number) => Math.min(MAX_TIMER_MS, Math.max(1, Math.round(value)));
  return {
    maxRetries: Math.max(0, Math.floor(settings.maxRetries ?? DEFAULT_SETTINGS.maxRetries)),
    timeoutMs: ms(settings.timeoutMs ?? DEFAULT_SETTINGS.timeoutMs),
    deadlineMs: ms(settings.deadlineMs ?? DEFAULT_SETTINGS.deadlineMs),
  };
}

export class CallScope {
  readonly controller = new AbortController();
  readonly startedAt = performance.now();
  endReason: EndReason | undefined;
  /** HTTP attempts the SDK made (retries included). */
  attempts = 0;
  requestId: string | undefined;
  /** The last back-off the server asked for, in ms. */
  retryAfterMs: number | undefined;
  /** Rejects when the call is ended early (cancel, deadline, idle); never resolves. */
  readonly ended: Promise<never>;
  private rejectEnded!: (reason: Error) => void;
  private readonly deadlineTimer: ReturnType<typeof setTimeout>;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly onCallerAbort = () => this.end('cancelled');

  constructor(
    readonly deadlineMs: number,
    /** Longest silence allowed once response headers arrived (the per-attempt timeout). */
    readonly idleMs: number,
    private readonly callerSignal?: AbortSignal,
    /** The caller's observer of each HTTP attempt (CallOptions.onAttempt). */
    private readonly onAttempt?: (attempt: AttemptInfo) => void,
  ) {
    this.ended = new Promise<never>((_, reject) => (this.rejectEnded = reject));
    this.ended.catch(() => undefined);
    this.deadlineTimer = setTimeout(() => this.end('deadline'), Math.min(deadlineMs, MAX_TIMER_MS));
    if (callerSignal?.aborted) this.end('cancelled');
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get remainingMs(): number {
    return this.deadlineMs - (performance.now() - this.startedAt);
  }

  get elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** Per-request SDK options that route the SDK's fetches through this scope. */
  requestOptions(): { signal: AbortSignal; fetchOptions: Record<never, never> } {
    // A symbol key: the SDKs copy fetchOptions into the fetch init, where fetch itself ignores it.
    return { signal: this.controller.signal, fetchOptions: { [CALL_SCOPE]: this } };
  }

  end(reason: EndReason): void {
    if (this.endReason) return;
    this.endReason = reason;
    this.controller.abort(new Error(`call ended: ${reason}`));
    this.rejectEnded(new Error(`call ended: ${reason}`));
  }

  /** Tells the caller's observer how an attempt ended; an observer that throws is ignored. */
  observeAttempt(attempt: AttemptInfo): void {
    if (!this.onAttempt) return;
    try {
      this.onAttempt(attempt);
    } catch {
      // an observer must not break the call
    }
  }

  /** True while a stream waits on its consumer: silence then is not the server's. */
  consumerBusy = false;

  /** Starts (or restarts) the idle timer: called when response headers arrive. */
  armIdle(): void {
    if (this.idleTimer) this.idleTimer.refresh();
    else this.idleTimer = setTimeout(this.onIdle, this.idleMs);
  }

  private readonly onIdle = () => {
    if (this.consumerBusy) this.idleTimer?.refresh();
    else this.end('idle');
  };

  /** Data arrived: the idle timer starts over. */
  touch(): void {
    this.idleTimer?.refresh();
  }

  /** Ends timers and listeners; aborts the HTTP request unless the call completed. */
  dispose(completed: boolean): void {
    clearTimeout(this.deadlineTimer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    if (!completed && !this.controller.signal.aborted) this.controller.abort(new Error('call finished'));
  }
}

/** Races an SDK promise against the scope: the call returns at the deadline even if the SDK is asleep. */
export function raceScope<T>(scope: CallScope, promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined); // the SDK may reject later, after we gave up on it
  return Promise.race([promise, scope.ended]);
}

/**
 * The fetch both SDKs are given. Per attempt it counts, notes the request id and arms the body idle timer;
 * on a failed response it makes the SDK's retry policy fit ours:
 * - a 429 whose body says `insufficient_quota` is final (`x-should-retry: false`): waiting won't add credit;
 * - a `retry-after` longer than what is left of the deadline is shortened to end just after it, so no SDK
 *   back-off sleep (the OpenAI SDK's cannot be aborted) outlives the call, and no request follows it.
 */
export function createScopedFetch(base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const scope = init ? ((init as Record<symbol, unknown>)[CALL_SCOPE] as CallScope | undefined) : undefined;
    if (!scope) return base(input, init);
    scope.attempts++;
    let res: Response;
    try {
      res = await base(input, init);
    } catch (error) {
      scope.observeAttempt({});
      throw error;
    }
    scope.requestId = res.headers.get('x-request-id') ?? res.headers.get('request-id') ?? scope.requestId;
    if (res.ok) {
      scope.armIdle();
      scope.observeAttempt({ status: res.status });
      return res;
    }
    return adjustFailedResponse(res, scope);
  };
}

async function adjustFailedResponse(res: Response, scope: CallScope): Promise<Response> {
  const retryAfterMs = parseRetryAfter(res.headers);
  if (retryAfterMs !== undefined) scope.retryAfterMs = retryAfterMs;
  scope.observeAttempt(retryAfterMs === undefined ? { status: res.status } : { status: res.status, retryAfterMs });
  let body: ConstructorParameters<typeof Response>[0] = res.body;
  let headers: Headers | undefined;
  if (res.status === 429) {
    const text = await res.text();
    body = text;
    if (text.includes('insufficient_quota')) (headers ??= new Headers(res.headers)).set('x-should-retry', 'false');
  }
  if (retryAfterMs !== undefined && retryAfterMs > scope.remainingMs) {
    headers ??= new Headers(res.headers);
    headers.set('retry-after-ms', String(Math.max(0, Math.ceil(scope.remainingMs)) + 10));
  }
  if (!headers && body === res.body) return res;
  return new Response(body, { status: res.status, statusText: res.statusText, headers: headers ?? res.headers });
}

/** `retry-after-ms`, else `retry-after` in seconds or as an HTTP date, as the SDKs read them. */
export function parseRetryAfter(headers: Headers): number | undefined {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? at - Date.now() : undefined;
}

// Concurrency of one provider that adapts to the server (AIMD, as TCP does): at most `limit` calls in
// flight; a 429 (or an overloaded 529) halves the limit and holds new calls back for the retry-after the
// server asked for; every success adds 1/limit, so the limit climbs back by one per round of calls.
// One decrease per round: a rate limit seen by a call sent before the last decrease is already answered.
// The SDKs keep retrying the calls in flight; this only decides when the next call may start.
import type { AttemptInfo } from '../../providers/types';

export interface LimiterOptions {
  /** The limit to start from and never exceed (`--concurrency`). */
  max: number;
  /** Never below this; default 1. */
  min?: number;
  /** Longest hold for one retry-after, in ms; default 60 000. */
  maxPauseMs?: number;
  now?: () => number;
}

export interface Permit {
  /** The limiter's round when the permit was granted. */
  readonly epoch: number;
  /** Feeds an HTTP attempt of the call to the limiter (CallOptions.onAttempt). */
  observe(attempt: AttemptInfo): void;
  /** Ends the call's hold on its slot; idempotent. */
  release(): void;
}

/** Statuses that mean "slow down". */
const BACK_OFF_STATUSES = new Set([429, 529]);

export class AdaptiveLimiter {
  readonly max: number;
  readonly min: number;
  private current: number;
  private active = 0;
  private round = 0;
  private pausedUntil = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly waiters: Array<{ grant: (permit: Permit) => void; fail: (error: unknown) => void; signal?: AbortSignal; onAbort?: () => void }> = [];
  private readonly maxPauseMs: number;
  private readonly now: () => number;
  /** Rate-limit responses seen, and how many of them lowered the limit. */
  rateLimited = 0;
  decreases = 0;

  constructor(options: LimiterOptions) {
    this.max = Math.max(1, Math.floor(options.max));
    this.min = Math.min(this.max, Math.max(1, Math.floor(options.min ?? 1)));
    this.current = this.max;
    this.maxPauseMs = options.maxPauseMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The concurrency allowed now (whole calls). */
  get limit(): number {
    return Math.floor(this.current);
  }

  get inFlight(): number {
    return this.active;
  }

  get epoch(): number {
    return this.round;
  }

  /** Milliseconds until new calls may start again (0 when not held back). */
  get pauseMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  acquire(signal?: AbortSignal): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
    if (this.waiters.length === 0 && this.canStart()) return Promise.resolve(this.grant());
    return new Promise<Permit>((resolve, reject) => {
      const waiter: (typeof this.waiters)[number] = { grant: resolve, fail: reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal.reason ?? new Error('aborted'));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** A permit now when a slot is free and nobody waits for one; undefined otherwise (then acquire()). */
  tryAcquire(): Permit | undefined {
    return this.waiters.length === 0 && this.canStart() ? this.grant() : undefined;
  }

  /**
   * Rejects every waiting acquire() with `reason` (a run that stops: its loops waiting for a slot end at
   * once). Lets a caller wait without an abort listener per acquire.
   */
  cancelWaiters(reason: unknown): void {
    const waiters = this.waiters.splice(0);
    for (const waiter of waiters) {
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.fail(reason);
    }
  }

  /** A call succeeded: additive increase. */
  onSuccess(): void {
    if (this.current < this.max) this.current = Math.min(this.max, this.current + 1 / Math.max(1, this.current));
    this.pump();
  }

  /** The server said slow down to a call granted in round `epoch`. */
  onRateLimit(epoch: number, retryAfterMs?: number): void {
    this.rateLimited++;
    if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0) {
      this.pausedUntil = Math.max(this.pausedUntil, this.now() + Math.min(retryAfterMs, this.maxPauseMs));
    }
    if (epoch === this.round) {
      this.current = Math.max(this.min, Math.floor(this.current / 2));
      this.round++;
      this.decreases++;
    }
    this.pump();
  }

  private canStart(): boolean {
    return this.active < Math.floor(this.current) && this.now() >= this.pausedUntil;
  }

  private grant(): Permit {
    this.active++;
    return new LimiterPermit(this, this.round);
  }

  /** A permit's call saw an HTTP attempt end (LimiterPermit.observe). */
  observeAttempt(permit: LimiterPermit, attempt: AttemptInfo): void {
    if (attempt.status !== undefined && BACK_OFF_STATUSES.has(attempt.status)) {
      this.onRateLimit(permit.epoch, attempt.retryAfterMs);
      // A retry of this call goes out after the decrease: it belongs to the new round.
      permit.epoch = this.round;
    } else if (attempt.status !== undefined && attempt.status < 400) {
      this.onSuccess();
    }
  }

  /** A permit was released (once). */
  releaseSlot(): void {
    this.active--;
    this.pump();
  }

  private pump(): void {
    while (this.waiters.length && this.canStart()) {
      const waiter = this.waiters.shift()!;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.grant(this.grant());
    }
    const wait = this.pauseMs;
    if (this.waiters.length && wait > 0 && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, wait);
    }
  }
}

/** One call's hold on a slot (a class: a run grants one per call). */
class LimiterPermit implements Permit {
  private released = false;

  constructor(
    private readonly limiter: AdaptiveLimiter,
    public epoch: number,
  ) {}

  observe(attempt: AttemptInfo): void {
    this.limiter.observeAttempt(this, attempt);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.limiter.releaseSlot();
  }
}

// A circuit breaker per model: `failures` consecutive retryable failures open it; after `resetMs` one trial
// call goes through (half-open) and its outcome closes or re-opens it.
export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private state: BreakerState = 'closed';
  private trialInFlight = false;

  constructor(
    private readonly threshold: number,
    private readonly resetMs: number,
    private readonly onChange: (open: boolean) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a call may go through now; in half-open only one trial at a time. */
  tryAcquire(): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open' && this.now() - this.openedAt >= this.resetMs) this.state = 'half-open';
    if (this.state === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return true;
    }
    return false;
  }

  /** Milliseconds until a trial call is allowed (0 when closed). */
  retryAfterMs(): number {
    if (this.state === 'closed') return 0;
    return Math.max(0, this.resetMs - (this.now() - this.openedAt));
  }

  success(): void {
    this.trialInFlight = false;
    this.failures = 0;
    if (this.state !== 'closed') {
      this.state = 'closed';
      this.onChange(false);
    }
  }

  /** A retryable failure (a non-retryable one, e.g. 400, says nothing about the provider's health). */
  failure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.state === 'half-open' || (this.state === 'closed' && this.failures >= this.threshold)) {
      const wasOpen = this.state !== 'closed';
      this.state = 'open';
      this.openedAt = this.now();
      if (!wasOpen) this.onChange(true);
    }
  }

  /** Ends a trial that neither succeeded nor failed (e.g. cancelled by the client). */
  release(): void {
    this.trialInFlight = false;
  }

  get current(): BreakerState {
    return this.state;
  }
}

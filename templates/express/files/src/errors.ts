// The error contract: `{ "error": { "kind", "message", "request_id" } }` with one status per kind.
export const STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  not_found: 404,
  payload_too_large: 413,
  idempotency_conflict: 422,
  rate_limited: 429,
  budget_exceeded: 429,
  internal_error: 500,
  upstream_error: 502,
  output_invalid: 502,
  output_blocked: 502,
  circuit_open: 503,
  shutting_down: 503,
  upstream_timeout: 504,
} as const;

export type ErrorKind = keyof typeof STATUS;

export class ServiceError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** Seconds, for 429 and 503. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  get status(): number {
    return STATUS[this.kind];
  }
}

/** Whole seconds, at least 1 (Retry-After). */
export function retryAfter(seconds: number): number {
  return Math.max(1, Math.ceil(seconds));
}

/** Seconds until the next UTC midnight, when daily budgets reset. */
export function secondsToNextUtcDay(now = new Date()): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.ceil((next - now.getTime()) / 1000);
}

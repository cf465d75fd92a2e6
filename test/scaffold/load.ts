// An open-loop load generator (wrk2-style): requests leave on a fixed schedule, whether or not earlier ones
// have answered, so a slow service cannot slow the load down and latency is measured from the intended
// send time (no coordinated omission).
export interface LoadResult {
  sent: number;
  /** Status code → count (0: the connection failed). */
  statuses: Record<number, number>;
  /** Every 429 carried a Retry-After of whole seconds >= 1. */
  rejectsWithoutRetryAfter: number;
  /** From the first scheduled send to the last. */
  durationS: number;
  /** From the first scheduled send to the last answer: no token can be granted outside this window. */
  windowS: number;
  latenciesMs: number[];
  /** Send time (s from start) of each accepted request. */
  acceptedAt: number[];
}

export interface LoadOptions {
  url: string;
  rate: number;
  durationS: number;
  body: (i: number) => unknown;
  headers?: Record<string, string>;
}

export async function openLoop(options: LoadOptions): Promise<LoadResult> {
  const total = Math.round(options.rate * options.durationS);
  const interval = 1000 / options.rate;
  const start = performance.now();
  const result: LoadResult = { sent: 0, statuses: {}, rejectsWithoutRetryAfter: 0, durationS: 0, windowS: 0, latenciesMs: [], acceptedAt: [] };
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    result.sent++;
    pending.push(
      fetch(options.url, { method: 'POST', headers: { 'content-type': 'application/json', ...options.headers }, body: JSON.stringify(options.body(i)) }).then(
        async (res) => {
          await res.arrayBuffer();
          result.windowS = Math.max(result.windowS, (performance.now() - start) / 1000);
          result.statuses[res.status] = (result.statuses[res.status] ?? 0) + 1;
          result.latenciesMs.push(performance.now() - due);
          if (res.status === 200) result.acceptedAt.push((due - start) / 1000);
          if (res.status === 429 && !/^[1-9]\d*$/.test(res.headers.get('retry-after') ?? '')) result.rejectsWithoutRetryAfter++;
        },
        () => {
          result.statuses[0] = (result.statuses[0] ?? 0) + 1;
        },
      ),
    );
  }
  result.durationS = ((total - 1) * interval) / 1000;
  await Promise.all(pending);
  return result;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

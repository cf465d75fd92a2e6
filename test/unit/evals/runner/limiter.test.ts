import assert from 'node:assert/strict';
import { AdaptiveLimiter, type Permit } from '../../../../src/core/evals/runner/limiter';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('adaptive limiter (per-provider concurrency)', () => {
  it('never has more than its limit in flight, and queues the rest in order', async () => {
    const limiter = new AdaptiveLimiter({ max: 3 });
    const granted: number[] = [];
    const permits: Permit[] = [];
    const waits = Array.from({ length: 6 }, (_, i) => limiter.acquire().then((p) => (granted.push(i), permits.push(p))));
    await tick();
    assert.deepEqual(granted, [0, 1, 2]);
    assert.equal(limiter.inFlight, 3);
    permits[0]!.release();
    permits[0]!.release(); // releasing twice frees one slot only
    await tick();
    assert.deepEqual(granted, [0, 1, 2, 3]);
    assert.equal(limiter.inFlight, 3);
    for (const p of permits.slice(1)) p.release();
    await Promise.all(waits);
    assert.deepEqual(granted, [0, 1, 2, 3, 4, 5]);
  });

  it('halves the limit on a 429, once per round of calls, not once per call', async () => {
    const limiter = new AdaptiveLimiter({ max: 16 });
    const permits = await Promise.all(Array.from({ length: 16 }, () => limiter.acquire()));
    // every call in flight sees a 429: one decrease, since they were all sent before it
    for (const p of permits) p.observe({ status: 429 });
    assert.equal(limiter.limit, 8);
    assert.equal(limiter.decreases, 1);
    assert.equal(limiter.rateLimited, 16);
    // the SDK's retries of those calls are in the new round: a second 429 on one of them halves again
    permits[0]!.observe({ status: 429 });
    assert.equal(limiter.limit, 4);
    permits[1]!.observe({ status: 429 });
    assert.equal(limiter.limit, 4);
    for (const p of permits) p.release();
  });

  it('treats 529 (overloaded) like 429, and other errors as neither success nor back-off', async () => {
    const limiter = new AdaptiveLimiter({ max: 8 });
    const p = await limiter.acquire();
    p.observe({ status: 500 });
    p.observe({});
    assert.equal(limiter.limit, 8);
    p.observe({ status: 529 });
    assert.equal(limiter.limit, 4);
    p.release();
  });

  it('climbs back by about one per round of successes, up to its maximum', async () => {
    const limiter = new AdaptiveLimiter({ max: 8 });
    const p = await limiter.acquire();
    p.observe({ status: 429 });
    p.observe({ status: 429 });
    assert.equal(limiter.limit, 2);
    let successes = 0;
    while (limiter.limit < 8) {
      p.observe({ status: 200 });
      successes++;
      assert.ok(successes < 100, 'the limit never recovered');
    }
    // additive increase: 1/limit per success, so 2→8 takes about 2+3+…+7 = 27 successes
    assert.ok(successes >= 20 && successes <= 30, `recovered after ${successes} successes`);
    for (let i = 0; i < 50; i++) p.observe({ status: 200 });
    assert.equal(limiter.limit, 8);
    p.release();
  });

  it('holds new calls back for the retry-after the server asked for, then lets them go', async () => {
    const limiter = new AdaptiveLimiter({ max: 4 });
    const p = await limiter.acquire();
    p.observe({ status: 429, retryAfterMs: 80 });
    const started = performance.now();
    const next = await limiter.acquire();
    const waited = performance.now() - started;
    assert.ok(waited >= 70, `waited only ${waited.toFixed(0)} ms`);
    assert.ok(waited < 1000, `waited ${waited.toFixed(0)} ms`);
    next.release();
    p.release();
  });

  it('caps a long retry-after', () => {
    let now = 1000;
    const limiter = new AdaptiveLimiter({ max: 4, maxPauseMs: 5000, now: () => now });
    limiter.onRateLimit(limiter.epoch, 120_000);
    assert.equal(limiter.pauseMs, 5000);
    now += 6000;
    assert.equal(limiter.pauseMs, 0);
  });

  it('never goes below its minimum', async () => {
    const limiter = new AdaptiveLimiter({ max: 4, min: 2 });
    for (let i = 0; i < 5; i++) limiter.onRateLimit(limiter.epoch);
    assert.equal(limiter.limit, 2);
  });

  it('a waiting acquire rejects when its signal aborts, and leaves the queue', async () => {
    const limiter = new AdaptiveLimiter({ max: 1 });
    const first = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
    first.release();
    const again = await limiter.acquire();
    assert.equal(limiter.inFlight, 1);
    again.release();
  });
});

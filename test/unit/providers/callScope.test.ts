// The call scope (deadline, caller signal, idle timer) and the fetch that keeps SDK retries inside it.
import assert from 'node:assert/strict';
import { CALL_SCOPE, CallScope, createScopedFetch, parseRetryAfter, raceScope } from '../../../src/core/providers/callScope';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fakeFetch(responses: Response[]): typeof fetch & { calls: number } {
  const f = (async () => {
    f.calls++;
    return responses.shift() ?? new Response('{}', { status: 200 });
  }) as unknown as typeof fetch & { calls: number };
  f.calls = 0;
  return f;
}

function init(scope: CallScope): RequestInit {
  return scope.requestOptions().fetchOptions as RequestInit;
}

describe('call scope', () => {
  it('ends at the deadline: signal aborted, reason deadline, raced promise rejected', async () => {
    const scope = new CallScope(30, 1000);
    const never = new Promise<void>(() => undefined);
    await assert.rejects(raceScope(scope, never), /deadline/);
    assert.equal(scope.endReason, 'deadline');
    assert.equal(scope.signal.aborted, true);
    scope.dispose(false);
  });

  it("ends when the caller's signal aborts, or at once when it already was", () => {
    const controller = new AbortController();
    const scope = new CallScope(10_000, 1000, controller.signal);
    assert.equal(scope.endReason, undefined);
    controller.abort();
    assert.equal(scope.endReason, 'cancelled');
    scope.dispose(false);
    const early = new CallScope(10_000, 1000, AbortSignal.abort());
    assert.equal(early.endReason, 'cancelled');
    early.dispose(false);
  });

  it('dispose after success leaves the request alone and stops listening to the caller', () => {
    const controller = new AbortController();
    const scope = new CallScope(10_000, 1000, controller.signal);
    scope.dispose(true);
    controller.abort();
    assert.equal(scope.signal.aborted, false);
    assert.equal(scope.endReason, undefined);
  });

  it('the idle timer ends a silent call, but waits while the consumer is busy', async () => {
    const scope = new CallScope(10_000, 30);
    scope.armIdle();
    scope.consumerBusy = true;
    await sleep(60);
    assert.equal(scope.endReason, undefined);
    scope.consumerBusy = false;
    await sleep(50);
    assert.equal(scope.endReason, 'idle');
    scope.dispose(false);
  });
});

describe('scoped fetch', () => {
  it('counts attempts, keeps the request id and arms the idle timer on success', async () => {
    const scope = new CallScope(10_000, 20);
    const f = createScopedFetch(fakeFetch([new Response('{}', { status: 200, headers: { 'x-request-id': 'req_9' } })]));
    await f('http://x', init(scope));
    assert.equal(scope.attempts, 1);
    assert.equal(scope.requestId, 'req_9');
    await sleep(40);
    assert.equal(scope.endReason, 'idle');
    scope.dispose(false);
  });

  it('passes requests without a scope straight through', async () => {
    const base = fakeFetch([]);
    await createScopedFetch(base)('http://x', {});
    assert.equal(base.calls, 1);
  });

  it('makes a 429 insufficient_quota final for the SDK', async () => {
    const scope = new CallScope(10_000, 1000);
    const body = JSON.stringify({ error: { type: 'insufficient_quota', message: 'out of credit' } });
    const res = await createScopedFetch(fakeFetch([new Response(body, { status: 429 })]))('http://x', init(scope));
    assert.equal(res.headers.get('x-should-retry'), 'false');
    assert.equal(await res.text(), body, 'the body is still there for the SDK');
    scope.dispose(true);
  });

  it('shortens a retry-after longer than the deadline to end just after it, and remembers the original', async () => {
    const scope = new CallScope(1000, 1000);
    const res = await createScopedFetch(fakeFetch([new Response('{}', { status: 429, headers: { 'retry-after': '120' } })]))('http://x', init(scope));
    const wait = Number(res.headers.get('retry-after-ms'));
    assert.ok(wait > 900 && wait <= 1010, String(wait));
    assert.equal(scope.retryAfterMs, 120_000);
    scope.dispose(true);
  });

  it('leaves a retry-after that fits in the deadline untouched', async () => {
    const scope = new CallScope(10_000, 1000);
    const original = new Response('{}', { status: 503, headers: { 'retry-after': '2' } });
    const res = await createScopedFetch(fakeFetch([original]))('http://x', init(scope));
    assert.equal(res, original);
    assert.equal(scope.retryAfterMs, 2000);
    scope.dispose(true);
  });

  it('carries the scope in a symbol key that fetch itself ignores', () => {
    const scope = new CallScope(10_000, 1000);
    const options = scope.requestOptions();
    assert.equal((options.fetchOptions as Record<symbol, unknown>)[CALL_SCOPE], scope);
    assert.deepEqual(Object.keys(options.fetchOptions), []);
    scope.dispose(true);
  });
});

describe('retry-after parsing', () => {
  it('reads retry-after-ms first, then seconds, then an HTTP date', () => {
    assert.equal(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' })), 250);
    assert.equal(parseRetryAfter(new Headers({ 'retry-after': '2' })), 2000);
    const date = parseRetryAfter(new Headers({ 'retry-after': new Date(Date.now() + 5000).toUTCString() }))!;
    assert.ok(date > 3000 && date <= 5000, String(date));
    assert.equal(parseRetryAfter(new Headers({ 'retry-after': 'soon' })), undefined);
    assert.equal(parseRetryAfter(new Headers()), undefined);
  });
});

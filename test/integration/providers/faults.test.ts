// The fault matrix of SECURITY.md against the real SDKs: attempts never exceed 1 + maxRetries (counted by
// the server), final errors are not retried, the deadline holds even against `retry-after: 120`, nothing is
// retried after the first streamed byte, and every case ends with a result or a typed ProviderError.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ClientSettings } from '../../../src/core/providers/types';
import type { ProviderErrorKind } from '../../../src/shared/types';
import { startLlmServer, type LlmServer } from '../../support/llmServer';
import { ask, collect, doneOf, failure, PROTOCOLS, providerFor, streamFailure, type Protocol } from './helpers';

const MAX_RETRIES = 2;
const MODES = ['complete', 'stream'] as const;
type Mode = (typeof MODES)[number];

function call(protocol: Protocol, mode: Mode, server: LlmServer, model: string, settings: ClientSettings = {}) {
  const provider = providerFor(protocol, server, { maxRetries: MAX_RETRIES, timeoutMs: 1000, deadlineMs: 5000, ...settings });
  const request = ask(protocol, 'Tell me something', { model });
  return mode === 'complete' ? provider.complete(request) : collect(provider.stream(request)).then(doneOf);
}

const RETRYABLE: [fault: string, kind: ProviderErrorKind][] = [
  ['408', 'timeout'],
  ['409', 'server'],
  ['429', 'rate_limit'],
  ['500', 'server'],
  ['503', 'server'],
  ['529', 'server'],
];
const FINAL: [fault: string, kind: ProviderErrorKind][] = [
  ['quota', 'quota'],
  ['400', 'invalid_request'],
  ['401', 'auth'],
  ['filter', 'content_filter'],
];

for (const protocol of PROTOCOLS) {
  for (const mode of MODES) {
    describe(`${protocol} ${mode}: fault matrix`, () => {
      let server: LlmServer;
      // retry-after 2 s becomes 10 ms and 5xx answers carry retry-after-ms 5: the SDKs still wait as told.
      before(async () => (server = await startLlmServer({ retryAfterMsScale: 0.005, errorRetryAfterMs: 5 })));
      after(() => server.close());
      beforeEach(() => server.reset());

      for (const [fault, kind] of RETRYABLE) {
        it(`${fault}: retried by the SDK, ${1 + MAX_RETRIES} attempts in all, then ${kind}`, async () => {
          const error = await failure(call(protocol, mode, server, `fault-${fault}`));
          assert.equal(error.kind, kind);
          assert.equal(error.provider, protocol);
          assert.equal(error.status, fault === '429' ? 429 : Number(fault));
          assert.equal(error.retryable, true);
          assert.equal(error.exitCode, 1);
          assert.ok(error.hint && error.hint.length > 10, 'says what to do next');
          const attempts = server.chatRequests();
          assert.equal(attempts.length, 1 + MAX_RETRIES, 'attempts seen by the server');
          assert.equal(error.attempts, 1 + MAX_RETRIES);
          assert.deepEqual(attempts.map((r) => r.headers['x-stainless-retry-count']), ['0', '1', '2']);
          assert.ok(error.requestId?.startsWith('req_test_'));
        });
      }

      it('recovers when a retry succeeds', async () => {
        server.setFaults(['503', '429']);
        const result = await call(protocol, mode, server, 'claude-or-gpt');
        assert.match(result.text, /^You said/);
        assert.equal(server.chatRequests().length, 3);
      });

      for (const [fault, kind] of FINAL) {
        it(`${fault}: final, never retried, ${kind}`, async () => {
          const error = await failure(call(protocol, mode, server, `fault-${fault}`));
          assert.equal(error.kind, kind);
          assert.equal(error.retryable, false);
          assert.equal(server.chatRequests().length, 1, 'one attempt only');
        });
      }

      it('stalled headers: the per-attempt timeout fires, attempts stay within 1 + maxRetries', async () => {
        const error = await failure(call(protocol, mode, server, 'fault-stall-headers', { maxRetries: 1, timeoutMs: 250 }));
        assert.equal(error.kind, 'timeout');
        assert.equal(server.chatRequests().length, 2);
        await server.waitFor(() => server.chatRequests().every((r) => r.clientClosed));
      });

      it('stalled body: timeout after the per-attempt timeout, not retried once headers arrived', async () => {
        const started = performance.now();
        const error = await failure(call(protocol, mode, server, 'fault-stall-body', { timeoutMs: 300 }));
        assert.equal(error.kind, 'timeout');
        assert.ok(performance.now() - started < 1000);
        assert.equal(server.chatRequests().length, 1);
        await server.waitFor(() => server.chatRequests()[0]!.clientClosed);
      });

      it('connection reset mid-response: network error, not retried, no partial success', async () => {
        const error = await failure(call(protocol, mode, server, `fault-reset-${protocol === 'openai' ? 3 : 5}`));
        assert.equal(error.kind, 'network');
        assert.equal(error.retryable, true);
        assert.equal(server.chatRequests().length, 1, 'nothing is retried after the first byte');
      });

      it('a response cut short without its terminal event is an error, never a truncated success', async () => {
        const error = await failure(call(protocol, mode, server, `fault-truncate-${protocol === 'openai' ? 3 : 5}`));
        assert.equal(error.kind, mode === 'stream' ? 'network' : 'server');
        assert.equal(server.chatRequests().length, 1);
      });
    });
  }

  describe(`${protocol}: streamed text before a reset`, () => {
    let server: LlmServer;
    before(async () => (server = await startLlmServer()));
    after(() => server.close());

    it('delivers the deltas already received, then the typed error and no done event', async () => {
      const provider = providerFor(protocol, server, { maxRetries: 2 });
      const { events, error } = await streamFailure(provider.stream(ask(protocol, 'a long story please', { model: 'fault-reset-6' })));
      assert.ok(events.some((e) => e.type === 'text'), 'some text arrived before the reset');
      assert.ok(!events.some((e) => e.type === 'done'));
      assert.equal(error.kind, 'network');
      assert.match(error.message, /broke mid-response/);
      assert.equal(server.chatRequests().length, 1);
    });
  });

  describe(`${protocol}: an unreachable endpoint`, () => {
    it('network error naming the base URL, after 1 + maxRetries attempts', async () => {
      const gone = await startLlmServer();
      await gone.close(); // nothing listens on this port any more
      const provider = providerFor(protocol, gone, { maxRetries: 1 });
      const error = await failure(provider.complete(ask(protocol, 'hello')));
      assert.equal(error.kind, 'network');
      assert.match(error.message, new RegExp(`could not reach ${protocol} at http://127\\.0\\.0\\.1:${gone.port}.*2 attempts: .*ECONNREFUSED`));
      assert.match(error.hint ?? '', /is reachable/);
      assert.equal(error.attempts, 2);
    });
  });

  describe(`${protocol}: a stream missing only its last events`, () => {
    let server: LlmServer;
    before(async () => (server = await startLlmServer()));
    after(() => server.close());

    it(protocol === 'openai' ? 'finish_reason but no usage chunk and no [DONE]: an error' : 'everything but message_stop: an error', async () => {
      const model = protocol === 'openai' ? 'fault-truncate-last-2' : 'fault-truncate-last-1';
      const { events, error } = await streamFailure(providerFor(protocol, server).stream(ask(protocol, 'hello', { model })));
      assert.equal(error.kind, 'network');
      assert.match(error.message, protocol === 'openai' ? /no usage chunk/ : /no message_stop/);
      assert.ok(events.some((e) => e.type === 'text'));
    });
  });

  describe(`${protocol}: retry-after as the server sends it`, () => {
    let server: LlmServer;
    before(async () => (server = await startLlmServer()));
    after(() => server.close());

    for (const mode of MODES) {
      it(`${mode}: 429 with retry-after 120 and a 600 ms deadline: typed timeout on time, no request follows`, async () => {
        server.reset();
        const started = performance.now();
        const error = await failure(call(protocol, mode, server, 'fault-429-long', { deadlineMs: 600 }));
        const elapsed = performance.now() - started;
        assert.equal(error.kind, 'timeout');
        assert.ok(elapsed >= 580 && elapsed < 1000, `ended after ${elapsed.toFixed(0)} ms`);
        assert.match(error.hint ?? '', /asked to wait 120 s/);
        await new Promise((r) => setTimeout(r, 150));
        assert.equal(server.chatRequests().length, 1, 'the SDK made no request after the deadline');
      });
    }

    it('a process exits right after the deadline: no SDK back-off sleep keeps it alive', async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/providers/fixtures/deadlineChild.ts', server.url, protocol], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let endedAt = 0;
      let output = '';
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        endedAt ||= performance.now();
      });
      const guard = setTimeout(() => child.kill(), 8000); // a lingering child must not outlive the test
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      clearTimeout(guard);
      const lingered = performance.now() - endedAt;
      assert.equal(output.trim(), 'ended timeout');
      assert.equal(code, 0);
      assert.ok(lingered < 1500, `the process stayed ${lingered.toFixed(0)} ms after the call ended`);
    });

    it('waits the 2 s of retry-after before the retry', async () => {
      server.reset();
      server.setFaults(['429']);
      const result = await call(protocol, 'complete', server, 'gpt-4o-mini', { maxRetries: 1 });
      assert.match(result.text, /^You said/);
      const [first, second] = server.chatRequests();
      const gap = second!.startedAt - first!.startedAt;
      assert.ok(gap >= 1950 && gap < 3000, `retried after ${gap} ms`);
    });
  });
}

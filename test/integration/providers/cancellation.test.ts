// Cancellation and deadlines while a reply is in flight: the call ends promptly with a typed error, and the
// server sees the connection closed before its response was finished (no request keeps running).
import assert from 'node:assert/strict';
import { startLlmServer, type LlmServer } from '../../support/llmServer';
import { ask, failure, PROTOCOLS, providerFor } from './helpers';

for (const protocol of PROTOCOLS) {
  describe(`${protocol}: cancellation`, () => {
    let server: LlmServer;
    // A slow stream: 40 ms between chunks, so the reply is far from finished when we stop.
    before(async () => (server = await startLlmServer({ latency: { chunkMs: 40 } })));
    after(() => server.close());
    beforeEach(() => server.reset());

    it('abort after the first delta: cancelled promptly, and the server saw the connection close mid-response', async () => {
      const controller = new AbortController();
      const provider = providerFor(protocol, server);
      let abortedAt = 0;
      let textEvents = 0;
      const error = await failure(
        (async () => {
          for await (const event of provider.stream(ask(protocol, 'a long story about the sea'), { signal: controller.signal })) {
            if (event.type === 'text') textEvents++;
            if (event.type === 'text' && !abortedAt) {
              abortedAt = performance.now();
              controller.abort();
            }
          }
        })(),
      );
      const took = performance.now() - abortedAt;
      assert.equal(error.kind, 'cancelled');
      assert.equal(error.retryable, false);
      assert.equal(textEvents, 1, 'no events after the abort');
      assert.ok(took < 250, `ended ${took.toFixed(0)} ms after the abort`);
      const [rec] = server.chatRequests();
      await server.waitFor(() => rec!.clientClosed);
      assert.equal(rec!.finished, false);
      assert.equal(server.chatRequests().length, 1, 'a cancelled call is not retried');
    });

    it('no event is delivered after an abort, even one already received and buffered', async () => {
      const controller = new AbortController();
      const provider = providerFor(protocol, server, { headers: { 'x-test-latency': '0,0' } }); // the whole reply at once
      const seen: string[] = [];
      const error = await failure(
        (async () => {
          for await (const event of provider.stream(ask(protocol, 'a long story about the sea'), { signal: controller.signal })) {
            seen.push(event.type);
            if (event.type === 'text') controller.abort();
          }
        })(),
      );
      assert.equal(error.kind, 'cancelled');
      assert.deepEqual(seen.filter((t) => t !== 'tool_call_delta'), ['text']);
    });

    it('abort while waiting for the first byte of a non-streamed call', async () => {
      const controller = new AbortController();
      const provider = providerFor(protocol, server, { headers: { 'x-test-latency': '2000' } });
      const pending = provider.complete(ask(protocol, 'hello'), { signal: controller.signal });
      await server.waitFor(() => server.chatRequests().length === 1);
      const abortedAt = performance.now();
      controller.abort();
      const error = await failure(pending);
      assert.equal(error.kind, 'cancelled');
      assert.ok(performance.now() - abortedAt < 250);
      await server.waitFor(() => server.chatRequests()[0]!.clientClosed);
    });

    it('an already aborted signal sends nothing', async () => {
      const error = await failure(providerFor(protocol, server).complete(ask(protocol, 'hello'), { signal: AbortSignal.abort() }));
      assert.equal(error.kind, 'cancelled');
      assert.equal(server.chatRequests().length, 0);
    });

    it('a consumer that stops reading early closes the connection', async () => {
      for await (const event of providerFor(protocol, server).stream(ask(protocol, 'a long story about the sea'))) {
        if (event.type === 'text') break;
      }
      const [rec] = server.chatRequests();
      await server.waitFor(() => rec!.clientClosed);
      assert.equal(rec!.finished, false);
    });

    it('the deadline passing mid-stream ends the call with timeout and closes the connection', async () => {
      const started = performance.now();
      const error = await failure(
        (async () => {
          for await (const event of providerFor(protocol, server, { deadlineMs: 200 }).stream(ask(protocol, 'a long story about the sea'))) void event;
        })(),
      );
      const took = performance.now() - started;
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /deadline of 200 ms/);
      assert.ok(took >= 195 && took < 600, `took ${took.toFixed(0)} ms`);
      await server.waitFor(() => server.chatRequests()[0]!.clientClosed);
    });

    it('a slow consumer does not count as a silent server (the idle timeout measures the server only)', async () => {
      const provider = providerFor(protocol, server, { timeoutMs: 150 });
      let text = '';
      let slowReads = 0;
      for await (const event of provider.stream(ask(protocol, 'short'))) {
        if (event.type === 'text') {
          text += event.delta;
          if (slowReads++ < 2) await new Promise((r) => setTimeout(r, 250)); // longer than the idle timeout
        }
        if (event.type === 'done') assert.equal(event.result.text, text);
      }
      assert.match(text, /^You said/);
    });
  });
}

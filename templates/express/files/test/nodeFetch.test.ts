// The SDKs' transport (src/nodeFetch.ts) against a real local server: what the SDKs rely on from fetch.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import OpenAI from 'openai';
import { nodeFetch } from '../src/nodeFetch.js';

const fetchOverNode = nodeFetch();
let server: http.Server;
let base = '';
let closedEarly = 0;
let cutOnce = 0;

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      if (req.url === '/echo') {
        res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
        res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization, length: req.headers['content-length'], body }));
      } else if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: one\n\n');
        setTimeout(() => res.end('data: two\n\n'), 200);
      } else if (req.url === '/stall') {
        res.on('close', () => closedEarly++);
      } else if (req.url === '/stall-body' || req.url === '/stall-stream') {
        res.writeHead(200, { 'content-type': req.url === '/stall-body' ? 'application/json' : 'text/event-stream' });
        res.write(req.url === '/stall-body' ? '{"partial":' : 'data: one\n\n');
        res.on('close', () => closedEarly++);
      } else if (req.url === '/cut' || (req.url === '/cut-once' && cutOnce++ === 0)) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
        res.write(req.url === '/cut' ? '{"partial":' : '{"id":"c1","object":"chat.completion",');
        setTimeout(() => res.socket?.destroy(), 20);
      } else if (req.url === '/cut-once') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'second attempt' } }], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }));
      } else if (req.url === '/gzip') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(zlib.gzipSync(JSON.stringify({ compressed: true })));
      } else if (req.url === '/empty') {
        res.writeHead(204);
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

test('nodeFetch: a JSON POST with headers and a body, answered with status, headers and a body', async () => {
  const res = await fetchOverNode(`${base}/echo`, { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body: '{"a":1}' });
  assert.equal(res.status, 201);
  assert.equal(res.headers.get('x-request-id'), 'req-1');
  assert.deepEqual(await res.json(), { method: 'POST', auth: 'Bearer k', length: '7', body: '{"a":1}' });
});

test('nodeFetch: a streamed body arrives as it is sent', async () => {
  const res = await fetchOverNode(`${base}/stream`);
  const reader = res.body!.getReader();
  const started = performance.now();
  const first = await reader.read();
  assert.equal(Buffer.from(first.value!).toString(), 'data: one\n\n');
  assert.ok(performance.now() - started < 150, 'the first event did not wait for the end');
  let rest = '';
  for (let r = await reader.read(); !r.done; r = await reader.read()) rest += Buffer.from(r.value).toString();
  assert.equal(rest, 'data: two\n\n');
});

test('nodeFetch: an abort before the answer rejects with the reason and closes the request', async () => {
  const before = closedEarly;
  const controller = new AbortController();
  const pending = fetchOverNode(`${base}/stall`, { signal: controller.signal });
  setTimeout(() => controller.abort(new DOMException('deadline', 'TimeoutError')), 50);
  await assert.rejects(pending, (e: Error) => e.name === 'TimeoutError');
  for (let i = 0; i < 50 && closedEarly === before; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(closedEarly, before + 1, 'the server saw the connection close');
  await assert.rejects(fetchOverNode(`${base}/echo`, { signal: AbortSignal.abort() }), (e: Error) => e.name === 'AbortError');
});

test('nodeFetch: an abort while a JSON answer arrives rejects; while a stream is read, it errors the stream', async () => {
  const json = new AbortController();
  const pending = fetchOverNode(`${base}/stall-body`, { signal: json.signal });
  setTimeout(() => json.abort(), 50);
  await assert.rejects(pending, (e: Error) => e.name === 'AbortError');
  const sse = new AbortController();
  const res = await fetchOverNode(`${base}/stall-stream`, { signal: sse.signal });
  setTimeout(() => sse.abort(), 50);
  await assert.rejects(res.text(), (e: Error) => e.name === 'AbortError');
});

test('nodeFetch: a JSON answer cut in the middle rejects as fetch failed, which the SDK retries', async () => {
  await assert.rejects(fetchOverNode(`${base}/cut`), (e: Error) => e instanceof TypeError && e.message === 'fetch failed');
  let calls = 0;
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: base, maxRetries: 1, fetch: (input, init) => (calls++, fetchOverNode(input, init)) });
  const completion = await client.post<{ choices: Array<{ message: { content: string } }> }>('/cut-once', { body: {} });
  assert.equal(completion.choices[0]!.message.content, 'second attempt');
  assert.equal(calls, 2, 'the cut answer was retried once');
});

test('nodeFetch: a refused connection is a TypeError with the cause, as fetch reports it', async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = http.createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  await assert.rejects(fetchOverNode(`http://127.0.0.1:${port}/`), (e: Error & { cause?: { code?: string } }) => e instanceof TypeError && e.cause?.code === 'ECONNREFUSED');
});

test('nodeFetch: gzip is decoded, and a 204 has no body', async () => {
  const res = await fetchOverNode(`${base}/gzip`);
  assert.deepEqual(await res.json(), { compressed: true });
  assert.equal(res.headers.get('content-encoding'), null);
  const empty = await fetchOverNode(`${base}/empty`, { method: 'DELETE' });
  assert.equal(empty.status, 204);
  assert.equal(empty.body, null);
});

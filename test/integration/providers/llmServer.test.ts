// The test LLM server itself, over raw HTTP: fault selection (header, model name, queue, seeded rate),
// request ids, model lists, embeddings and what it records.
import assert from 'node:assert/strict';
import { startLlmServer, type LlmServer } from '../../support/llmServer';

const chatBody = (model = 'gpt-4o-mini') => JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] });

async function post(server: LlmServer, headers: Record<string, string> = {}, body = chatBody()): Promise<Response> {
  return fetch(`${server.openaiBaseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe('test LLM server', () => {
  let server: LlmServer;
  before(async () => (server = await startLlmServer()));
  after(() => server.close());
  beforeEach(() => server.reset());

  it('answers exactly the scripted text of a [[reply: ...]] marker, in every format', async () => {
    const scripted = (content: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra });
    const text = async (res: Response) => ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content;
    assert.equal(await text(await post(server, {}, scripted('Grade this. [[reply: {"pass": true} ]] thanks'))), '{"pass": true}');
    assert.equal(await text(await post(server, {}, scripted('[[reply:plain]]', { response_format: { type: 'json_object' } }))), 'plain');
    assert.match(await text(await post(server, {}, scripted('no marker here'))), /^You said: "no marker here"/);
    assert.equal(await text(await post(server, {}, scripted('[[reply: Paris [[reply: {"questions": ["Why?"]}]]]] and more]]'))), 'Paris [[reply: {"questions": ["Why?"]}]]');
    assert.equal(await text(await post(server, {}, scripted('[[reply: a [[b]]'))), 'a [[b', 'unbalanced: the first ]] ends it');
  });

  it('picks faults from the header, the model name, then the queue, in that order', async () => {
    server.setFaults(['500', '409']);
    assert.equal((await post(server, { 'x-test-fault': '401' })).status, 401);
    assert.equal((await post(server, {}, chatBody('fault-529'))).status, 529);
    assert.equal((await post(server)).status, 500);
    assert.equal((await post(server)).status, 409);
    assert.equal((await post(server)).status, 200);
    assert.deepEqual(server.requests.map((r) => r.fault), ['401', '529', '500', '409', undefined]);
  });

  it('spreads faults evenly when asked: exactly floor(n × p) of the first n chat calls fail', async () => {
    server.reset();
    server.setFaultRate({ probability: 0.3, kinds: ['429', '500'], seed: 3, even: true });
    const failedAfter: number[] = [];
    for (let i = 1; i <= 20; i++) {
      await (await post(server)).arrayBuffer();
      failedAfter.push(server.requests.filter((r) => r.fault).length);
    }
    server.setFaultRate(undefined);
    assert.deepEqual(failedAfter, failedAfter.map((_, i) => Math.floor((i + 1) * 0.3)));
    assert.ok(server.requests.filter((r) => r.fault).every((r) => r.fault === '429' || r.fault === '500'));
  });

  it('draws faults at a seeded rate: the same seed gives the same sequence', async () => {
    const sequence = async (seed: number) => {
      server.reset();
      server.setFaultRate({ probability: 0.5, kinds: ['500', '503'], seed });
      for (let i = 0; i < 20; i++) await (await post(server)).arrayBuffer();
      server.setFaultRate(undefined);
      return server.requests.map((r) => r.status);
    };
    const a = await sequence(42);
    assert.deepEqual(await sequence(42), a);
    assert.notDeepEqual(await sequence(7), a);
    assert.ok(a.includes(200) && a.some((s) => s !== 200), a.join());
  });

  it('sends request ids in each protocol header and errors in each protocol format', async () => {
    const oa = await post(server, { 'x-test-fault': '429' });
    assert.match(oa.headers.get('x-request-id') ?? '', /^req_test_/);
    assert.equal(oa.headers.get('retry-after'), '2');
    assert.equal(((await oa.json()) as { error: { code: string } }).error.code, 'rate_limit_exceeded');
    const an = await fetch(`${server.url}/v1/messages`, { method: 'POST', headers: { 'x-test-fault': '529', 'anthropic-version': '2026-10-21' }, body: chatBody() });
    assert.match(an.headers.get('request-id') ?? '', /^req_test_/);
    assert.deepEqual(await an.json(), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: an.headers.get('request-id') });
  });

  it('lists models in both formats and answers unknown paths with 404', async () => {
    const oa = (await (await fetch(`${server.openaiBaseURL}/models`)).json()) as { object: string; data: { id: string }[] };
    assert.equal(oa.object, 'list');
    assert.ok(oa.data.some((m) => m.id === 'gpt-4o-mini'));
    const an = (await (await fetch(`${server.url}/v1/models`, { headers: { 'anthropic-version': '2026-10-21' } })).json()) as { data: { type: string }[]; has_more: boolean };
    assert.equal(an.data[0]!.type, 'model');
    assert.equal(an.has_more, false);
    assert.equal((await fetch(`${server.url}/v1/nope`)).status, 404);
  });

  it('embeds deterministically, as floats or base64', async () => {
    const ask = async (format?: string) =>
      (await (await fetch(`${server.openaiBaseURL}/embeddings`, { method: 'POST', body: JSON.stringify({ model: 'e', input: 'same text', encoding_format: format, dimensions: 4 }) })).json()) as { data: { embedding: number[] | string }[] };
    const floats = (await ask()).data[0]!.embedding as number[];
    assert.equal(floats.length, 4);
    assert.deepEqual((await ask()).data[0]!.embedding, floats);
    const bytes = Buffer.from((await ask('base64')).data[0]!.embedding as string, 'base64');
    const decoded = [...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)];
    assert.equal(decoded.length, 4);
    decoded.forEach((x, i) => assert.ok(Math.abs(x - floats[i]!) < 1e-6));
  });

  it('records who called and how, but never the key', async () => {
    const key = 'sk-recorded-never-0123456789';
    await (await post(server, { authorization: `Bearer ${key}`, 'x-custom': 'yes' })).arrayBuffer();
    const [rec] = server.requests;
    assert.deepEqual([rec!.hadAuth, rec!.keyLength, rec!.model, rec!.path, rec!.finished, rec!.clientClosed], [true, key.length, 'gpt-4o-mini', '/v1/chat/completions', true, false]);
    assert.equal(rec!.headers['x-custom'], 'yes');
    assert.ok(!JSON.stringify(server.requests).includes(key));
  });
});

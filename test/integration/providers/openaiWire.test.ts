// What the OpenAI provider puts on the wire, as the test server recorded it, and the OpenAI-only features:
// compatible endpoints without a key, custom headers, embeddings.
import assert from 'node:assert/strict';
import { createOpenAIProvider } from '../../../src/core/providers/openai';
import { startLlmServer, type LlmServer } from '../../support/llmServer';
import { embedding } from '../../support/llmServerReplies';
import { ask, collect, doneOf, providerFor, TEST_KEY } from './helpers';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded JSON

describe('openai provider: the request on the wire', () => {
  let server: LlmServer;
  before(async () => (server = await startLlmServer()));
  after(() => server.close());
  beforeEach(() => server.reset());

  it('sends messages, parameters, tools and response format in Chat Completions form', async () => {
    const provider = providerFor('openai', server);
    await provider.complete({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'w', arguments: '{"city":"Oslo"}' }] },
        { role: 'tool', toolCallId: 'c1', content: 'rain' },
      ],
      parameters: { maxTokens: 50, temperature: 0.3, topP: 0.9, stop: ['END'], seed: 7, frequencyPenalty: 0.1, presencePenalty: 0.2 },
      tools: [{ name: 'w', description: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
      toolChoice: 'required',
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
    });
    const body = server.chatRequests()[0]!.body as Body;
    assert.deepEqual(body.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'w', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'rain' },
    ]);
    assert.equal(body.max_completion_tokens, 50, 'OpenAI itself gets max_completion_tokens');
    assert.equal(body.max_tokens, undefined);
    assert.deepEqual([body.temperature, body.top_p, body.stop, body.seed, body.frequency_penalty, body.presence_penalty], [0.3, 0.9, ['END'], 7, 0.1, 0.2]);
    assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'w', description: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }]);
    assert.equal(body.tool_choice, 'required');
    assert.deepEqual(body.response_format, { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } });
    assert.equal(body.stream, false);
  });

  it('asks for the usage chunk when streaming', async () => {
    await collect(providerFor('openai', server).stream(ask('openai', 'hi')));
    const body = server.chatRequests()[0]!.body as Body;
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
  });

  it('sends the key as a bearer token, and the server never records it', async () => {
    await providerFor('openai', server).complete(ask('openai', 'hi'));
    const rec = server.chatRequests()[0]!;
    assert.equal(rec.hadAuth, true);
    assert.equal(rec.keyLength, TEST_KEY.length);
    assert.equal(rec.headers['x-stainless-retry-count'], '0');
    assert.equal(rec.headers.authorization, undefined);
    assert.ok(!JSON.stringify(server.requests).includes(TEST_KEY));
  });

  it('talks to a compatible endpoint without a key: no Authorization header, max_tokens, custom headers', async () => {
    const provider = createOpenAIProvider({
      name: 'vllm',
      flavor: 'compatible',
      settings: { baseURL: server.openaiBaseURL, headers: { 'x-team': 'lab', 'HTTP-Referer': 'https://promptyard.dev' } },
    });
    const result = await provider.complete(ask('openai', 'hello', { model: 'meta-llama/llama-3.1-8b', parameters: { maxTokens: 20 } }));
    assert.equal(result.modelId, 'vllm/meta-llama/llama-3.1-8b');
    assert.equal(result.cost, undefined, 'an unknown model has no cost');
    const rec = server.chatRequests()[0]!;
    assert.equal(rec.hadAuth, false);
    assert.equal(rec.headers['x-team'], 'lab');
    assert.equal(rec.headers['http-referer'], 'https://promptyard.dev');
    assert.equal(rec.headers['openai-organization'], undefined);
    const body = rec.body as Body;
    assert.equal(body.max_tokens, 20);
    assert.equal(body.max_completion_tokens, undefined);
    assert.equal(body.model, 'meta-llama/llama-3.1-8b');
  });

  it('embeds texts in order, as float vectors', async () => {
    const vectors = await providerFor('openai', server).embed!('text-embedding-3-small', ['first text', 'second', 'third one']);
    assert.equal(vectors.length, 3);
    assert.deepEqual(vectors[1], embedding('second', 8));
    assert.equal((server.requests.at(-1)!.body as Body).encoding_format, 'float');
  });

  it('streams a reply through a compatible endpoint too', async () => {
    const provider = createOpenAIProvider({ name: 'lmstudio', flavor: 'compatible', settings: { baseURL: server.openaiBaseURL } });
    const result = doneOf(await collect(provider.stream(ask('openai', 'hello there'))));
    assert.match(result.text, /hello there/);
    assert.equal(result.modelId, 'lmstudio/gpt-4o-mini');
  });

  it('accepts a compatible stream without the usage chunk (servers that ignore include_usage)', async () => {
    const provider = createOpenAIProvider({ name: 'old-server', flavor: 'compatible', settings: { baseURL: server.openaiBaseURL } });
    const result = doneOf(await collect(provider.stream(ask('openai', 'hello there', { model: 'fault-truncate-last-2' }))));
    assert.match(result.text, /hello there/);
    assert.deepEqual(result.usage, { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 });
  });
});

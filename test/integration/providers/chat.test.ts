// Both providers through their real SDKs against the test LLM server: plain and streamed replies, tools,
// JSON output, usage (cached tokens included), cost, request ids and model lists.
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { startLlmServer, type LlmServer } from '../../support/llmServer';
import { countTokens } from '../../support/llmServerReplies';
import { ask, collect, doneOf, MODEL, PROTOCOLS, providerFor, textOf } from './helpers';
import type { Provider } from '../../../src/core/providers/types';

const WEATHER = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string', minLength: 2 }, days: { type: 'integer', minimum: 1, maximum: 7 }, unit: { enum: ['C', 'F'] } },
    required: ['city', 'days', 'unit'],
    additionalProperties: false,
  },
};
const TIME = { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] } };
const PERSON = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    age: { type: 'integer', minimum: 18 },
    tags: { type: 'array', items: { type: 'string' }, minItems: 2, uniqueItems: true },
    address: { $ref: '#/$defs/address' },
  },
  required: ['name', 'age', 'tags', 'address'],
  additionalProperties: false,
  $defs: { address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

const ajv = new Ajv({ strict: false });

for (const protocol of PROTOCOLS) {
  describe(`${protocol} provider over HTTP`, () => {
    let server: LlmServer;
    let provider: Provider;

    before(async () => {
      server = await startLlmServer();
      provider = providerFor(protocol, server);
    });
    after(() => server.close());
    beforeEach(() => server.reset());

    it('completes a chat with the non-streaming API: text, usage, finish reason, request id, cost', async () => {
      const result = await provider.complete(ask(protocol, 'Tell me about the orchard in spring'));
      assert.match(result.text, /^You said: "Tell me about the orchard in spring"\./);
      assert.equal(result.finishReason, 'stop');
      assert.equal(result.modelId, `${protocol}/${MODEL[protocol]}`);
      assert.deepEqual(result.usage, { inputTokens: 7, outputTokens: countTokens(result.text), cachedInputTokens: 0 });
      const [req] = server.chatRequests();
      assert.equal(req!.stream, false);
      assert.equal(result.requestId, req!.requestId);
      assert.ok(result.latencyMs > 0);
      assert.equal(result.firstTokenMs, undefined);
      const price = protocol === 'openai' ? { input: 0.15, output: 0.6 } : { input: 1, output: 5 };
      assert.ok(result.cost);
      assert.ok(Math.abs(result.cost.total - (7 * price.input + result.usage.outputTokens * price.output) / 1e6) < 1e-12);
      assert.equal(result.cost.pricedAt, '2026-12-01');
    });

    it('streams the same reply as text deltas, a usage event, then done', async () => {
      const request = ask(protocol, 'Tell me about the orchard in spring');
      const plain = await provider.complete(request);
      const events = await collect(provider.stream(request));
      const result = doneOf(events);
      assert.ok(events.filter((e) => e.type === 'text').length > 3, 'several text deltas');
      assert.equal(textOf(events), plain.text);
      assert.equal(result.text, plain.text);
      assert.deepEqual(result.usage, plain.usage);
      const usageAt = events.findIndex((e) => e.type === 'usage');
      assert.ok(usageAt > 0 && usageAt < events.length - 1, 'usage before done');
      assert.ok(result.firstTokenMs !== undefined && result.firstTokenMs <= result.latencyMs);
      assert.equal(server.chatRequests()[1]!.stream, true);
      assert.equal(result.requestId, server.chatRequests()[1]!.requestId);
    });

    it('maps cached input tokens and prices them at the cached rate', async () => {
      const result = await provider.complete(ask(protocol, 'one two three four five six seven [cache]'));
      assert.deepEqual(result.usage, { inputTokens: 8, outputTokens: countTokens(result.text), cachedInputTokens: 4 });
      const streamed = doneOf(await collect(provider.stream(ask(protocol, 'one two three four five six seven [cache]'))));
      assert.deepEqual(streamed.usage, result.usage);
      const p = protocol === 'openai' ? { input: 0.15, cached: 0.075, output: 0.6 } : { input: 1, cached: 0.1, output: 5 };
      const expected = (4 * p.input + 4 * p.cached + result.usage.outputTokens * p.output) / 1e6;
      assert.ok(Math.abs(result.cost!.total - expected) < 1e-12, `${result.cost!.total} vs ${expected}`);
    });

    it('returns a tool call whose arguments fit the tool schema (non-streamed)', async () => {
      const result = await provider.complete(ask(protocol, 'Weather in Oslo?', { tools: [WEATHER, TIME] }));
      assert.equal(result.finishReason, 'tool_calls');
      assert.equal(result.text, '');
      assert.equal(result.toolCalls.length, 1);
      const call = result.toolCalls[0]!;
      assert.equal(call.name, 'get_weather');
      assert.ok(call.id.length > 0);
      assert.ok(ajv.validate(WEATHER.parameters, JSON.parse(call.arguments)), ajv.errorsText());
    });

    it('streams tool call deltas that add up to the final arguments', async () => {
      const events = await collect(provider.stream(ask(protocol, 'Time in Tokyo?', { tools: [WEATHER, TIME], toolChoice: { name: 'get_time' } })));
      const result = doneOf(events);
      const deltas = events.filter((e) => e.type === 'tool_call_delta');
      assert.ok(deltas.length >= 2);
      assert.equal(deltas[0]!.type === 'tool_call_delta' && deltas[0]!.name, 'get_time');
      const args = deltas.map((d) => (d.type === 'tool_call_delta' ? d.argumentsDelta : '')).join('');
      assert.deepEqual(result.toolCalls, [{ id: result.toolCalls[0]!.id, name: 'get_time', arguments: args }]);
      assert.ok(ajv.validate(TIME.parameters, JSON.parse(args)));
      assert.equal(result.finishReason, 'tool_calls');
    });

    it('answers a tool result with text that mentions it', async () => {
      const result = await provider.complete({
        model: MODEL[protocol],
        tools: [WEATHER],
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: 'Weather in Oslo?' },
          { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo","days":1,"unit":"C"}' }] },
          { role: 'tool', toolCallId: 'call_1', content: 'light rain and 7 degrees' },
        ],
      });
      assert.equal(result.finishReason, 'stop');
      assert.match(result.text, /light rain and 7 degrees/);
    });

    it('answers json_object with a JSON object', async () => {
      const result = await provider.complete(ask(protocol, 'Reply in JSON please', { responseFormat: { type: 'json_object' } }));
      const value: unknown = JSON.parse(result.text);
      assert.equal(typeof value, 'object');
    });

    it('answers json_schema with JSON that validates, streamed and not', async () => {
      const request = ask(protocol, 'Make up a person', { responseFormat: { type: 'json_schema', name: 'person', schema: PERSON, strict: true } });
      const plain = await provider.complete(request);
      assert.ok(ajv.validate(PERSON, JSON.parse(plain.text)), ajv.errorsText());
      const streamed = doneOf(await collect(provider.stream(request)));
      assert.equal(streamed.text, plain.text);
    });

    it('stops at maxTokens with finish reason length, and at a stop sequence', async () => {
      const long = await provider.complete(ask(protocol, 'Say a lot', { parameters: { maxTokens: 3 } }));
      assert.equal(long.finishReason, 'length');
      assert.equal(countTokens(long.text), 3);
      const stopped = await provider.complete(ask(protocol, 'Say a lot', { parameters: { stop: ['said'] } }));
      assert.equal(stopped.text, 'You ');
      assert.equal(stopped.finishReason, 'stop');
    });

    it('lists the models of the endpoint with full ids and context windows', async () => {
      const models = await provider.listModels!();
      assert.ok(models.length > 0);
      assert.ok(models.every((m) => m.id.startsWith(`${protocol}/`)));
      assert.ok(models.some((m) => m.id === `${protocol}/${MODEL[protocol]}` && m.contextWindow !== undefined));
    });
  });
}

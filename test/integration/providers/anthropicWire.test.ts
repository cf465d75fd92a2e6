// What the Anthropic provider puts on the wire, as the test server recorded it: system, tools, tool results,
// structured output, parameters the API version no longer takes, the headers.
import assert from 'node:assert/strict';
import { JSON_OBJECT_INSTRUCTION } from '../../../src/core/providers/anthropicMapping';
import { startLlmServer, type LlmServer } from '../../support/llmServer';
import { ask, collect, providerFor, recordingLogger, TEST_KEY } from './helpers';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded JSON

describe('anthropic provider: the request on the wire', () => {
  let server: LlmServer;
  before(async () => (server = await startLlmServer()));
  after(() => server.close());
  beforeEach(() => server.reset());

  it('moves system messages to `system`, tool calls to tool_use and tool results to one user turn', async () => {
    await providerFor('anthropic', server).complete({
      model: 'claude-haiku-4-5',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather and time?' },
        {
          role: 'assistant',
          content: 'Checking.',
          toolCalls: [
            { id: 't1', name: 'weather', arguments: '{"city":"Oslo"}' },
            { id: 't2', name: 'time', arguments: '{"zone":"CET"}' },
          ],
        },
        { role: 'tool', toolCallId: 't1', content: 'rain' },
        { role: 'tool', toolCallId: 't2', content: '12:00' },
        { role: 'system', content: 'Answer in French.' },
      ],
      tools: [{ name: 'weather', description: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
      toolChoice: 'required',
    });
    const body = server.chatRequests()[0]!.body as Body;
    assert.equal(body.system, 'Be brief.\n\nAnswer in French.');
    assert.deepEqual(body.messages, [
      { role: 'user', content: 'Weather and time?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 't1', name: 'weather', input: { city: 'Oslo' } },
          { type: 'tool_use', id: 't2', name: 'time', input: { zone: 'CET' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't1', content: 'rain' },
          { type: 'tool_result', tool_use_id: 't2', content: '12:00' },
        ],
      },
    ]);
    assert.deepEqual(body.tools, [{ name: 'weather', description: 'weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }]);
    assert.deepEqual(body.tool_choice, { type: 'any' });
    assert.equal(body.max_tokens, 4096, 'the default max_tokens');
  });

  it('sends json_schema as output_config.format and json_object as a system instruction', async () => {
    const provider = providerFor('anthropic', server);
    const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false };
    await provider.complete(ask('anthropic', 'n?', { responseFormat: { type: 'json_schema', name: 'n', schema } }));
    await provider.complete(ask('anthropic', 'json?', { responseFormat: { type: 'json_object' } }));
    const [first, second] = server.chatRequests().map((r) => r.body as Body);
    assert.deepEqual(first!.output_config, { format: { type: 'json_schema', schema } });
    assert.equal(second!.system, JSON_OBJECT_INSTRUCTION);
    assert.equal(second!.output_config, undefined);
  });

  it('maps stop and maxTokens, and drops sampling parameters the API no longer takes with one warning each', async () => {
    const logger = recordingLogger();
    const provider = providerFor('anthropic', server, {}, logger);
    const request = ask('anthropic', 'hi', { parameters: { maxTokens: 99, stop: ['END'], temperature: 0.2, topP: 0.5 } });
    await provider.complete(request);
    await collect(provider.stream(request));
    for (const body of server.chatRequests().map((r) => r.body as Body)) {
      assert.equal(body.max_tokens, 99);
      assert.deepEqual(body.stop_sequences, ['END']);
      assert.equal(body.temperature, undefined);
      assert.equal(body.top_p, undefined);
    }
    const warnings = logger.lines.filter((l) => l.startsWith('warn'));
    assert.equal(warnings.length, 2, warnings.join('\n'));
    assert.match(warnings[0]!, /'temperature' is not supported/);
    assert.match(warnings[1]!, /'topP' is not supported/);
  });

  it('authenticates with x-api-key and the API version of the SDK; the key is never recorded', async () => {
    await providerFor('anthropic', server).complete(ask('anthropic', 'hi'));
    const rec = server.chatRequests()[0]!;
    assert.equal(rec.hadAuth, true);
    assert.equal(rec.keyLength, TEST_KEY.length);
    assert.equal(rec.headers['anthropic-version'], '2026-10-21');
    assert.equal(rec.headers['x-api-key'], undefined);
    assert.ok(!JSON.stringify(server.requests).includes(TEST_KEY));
  });

  it('counts cache reads into input tokens, as Anthropic reports them apart', async () => {
    const result = await providerFor('anthropic', server).complete(ask('anthropic', 'a b c d e f [cache]'));
    // The server reports input_tokens 4 and cache_read_input_tokens 3 for these 7 words.
    assert.deepEqual(result.usage, { inputTokens: 7, outputTokens: result.usage.outputTokens, cachedInputTokens: 3 });
  });
});

// Request and response mapping of both wire formats, and the stream accumulators.
import assert from 'node:assert/strict';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { ProviderError } from '../../../src/core/errors';
import * as A from '../../../src/core/providers/anthropicMapping';
import * as O from '../../../src/core/providers/openaiMapping';
import type { ChatRequest, StreamEvent } from '../../../src/core/providers/types';

const base: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

describe('OpenAI mapping', () => {
  it('puts maxTokens in the field the endpoint understands', () => {
    const request = { ...base, parameters: { maxTokens: 9 } };
    assert.equal(O.toOpenAIParams(request, 'openai', 'max_completion_tokens').max_completion_tokens, 9);
    const compatible = O.toOpenAIParams(request, 'vllm', 'max_tokens');
    assert.deepEqual([compatible.max_tokens, compatible.max_completion_tokens], [9, undefined]);
  });

  it('maps tool choices, and leaves strict out unless set', () => {
    const tools = [{ name: 't', parameters: { type: 'object' } }];
    assert.deepEqual(O.toOpenAIParams({ ...base, tools, toolChoice: { name: 't' } }, 'p', 'max_tokens').tool_choice, { type: 'function', function: { name: 't' } });
    assert.equal(O.toOpenAIParams({ ...base, tools: [], toolChoice: 'required' }, 'p', 'max_tokens').tool_choice, undefined, 'no tools, no tool_choice');
    const format = O.toOpenAIParams({ ...base, responseFormat: { type: 'json_schema', name: 'n', schema: {} } }, 'p', 'max_tokens').response_format;
    assert.deepEqual(format, { type: 'json_schema', json_schema: { name: 'n', schema: {} } });
  });

  it('refuses a tool message without the id of its call', () => {
    assert.throws(() => O.toOpenAIParams({ ...base, messages: [{ role: 'tool', content: 'x' }] }, 'p', 'max_tokens'), (e: unknown) => e instanceof ProviderError && e.kind === 'invalid_request');
  });

  it('maps finish reasons and usage', () => {
    assert.deepEqual(['stop', 'length', 'tool_calls', 'function_call', 'content_filter', null].map(O.finishOf), ['stop', 'length', 'tool_calls', 'tool_calls', 'content_filter', 'other']);
    assert.deepEqual(O.usageOf(undefined), { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 });
    assert.deepEqual(O.usageOf({ prompt_tokens: 10, completion_tokens: 3, total_tokens: 13, prompt_tokens_details: { cached_tokens: 4 } }), { inputTokens: 10, outputTokens: 3, cachedInputTokens: 4 });
  });

  it('accumulates interleaved tool call deltas by index', () => {
    const acc = new O.OpenAIStreamAccumulator();
    const out: StreamEvent[] = [];
    const chunk = (delta: object, finish: string | null = null, usage: object | null = null) =>
      ({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }], usage }) as unknown as ChatCompletionChunk;
    acc.push(chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{"x"' } }] }), out);
    acc.push(chunk({ tool_calls: [{ index: 1, id: 'b', function: { name: 'g', arguments: '{}' } }] }), out);
    acc.push(chunk({ tool_calls: [{ index: 0, function: { arguments: ':1}' } }] }), out);
    acc.push(chunk({}, 'tool_calls'), out);
    acc.push({ ...chunk({}), choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } } as unknown as ChatCompletionChunk, out);
    assert.deepEqual(acc.result().toolCalls, [
      { id: 'a', name: 'f', arguments: '{"x":1}' },
      { id: 'b', name: 'g', arguments: '{}' },
    ]);
    assert.equal(acc.finishReason, 'tool_calls');
    assert.deepEqual(acc.usage, { inputTokens: 5, outputTokens: 2, cachedInputTokens: 0 });
    assert.deepEqual(out.map((e) => e.type), ['tool_call_delta', 'tool_call_delta', 'tool_call_delta', 'usage']);
  });
});

describe('Anthropic mapping', () => {
  it('merges system messages, adds the JSON instruction, and lists parameters it cannot send', () => {
    const { params, dropped } = A.toAnthropicParams(
      {
        ...base,
        messages: [{ role: 'system', content: 'A' }, { role: 'user', content: 'hi' }, { role: 'system', content: 'B' }],
        responseFormat: { type: 'json_object' },
        parameters: { temperature: 1, seed: 3, maxTokens: 5 },
      },
      'anthropic',
    );
    assert.equal(params.system, `A\n\nB\n\n${A.JSON_OBJECT_INSTRUCTION}`);
    assert.deepEqual(params.messages, [{ role: 'user', content: 'hi' }]);
    assert.equal(params.max_tokens, 5);
    assert.deepEqual(dropped, ['temperature', 'seed']);
    assert.equal(A.toAnthropicParams(base, 'anthropic').params.max_tokens, A.DEFAULT_MAX_TOKENS);
  });

  it('maps tool choices', () => {
    const tools = [{ name: 't', parameters: { type: 'object' } }];
    const choice = (toolChoice: ChatRequest['toolChoice']) => A.toAnthropicParams({ ...base, tools, toolChoice }, 'a').params.tool_choice;
    assert.deepEqual([choice('auto'), choice('none'), choice('required'), choice({ name: 't' })], [{ type: 'auto' }, { type: 'none' }, { type: 'any' }, { type: 'tool', name: 't' }]);
  });

  it('keeps tool arguments that are not JSON objects instead of failing', () => {
    const { params } = A.toAnthropicParams(
      { ...base, messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: '', toolCalls: [{ id: 'i', name: 'f', arguments: 'not json' }, { id: 'j', name: 'f', arguments: '[1]' }] }] },
      'a',
    );
    assert.deepEqual(params.messages[1], {
      role: 'assistant',
      content: [
        { type: 'tool_use', id: 'i', name: 'f', input: { arguments: 'not json' } },
        { type: 'tool_use', id: 'j', name: 'f', input: { value: [1] } },
      ],
    });
  });

  it('keeps a user message after tool results as its own turn', () => {
    const { params } = A.toAnthropicParams(
      { ...base, messages: [{ role: 'tool', toolCallId: 't', content: 'r' }, { role: 'user', content: 'and?' }] },
      'a',
    );
    assert.deepEqual(params.messages, [
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'r' }] },
      { role: 'user', content: 'and?' },
    ]);
  });

  it('maps stop reasons and usage, cache writes counted as input', () => {
    assert.deepEqual(
      ['end_turn', 'stop_sequence', 'max_tokens', 'model_context_window_exceeded', 'tool_use', 'refusal', 'pause_turn'].map(A.finishOf),
      ['stop', 'stop', 'length', 'length', 'tool_calls', 'content_filter', 'other'],
    );
    assert.deepEqual(A.usageOf({ input_tokens: 10, cache_read_input_tokens: 100, cache_creation_input_tokens: 50, output_tokens: 7 }), { inputTokens: 160, outputTokens: 7, cachedInputTokens: 100 });
  });

  it('accumulates text and tool_use blocks; complete only after message_stop', () => {
    const acc = new A.AnthropicStreamAccumulator();
    const out: StreamEvent[] = [];
    const events = [
      { type: 'message_start', message: { usage: { input_tokens: 3, output_tokens: 1, cache_read_input_tokens: 2 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'tu', name: 'f', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"a":' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '2}' } },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9, input_tokens: null } },
    ] as unknown as RawMessageStreamEvent[];
    for (const e of events) acc.push(e, out);
    assert.equal(acc.stopped, false);
    acc.push({ type: 'message_stop' } as RawMessageStreamEvent, out);
    assert.equal(acc.stopped, true);
    assert.deepEqual(acc.result(), {
      text: 'Hi',
      toolCalls: [{ id: 'tu', name: 'f', arguments: '{"a":2}' }],
      usage: { inputTokens: 5, outputTokens: 9, cachedInputTokens: 2 },
      finishReason: 'tool_calls',
    });
    assert.deepEqual(out.map((e) => (e.type === 'tool_call_delta' ? `${e.type}:${e.index}` : e.type)), ['text', 'tool_call_delta:0', 'tool_call_delta:0', 'tool_call_delta:0', 'usage']);
  });
});

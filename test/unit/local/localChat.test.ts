import assert from 'node:assert/strict';
import { ProviderError } from '../../../src/core/errors';
import { silentLogger } from '../../../src/core/ports';
import { toChatHistory, toFinishReason, toFunctions, toSampling } from '../../../src/core/providers/localChat';
import type { ChatRequest } from '../../../src/core/providers/types';

const isInvalid = (e: unknown): boolean => e instanceof ProviderError && e.kind === 'invalid_request';

describe('local chat mapping', () => {
  it('maps system, user and assistant turns and opens a model turn to answer', () => {
    const history = toChatHistory([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'U1' },
      { role: 'assistant', content: 'A1' },
      { role: 'user', content: 'U2' },
    ]);
    assert.deepEqual(history, [
      { type: 'system', text: 'S' },
      { type: 'user', text: 'U1' },
      { type: 'model', response: ['A1'] },
      { type: 'user', text: 'U2' },
      { type: 'model', response: [] },
    ]);
  });

  it('continues a last assistant turn (a prefill)', () => {
    const history = toChatHistory([
      { role: 'user', content: 'U' },
      { role: 'assistant', content: '{"a":' },
    ]);
    assert.deepEqual(history.at(-1), { type: 'model', response: ['{"a":'] });
    assert.equal(history.length, 2);
  });

  it('attaches each tool result to its call', () => {
    const history = toChatHistory([
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: 'Let me look.', toolCalls: [{ id: 'c1', name: 'weather', arguments: '{"city":"Oslo"}' }] },
      { role: 'tool', toolCallId: 'c1', content: '{"celsius":3}' },
    ]);
    assert.deepEqual(history.at(-1), {
      type: 'model',
      response: ['Let me look.', { type: 'functionCall', name: 'weather', params: { city: 'Oslo' }, result: { celsius: 3 } }],
    });
  });

  it('keeps a tool result that is not JSON as text', () => {
    const history = toChatHistory([
      { role: 'user', content: 'u' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'f', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'c1', content: 'plain words' },
    ]);
    assert.deepEqual(history.at(-1), { type: 'model', response: [{ type: 'functionCall', name: 'f', params: {}, result: 'plain words' }] });
  });

  it('rejects a tool call without result and a result without call', () => {
    assert.throws(() => toChatHistory([{ role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'f', arguments: '{}' }] }]), isInvalid);
    assert.throws(() => toChatHistory([{ role: 'user', content: 'u' }, { role: 'tool', toolCallId: 'zz', content: '1' }]), isInvalid);
    assert.throws(() => toChatHistory([{ role: 'tool', content: '1' }]), isInvalid);
  });

  it('maps tools to functions unless toolChoice is none, and refuses what it cannot honour', () => {
    const base: ChatRequest = { model: 'm', messages: [], tools: [{ name: 'f', description: 'd', parameters: { type: 'object' } }] };
    assert.deepEqual(toFunctions(base), { f: { description: 'd', params: { type: 'object' } } });
    assert.equal(toFunctions({ ...base, toolChoice: 'none' }), undefined);
    assert.equal(toFunctions({ ...base, tools: [] }), undefined);
    assert.throws(() => toFunctions({ ...base, toolChoice: 'required' }), isInvalid);
    assert.throws(() => toFunctions({ ...base, toolChoice: { name: 'f' } }), isInvalid);
    assert.throws(() => toFunctions({ ...base, responseFormat: { type: 'json_object' } }), isInvalid);
  });

  it('maps sampling parameters and bounds generation by the context size', () => {
    assert.deepEqual(toSampling(undefined, 2048, silentLogger), { maxTokens: 2048 });
    assert.deepEqual(toSampling({ maxTokens: 5, temperature: 0.7, topP: 0.9, seed: 3, stop: ['\n'] }, 2048, silentLogger), {
      maxTokens: 5,
      temperature: 0.7,
      topP: 0.9,
      seed: 3,
      customStopTriggers: ['\n'],
    });
    assert.deepEqual(toSampling({ frequencyPenalty: 1.5, presencePenalty: -1 }, 10, silentLogger).repeatPenalty, { frequencyPenalty: 1, presencePenalty: 0 });
    assert.equal(toSampling({ stop: [] }, 10, silentLogger).customStopTriggers, undefined);
  });

  it('maps stop reasons to finish reasons', () => {
    assert.equal(toFinishReason('eogToken'), 'stop');
    assert.equal(toFinishReason('customStopTrigger'), 'stop');
    assert.equal(toFinishReason('stopGenerationTrigger'), 'stop');
    assert.equal(toFinishReason('maxTokens'), 'length');
    assert.equal(toFinishReason('functionCalls'), 'tool_calls');
    assert.equal(toFinishReason('abort'), 'cancelled');
  });
});

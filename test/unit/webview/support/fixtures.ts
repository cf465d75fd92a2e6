// Protocol values the tests share: an init, a model list, a finished column.
import { PROTOCOL_VERSION, type NotificationMap, type PlaygroundDraft, type RequestResult, type RunSummary } from '../../../../src/shared/protocol';

export function draftOf(overrides: Partial<PlaygroundDraft> = {}): PlaygroundDraft {
  return {
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Tell me about {{topic}} for {{ audience }}.' },
    ],
    variables: { topic: 'tides', audience: 'kids' },
    modelIds: ['openai/gpt-4o-mini'],
    parameters: {},
    ...overrides,
  };
}

export function initOf(overrides: Partial<NotificationMap['init']> = {}): NotificationMap['init'] {
  return { protocolVersion: PROTOCOL_VERSION, mode: 'view', draft: draftOf(), history: [], trusted: true, ...overrides };
}

export const MODELS: RequestResult<'models/list'> = {
  models: [
    { id: 'openai/gpt-4o-mini', provider: 'openai' },
    { id: 'anthropic/claude-sonnet-4-5', provider: 'anthropic' },
    { id: 'local/tiny', provider: 'local' },
    { id: 'mistral/small', provider: 'mistral', unavailable: 'No API key set.' },
  ],
  providers: [
    { name: 'openai', kind: 'openai', keySource: 'secret-storage' },
    { name: 'anthropic', kind: 'anthropic', keySource: 'env' },
    { name: 'local', kind: 'local', keySource: 'not-needed' },
    { name: 'mistral', kind: 'openai-compatible', keySource: 'none' },
  ],
};

export function summaryOf(runId: string, columnId: string, modelId: string, text: string, overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    runId,
    columnId,
    modelId,
    text,
    toolCalls: [],
    usage: { inputTokens: 12, outputTokens: 34, cachedInputTokens: 5 },
    latencyMs: 1234,
    firstTokenMs: 210,
    cost: 0.00042,
    finishReason: 'stop',
    ...overrides,
  };
}

// Shared set-up of the provider integration tests: real SDK clients against the test LLM server.
import assert from 'node:assert/strict';
import { ProviderError } from '../../../src/core/errors';
import type { Logger } from '../../../src/core/ports';
import { createAnthropicProvider } from '../../../src/core/providers/anthropic';
import { createCatalog } from '../../../src/core/providers/catalog';
import { createOpenAIProvider } from '../../../src/core/providers/openai';
import type { ChatRequest, ClientSettings, Provider, StreamEvent } from '../../../src/core/providers/types';
import type { ChatResult } from '../../../src/shared/types';
import type { LlmServer } from '../../support/llmServer';

export type Protocol = 'openai' | 'anthropic';
export const PROTOCOLS: Protocol[] = ['openai', 'anthropic'];

export const TEST_KEY = 'sk-test-0123456789abcdefghijklmnop';
/** A model of each protocol that the price table knows. */
export const MODEL: Record<Protocol, string> = { openai: 'gpt-4o-mini', anthropic: 'claude-haiku-4-5' };

export function providerFor(protocol: Protocol, server: LlmServer, settings: ClientSettings = {}, logger?: Logger): Provider {
  const common = { name: protocol, logger, catalog: createCatalog(), keyHint: { secretName: protocol, envName: `${protocol.toUpperCase()}_API_KEY` } };
  const all: ClientSettings = { apiKey: TEST_KEY, maxRetries: 2, timeoutMs: 2000, deadlineMs: 10_000, ...settings };
  return protocol === 'openai'
    ? createOpenAIProvider({ ...common, settings: { baseURL: server.openaiBaseURL, ...all } })
    : createAnthropicProvider({ ...common, settings: { baseURL: server.anthropicBaseURL, ...all } });
}

export function ask(protocol: Protocol, text: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: MODEL[protocol], messages: [{ role: 'user', content: text }], ...extra };
}

export async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** The `done` result of a stream, which must be its last event and its only `done`. */
export function doneOf(events: StreamEvent[]): ChatResult {
  const done = events.filter((e) => e.type === 'done');
  assert.equal(done.length, 1, 'exactly one done event');
  assert.equal(events[events.length - 1], done[0], 'done comes last');
  return (done[0] as Extract<StreamEvent, { type: 'done' }>).result;
}

export function textOf(events: StreamEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.delta : '')).join('');
}

/** Awaits a call that must fail with a ProviderError, and returns it. */
export async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProviderError, `expected a ProviderError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

/** Streams to the end; returns the events seen before the failure and the ProviderError. */
export async function streamFailure(stream: AsyncIterable<StreamEvent>): Promise<{ events: StreamEvent[]; error: ProviderError }> {
  const events: StreamEvent[] = [];
  const error = await failure(
    (async () => {
      for await (const event of stream) events.push(event);
    })(),
  );
  return { events, error };
}

export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

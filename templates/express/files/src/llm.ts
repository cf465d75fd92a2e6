// One small interface over the official SDKs: `openai` (OpenAI and any OpenAI-compatible endpoint) and
// `@anthropic-ai/sdk`. Their own retries and timeouts are set explicitly and never wrapped in a second loop;
// the caller's AbortSignal carries the overall deadline. Attempts are counted through the SDKs' fetch.
import { AsyncLocalStorage } from 'node:async_hooks';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { Config } from './config.js';
import { nodeFetch } from './nodeFetch.js';
import type { ModelParameters, PromptMessage } from './registry.js';

export interface ChatRequest {
  model: string;
  messages: PromptMessage[];
  parameters: ModelParameters;
  /** Ask for JSON output (the prompt has a JSON Schema). */
  json: boolean;
  signal: AbortSignal;
}

export interface ChatResult {
  text: string;
  model: string;
  usage: { input_tokens: number; output_tokens: number };
}

export interface LlmClient {
  complete(request: ChatRequest): Promise<ChatResult>;
  /** Calls `onText` for each piece of text; resolves with the whole result at the end. */
  stream(request: ChatRequest, onText: (text: string) => void): Promise<ChatResult>;
}

export type UpstreamKind = 'upstream_timeout' | 'upstream_error' | 'aborted';

export class UpstreamError extends Error {
  constructor(
    readonly kind: UpstreamKind,
    message: string,
    /** Worth trying the fallback model and counting against the breaker: 408, 409, 429, 5xx, network, timeout. */
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/** Per request: how many HTTP attempts the SDK made. */
export const attempts = new AsyncLocalStorage<{ count: number }>();

const transport = nodeFetch();
const countingFetch: typeof fetch = (input, init) => {
  const store = attempts.getStore();
  if (store) store.count++;
  return transport(input, init);
};

export function createLlmClient(config: Config): LlmClient {
  const common = { apiKey: config.llmApiKey, timeout: config.llmTimeoutMs, maxRetries: config.llmMaxRetries, fetch: countingFetch };
  if (config.provider === 'anthropic') return anthropicClient(new Anthropic({ ...common, ...(config.llmBaseUrl ? { baseURL: config.llmBaseUrl } : {}) }));
  return openaiClient(new OpenAI({ ...common, ...(config.llmBaseUrl ? { baseURL: config.llmBaseUrl } : {}) }));
}

function openaiParams(r: ChatRequest) {
  const p = r.parameters;
  return {
    model: r.model,
    messages: r.messages.map((m) => ({ role: m.role, content: m.content })),
    ...(p.maxTokens !== undefined ? { max_tokens: p.maxTokens } : {}),
    ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
    ...(p.topP !== undefined ? { top_p: p.topP } : {}),
    ...(p.stop !== undefined ? { stop: p.stop } : {}),
    ...(p.seed !== undefined ? { seed: p.seed } : {}),
    ...(p.frequencyPenalty !== undefined ? { frequency_penalty: p.frequencyPenalty } : {}),
    ...(p.presencePenalty !== undefined ? { presence_penalty: p.presencePenalty } : {}),
    ...(r.json ? { response_format: { type: 'json_object' as const } } : {}),
  };
}

export function openaiClient(client: OpenAI): LlmClient {
  return {
    async complete(r) {
      try {
        const res = await client.chat.completions.create({ ...openaiParams(r), stream: false }, { signal: r.signal });
        return {
          text: res.choices[0]?.message?.content ?? '',
          model: res.model || r.model,
          usage: { input_tokens: res.usage?.prompt_tokens ?? 0, output_tokens: res.usage?.completion_tokens ?? 0 },
        };
      } catch (e) {
        throw toUpstreamError(e, r.signal);
      }
    },
    async stream(r, onText) {
      let text = '';
      let model = r.model;
      const usage = { input_tokens: 0, output_tokens: 0 };
      try {
        const stream = await client.chat.completions.create({ ...openaiParams(r), stream: true, stream_options: { include_usage: true } }, { signal: r.signal });
        for await (const chunk of stream) {
          model = chunk.model || model;
          const delta = chunk.choices[0]?.delta?.content;
          if (delta) {
            text += delta;
            onText(delta);
          }
          if (chunk.usage) {
            usage.input_tokens = chunk.usage.prompt_tokens;
            usage.output_tokens = chunk.usage.completion_tokens;
          }
        }
      } catch (e) {
        throw toUpstreamError(e, r.signal);
      }
      return { text, model, usage };
    },
  };
}

function anthropicParams(r: ChatRequest) {
  const system = r.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const p = r.parameters;
  return {
    model: r.model,
    max_tokens: p.maxTokens ?? 1024,
    ...(system ? { system } : {}),
    messages: r.messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content })),
    ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
    ...(p.topP !== undefined ? { top_p: p.topP } : {}),
    ...(p.stop !== undefined ? { stop_sequences: p.stop } : {}),
  };
}

export function anthropicClient(client: Anthropic): LlmClient {
  return {
    async complete(r) {
      try {
        const res = await client.messages.create({ ...anthropicParams(r), stream: false }, { signal: r.signal });
        const text = res.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
        return { text, model: res.model || r.model, usage: { input_tokens: res.usage.input_tokens, output_tokens: res.usage.output_tokens } };
      } catch (e) {
        throw toUpstreamError(e, r.signal);
      }
    },
    async stream(r, onText) {
      let text = '';
      let model = r.model;
      const usage = { input_tokens: 0, output_tokens: 0 };
      try {
        const stream = await client.messages.create({ ...anthropicParams(r), stream: true }, { signal: r.signal });
        for await (const event of stream) {
          if (event.type === 'message_start') {
            model = event.message.model || model;
            usage.input_tokens = event.message.usage.input_tokens;
          } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
            text += event.delta.text;
            onText(event.delta.text);
          } else if (event.type === 'message_delta') {
            usage.output_tokens = event.usage.output_tokens;
          }
        }
      } catch (e) {
        throw toUpstreamError(e, r.signal);
      }
      return { text, model, usage };
    },
  };
}

const RETRYABLE = new Set([408, 409, 429, 500, 502, 503, 504, 529]);

/** Both SDKs share the error classes' names and shapes (APIError with status, connection and abort errors). */
export function toUpstreamError(e: unknown, signal: AbortSignal): UpstreamError {
  if (e instanceof UpstreamError) return e;
  const err = e as { name?: string; status?: number; message?: string; constructor?: { name?: string } };
  const name = err?.constructor?.name ?? err?.name ?? '';
  if (signal.aborted || name === 'APIUserAbortError' || err?.name === 'AbortError') {
    const reason = signal.reason as { name?: string } | undefined;
    if (reason?.name === 'TimeoutError') return new UpstreamError('upstream_timeout', 'the request deadline passed before the model answered', true);
    return new UpstreamError('aborted', 'the request was cancelled', false);
  }
  if (name === 'APIConnectionTimeoutError') return new UpstreamError('upstream_timeout', 'the model provider did not answer in time', true);
  if (typeof err?.status === 'number') {
    const retryable = RETRYABLE.has(err.status) && !/insufficient_quota/.test(err.message ?? '');
    return new UpstreamError('upstream_error', `the model provider answered ${err.status}`, retryable, err.status);
  }
  return new UpstreamError('upstream_error', 'the connection to the model provider failed', true);
}

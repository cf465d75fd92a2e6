// OpenAI and every OpenAI-compatible endpoint (Ollama, vLLM, LM Studio, OpenRouter, Azure OpenAI's v1 API)
// through the `openai` SDK. One client per provider, reused by every call; the SDK does retries and
// per-attempt timeouts (set explicitly), the CallScope adds the overall deadline and the caller's signal.
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, OpenAI } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { silentLogger } from '../ports';
import { createScopedFetch, resolveSettings } from './callScope';
import type { SdkErrorClass } from './errors';
import { fromCompletion, OpenAIStreamAccumulator, toOpenAIParams, type MaxTokensField } from './openaiMapping';
import { buildResult, runCall, runStream, sdkLogger, toModelInfos, type ProviderRuntime, type ReplyParts, type StreamAccumulator } from './runtime';
import type { CallOptions, ChatRequest, ModelInfo, Provider, ProviderOptions, StreamEvent } from './types';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAIProviderOptions extends ProviderOptions {
  /**
   * 'openai' for api.openai.com: `max_completion_tokens` (o-series and gpt-5 refuse `max_tokens`), the SDK's
   * OPENAI_ORG_ID / OPENAI_PROJECT_ID, and a stream must end with its usage chunk.
   * 'compatible' for everything else: `max_tokens`, no OpenAI organisation headers, usage optional.
   */
  flavor?: 'openai' | 'compatible';
  maxTokensField?: MaxTokensField;
  /** For tests and instrumentation; default the global fetch. */
  fetch?: typeof fetch;
}

export function createOpenAIProvider(options: OpenAIProviderOptions): Provider {
  const flavor = options.flavor ?? 'openai';
  const settings = resolveSettings(options.settings);
  const logger = options.logger ?? silentLogger;
  const baseURL = options.settings.baseURL ?? OPENAI_DEFAULT_BASE_URL;
  const apiKey = options.settings.apiKey;
  const client = new OpenAI({
    // The SDK insists on a key; endpoints without one get a placeholder and no Authorization header.
    apiKey: apiKey ?? 'no-key',
    baseURL,
    maxRetries: settings.maxRetries,
    timeout: settings.timeoutMs,
    defaultHeaders: { ...options.settings.headers, ...(apiKey ? {} : { Authorization: null }) },
    ...(flavor === 'compatible' ? { organization: null, project: null } : {}),
    fetch: createScopedFetch(options.fetch),
    logger: sdkLogger(logger, options.name),
    logLevel: 'warn',
  });
  const rt: ProviderRuntime = {
    name: options.name,
    settings,
    logger,
    catalog: options.catalog,
    errors: { provider: options.name, baseURL, timeoutMs: settings.timeoutMs, keyHint: options.keyHint, secret: apiKey, classify: classifyOpenAIError },
  };
  const maxTokensField = options.maxTokensField ?? (flavor === 'openai' ? 'max_completion_tokens' : 'max_tokens');

  return {
    name: options.name,

    complete(request: ChatRequest, callOptions?: CallOptions) {
      return runCall(
        rt,
        callOptions,
        (scope) => client.chat.completions.create({ ...toOpenAIParams(request, rt.name, maxTokensField), stream: false }, scope.requestOptions()),
        (completion, scope) => buildResult(rt, scope, request.model, fromCompletion(completion)),
      );
    },

    stream(request: ChatRequest, callOptions?: CallOptions): AsyncIterable<StreamEvent> {
      const acc = new OpenAIStreamAccumulator();
      const params = () => ({ ...toOpenAIParams(request, rt.name, maxTokensField), stream: true as const, stream_options: { include_usage: true } });
      return runStream(rt, request.model, callOptions, (scope) => client.chat.completions.create(params(), scope.requestOptions()), streamAccumulator(acc, flavor, rt));
    },

    listModels(callOptions?: CallOptions): Promise<ModelInfo[]> {
      return runCall(
        rt,
        callOptions,
        async (scope) => {
          const ids: string[] = [];
          for await (const model of client.models.list(scope.requestOptions())) ids.push(model.id);
          return ids;
        },
        (ids) => toModelInfos(rt, ids),
      );
    },

    embed(model: string, input: string[], callOptions?: CallOptions): Promise<number[][]> {
      return runCall(
        rt,
        callOptions,
        // 'float' explicitly: the SDK's default (base64) is not understood by every compatible server.
        (scope) => client.embeddings.create({ model, input, encoding_format: 'float' }, scope.requestOptions()),
        (res) => [...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding),
      );
    },
  };
}

/** The SDK's own error classes, for the error mapping. */
export function classifyOpenAIError(error: unknown): SdkErrorClass {
  if (error instanceof APIUserAbortError) return 'user-abort';
  if (error instanceof APIConnectionTimeoutError) return 'connection-timeout';
  if (error instanceof APIConnectionError) return 'connection';
  return undefined;
}

function streamAccumulator(acc: OpenAIStreamAccumulator, flavor: 'openai' | 'compatible', rt: ProviderRuntime): StreamAccumulator<ChatCompletionChunk> {
  return {
    push: (chunk, out) => acc.push(chunk, out),
    incomplete: () => {
      if (!acc.finishReason) return 'no finish_reason';
      if (flavor === 'openai' && !acc.usage) return 'no usage chunk before [DONE]';
      return undefined;
    },
    parts: (): ReplyParts => {
      if (!acc.usage) rt.logger.debug(`${rt.name}: the stream carried no usage (the server ignores stream_options.include_usage); tokens count as 0`);
      return { ...acc.result(), usage: acc.usage ?? { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 }, finishReason: acc.finishReason ?? 'other' };
    },
  };
}

// Anthropic through @anthropic-ai/sdk: one client per provider, the SDK's retries and per-attempt timeout
// set explicitly, the CallScope's deadline and the caller's signal on top. The SDK's back-off sleep is
// abortable (1.x passes the request signal to it), so the deadline ends it at once.
import { Anthropic, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { silentLogger } from '../ports';
import { AnthropicStreamAccumulator, fromMessage, toAnthropicParams } from './anthropicMapping';
import { createScopedFetch, resolveSettings } from './callScope';
import type { SdkErrorClass } from './errors';
import { buildResult, runCall, runStream, sdkLogger, toModelInfos, type ProviderRuntime } from './runtime';
import type { CallOptions, ChatRequest, ModelInfo, Provider, ProviderOptions, StreamEvent } from './types';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

export interface AnthropicProviderOptions extends ProviderOptions {
  /** For tests and instrumentation; default the global fetch. */
  fetch?: typeof fetch;
}

export function createAnthropicProvider(options: AnthropicProviderOptions): Provider {
  const settings = resolveSettings(options.settings);
  const logger = options.logger ?? silentLogger;
  const baseURL = options.settings.baseURL ?? ANTHROPIC_DEFAULT_BASE_URL;
  const client = new Anthropic({
    // An explicit key also stops the SDK from looking for ANTHROPIC_AUTH_TOKEN, profiles or other credentials.
    apiKey: options.settings.apiKey ?? null,
    baseURL,
    maxRetries: settings.maxRetries,
    timeout: settings.timeoutMs,
    ...(options.settings.headers ? { defaultHeaders: options.settings.headers } : {}),
    fetch: createScopedFetch(options.fetch),
    logger: sdkLogger(logger, options.name),
    logLevel: 'warn',
  });
  const rt: ProviderRuntime = {
    name: options.name,
    settings,
    logger,
    catalog: options.catalog,
    errors: { provider: options.name, baseURL, timeoutMs: settings.timeoutMs, keyHint: options.keyHint, secret: options.settings.apiKey, classify: classifyAnthropicError },
  };
  const warned = new Set<string>();
  const params = (request: ChatRequest) => {
    const { params, dropped } = toAnthropicParams(request, rt.name);
    for (const name of dropped.filter((d) => !warned.has(d))) {
      warned.add(name);
      logger.warn(`${rt.name}: '${name}' is not supported by the Messages API version this SDK uses and was not sent.`);
    }
    return params;
  };

  return {
    name: options.name,

    complete(request: ChatRequest, callOptions?: CallOptions) {
      return runCall(
        rt,
        callOptions,
        (scope) => client.messages.create({ ...params(request), stream: false }, scope.requestOptions()),
        (message, scope) => buildResult(rt, scope, request.model, fromMessage(message)),
      );
    },

    stream(request: ChatRequest, callOptions?: CallOptions): AsyncIterable<StreamEvent> {
      const acc = new AnthropicStreamAccumulator();
      return runStream<RawMessageStreamEvent>(
        rt,
        request.model,
        callOptions,
        (scope) => client.messages.create({ ...params(request), stream: true }, scope.requestOptions()),
        {
          push: (event, out) => acc.push(event, out),
          incomplete: () => (acc.stopped ? undefined : 'no message_stop'),
          parts: () => acc.result(),
        },
      );
    },

    listModels(callOptions?: CallOptions): Promise<ModelInfo[]> {
      return runCall(
        rt,
        callOptions,
        async (scope) => {
          const ids: string[] = [];
          for await (const model of client.models.list({}, scope.requestOptions())) ids.push(model.id);
          return ids;
        },
        (ids) => toModelInfos(rt, ids),
      );
    },
  };
}

/** The SDK's own error classes, for the error mapping. */
export function classifyAnthropicError(error: unknown): SdkErrorClass {
  if (error instanceof APIUserAbortError) return 'user-abort';
  if (error instanceof APIConnectionTimeoutError) return 'connection-timeout';
  if (error instanceof APIConnectionError) return 'connection';
  return undefined;
}

// What the SDK-backed providers share: one call = one CallScope; non-streamed calls race the scope,
// streamed calls map SDK chunks to our events and refuse to end without the protocol's terminal event.
import type { ChatResult, FinishReason, ToolCall, Usage } from '../../shared/types';
import { ProviderError } from '../errors';
import type { Logger } from '../ports';
import { redact } from '../redact';
import { CallScope, raceScope, type ResolvedSettings } from './callScope';
import { safeURL, toProviderError, type ErrorContext } from './errors';
import type { CallOptions, ModelCatalog, ModelInfo, StreamEvent } from './types';

export interface ProviderRuntime {
  name: string;
  settings: ResolvedSettings;
  errors: ErrorContext;
  logger: Logger;
  catalog?: ModelCatalog;
}

export interface ReplyParts {
  text: string;
  toolCalls: ToolCall[];
  usage: Usage;
  finishReason: FinishReason;
}

/** Collects a streamed reply from SDK chunks. */
export interface StreamAccumulator<TChunk> {
  push(chunk: TChunk, out: StreamEvent[]): void;
  /** Undefined when the stream reached its terminal event; else what was missing. */
  incomplete(): string | undefined;
  parts(): ReplyParts;
}

export function openScope(rt: ProviderRuntime, options: CallOptions | undefined): CallScope {
  return new CallScope(options?.deadlineMs ?? rt.settings.deadlineMs, rt.settings.timeoutMs, options?.signal, options?.onAttempt);
}

/** One SDK request under a scope: the deadline and the caller's signal hold, errors come back typed. */
export async function runCall<T, R>(
  rt: ProviderRuntime,
  options: CallOptions | undefined,
  call: (scope: CallScope) => Promise<T>,
  finish: (value: T, scope: CallScope) => R,
): Promise<R> {
  const scope = openScope(rt, options);
  let completed = false;
  try {
    const value = await raceScope(scope, call(scope));
    completed = true;
    return finish(value, scope);
  } catch (error) {
    throw toProviderError(error, rt.errors, scope);
  } finally {
    scope.dispose(completed);
  }
}

export async function* runStream<TChunk>(
  rt: ProviderRuntime,
  model: string,
  options: CallOptions | undefined,
  open: (scope: CallScope) => Promise<AsyncIterable<TChunk>>,
  acc: StreamAccumulator<TChunk>,
): AsyncGenerator<StreamEvent, void, undefined> {
  const scope = openScope(rt, options);
  let completed = false;
  let firstTokenMs: number | undefined;
  const out: StreamEvent[] = [];
  try {
    const stream = await raceScope(scope, open(scope));
    for await (const chunk of stream) {
      if (scope.endReason) break;
      scope.touch();
      acc.push(chunk, out);
      for (const event of out) {
        if (firstTokenMs === undefined && (event.type === 'text' || event.type === 'tool_call_delta')) firstTokenMs = scope.elapsedMs;
        scope.consumerBusy = true;
        yield event;
        scope.consumerBusy = false;
      }
      out.length = 0;
    }
    // The SDKs end a stream quietly when it is aborted: the scope knows why.
    if (scope.endReason) throw toProviderError(undefined, rt.errors, scope);
    const missing = acc.incomplete();
    if (missing) {
      throw new ProviderError('network', rt.name, `the stream from ${rt.name} ended before the reply was complete (${missing}); the partial reply was discarded`, {
        hint: `Check the base URL ${safeURL(rt.errors.baseURL)} is reachable and not behind a proxy that cuts streams, then retry.`,
        requestId: scope.requestId,
        attempts: scope.attempts,
      });
    }
    completed = true;
    yield { type: 'done', result: buildResult(rt, scope, model, acc.parts(), firstTokenMs) };
  } catch (error) {
    throw toProviderError(error, rt.errors, scope);
  } finally {
    scope.consumerBusy = false;
    scope.dispose(completed);
  }
}

export function buildResult(rt: ProviderRuntime, scope: CallScope, model: string, parts: ReplyParts, firstTokenMs?: number): ChatResult {
  const modelId = `${rt.name}/${model}`;
  const result: ChatResult = {
    modelId,
    text: parts.text,
    toolCalls: parts.toolCalls,
    usage: parts.usage,
    finishReason: parts.finishReason,
    requestId: scope.requestId,
    latencyMs: scope.elapsedMs,
    cost: rt.catalog?.cost(modelId, parts.usage),
  };
  if (firstTokenMs !== undefined) result.firstTokenMs = firstTokenMs;
  return result;
}

/** Model ids from an endpoint's list, as full ids with the catalog's context windows, sorted. */
export function toModelInfos(rt: ProviderRuntime, ids: string[]): ModelInfo[] {
  return [...ids].sort().map((id) => {
    const full = `${rt.name}/${id}`;
    const contextWindow = rt.catalog?.contextWindow(full);
    return contextWindow === undefined ? { id: full } : { id: full, contextWindow };
  });
}

type LogFn = (message: string, ...rest: unknown[]) => void;

/** The SDKs' logger option, routed to our Logger with redaction (the SDKs log at `warn` and above). */
export function sdkLogger(logger: Logger, name: string): { error: LogFn; warn: LogFn; info: LogFn; debug: LogFn } {
  const format = (message: string, rest: unknown[]) =>
    redact(`${name} sdk: ${[message, ...rest.map((r) => (typeof r === 'string' ? r : safeJson(r)))].join(' ')}`);
  return {
    error: (m, ...r) => logger.error(format(m, r)),
    warn: (m, ...r) => logger.warn(format(m, r)),
    info: (m, ...r) => logger.info(format(m, r)),
    debug: (m, ...r) => logger.debug(format(m, r)),
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

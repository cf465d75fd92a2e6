// The built-in local provider: `local/<file.gguf>` or `local/default` run in process on llama.cpp through
// node-llama-cpp, which is loaded on the first call only. The recommended model downloads on first use.
import { randomUUID } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import type { ChatHistoryItem, ChatModelFunctions, LlamaChatResponseFunctionCallParamsChunk } from 'node-llama-cpp';
import type { ChatResult, ToolCall } from '../../shared/types';
import type { LocalModelConfig } from '../config';
import { PromptyardError, ProviderError } from '../errors';
import type { Clock, Logger } from '../ports';
import { systemClock } from '../ports';
import { downloadFile, type DownloadProgress } from './download';
import { toChatHistory, toFinishReason, toFunctions, toSampling } from './localChat';
import { LOCAL_MODEL_CATALOG, RECOMMENDED_LOCAL_MODEL, resolveLocalModel, type PathContext } from './localModels';
import { loadLocalModel, type LoadedModel } from './localRuntime';
import { EventQueue } from './localQueue';
import type { CallOptions, ChatRequest, ModelInfo, Provider, StreamEvent } from './types';

export { disposeLocalModels } from './localRuntime';
export type { DownloadProgress } from './download';

export interface LocalProviderOptions extends PathContext {
  logger: Logger;
  onDownloadProgress?: (progress: DownloadProgress) => void;
  fetchImpl?: typeof fetch;
  clock?: Clock;
}

const downloads = new Map<string, Promise<unknown>>();

export function createLocalProvider(config: LocalModelConfig, options: LocalProviderOptions): Provider {
  const provider: Provider = {
    name: 'local',
    stream: (request, callOptions) => streamLocal(config, options, request, callOptions ?? {}),
    async complete(request, callOptions) {
      for await (const event of provider.stream(request, callOptions)) if (event.type === 'done') return event.result;
      throw new ProviderError('server', 'local', 'The local model ended without a result.');
    },
    async listModels(): Promise<ModelInfo[]> {
      const fallback = config.model ? undefined : RECOMMENDED_LOCAL_MODEL.contextLength;
      return [
        { id: 'local/default', contextWindow: config.contextSize ?? fallback },
        ...LOCAL_MODEL_CATALOG.map((e) => ({ id: `local/${e.name}`, contextWindow: e.contextLength })),
      ];
    },
  };
  return provider;
}

async function* streamLocal(
  config: LocalModelConfig,
  options: LocalProviderOptions,
  request: ChatRequest,
  callOptions: CallOptions,
): AsyncGenerator<StreamEvent> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const chat = { history: toChatHistory(request.messages), functions: toFunctions(request) };
  const path = await modelFile(config, options, request.model, callOptions.signal);
  // Stops the generation when the caller aborts, the deadline passes or the consumer stops reading. The deadline
  // starts once the model file is there: a first-use download is bounded by the caller's signal only.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(callOptions.signal?.reason);
  callOptions.signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer =
    callOptions.deadlineMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          stop.abort(new Error('deadline'));
        }, callOptions.deadlineMs);
  const queue = new EventQueue<StreamEvent>();
  let run: Promise<void> | undefined;
  try {
    if (callOptions.signal?.aborted) throw callOptions.signal.reason;
    const loaded = await loadLocalModel(path, { contextSize: config.contextSize, threads: config.threads, logger: options.logger });
    const generation = { ...chat, signal: stop.signal, queue, started, clock };
    run = loaded.exclusive(() => generate(loaded, request, options, generation), stop.signal).then(
      (result) => queue.end({ type: 'done', result }),
      (e: unknown) => queue.fail(e),
    );
    yield* queue;
  } catch (e) {
    if (timedOut) throw new ProviderError('timeout', 'local', `The local model did not finish within ${callOptions.deadlineMs} ms.`, { cause: e });
    if (callOptions.signal?.aborted) throw new ProviderError('cancelled', 'local', 'The request was cancelled.', { cause: e });
    if (e instanceof PromptyardError) throw e;
    throw new ProviderError('server', 'local', `The local model failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  } finally {
    clearTimeout(timer);
    callOptions.signal?.removeEventListener('abort', onAbort);
    if (!stop.signal.aborted) stop.abort(new Error('stream closed'));
    await run;
  }
}

interface Generation {
  history: ChatHistoryItem[];
  functions: ChatModelFunctions | undefined;
  signal: AbortSignal;
  queue: EventQueue<StreamEvent>;
  started: number;
  clock: Clock;
}

async function generate(loaded: LoadedModel, request: ChatRequest, options: LocalProviderOptions, generation: Generation): Promise<ChatResult> {
  const { history, functions, signal, queue, started, clock } = generation;
  const format = request.responseFormat;
  const grammar = format && format.type !== 'text' ? await jsonGrammar(loaded, format.type === 'json_schema' ? format.schema : undefined) : undefined;
  const { chat } = loaded;
  const prompt = chat.chatWrapper.generateContextState({ chatHistory: history, availableFunctions: functions });
  const inputTokens = prompt.contextText.tokenize(loaded.model.tokenizer).length;
  const meter = chat.sequence.tokenMeter;
  const outputBefore = meter.usedOutputTokens;
  let firstTokenMs: number | undefined;
  const first = (): void => {
    firstTokenMs ??= clock.now() - started;
  };
  const calls: { id: string; name: string; arguments: string }[] = [];
  const common = {
    ...toSampling(request.parameters, loaded.contextSize, options.logger),
    signal,
    onTextChunk: (delta: string): void => {
      if (delta.length === 0) return;
      first();
      queue.push({ type: 'text', delta });
    },
  };
  const onFunctionCallParamsChunk = (chunk: LlamaChatResponseFunctionCallParamsChunk): void => {
    first();
    let call = calls[chunk.callIndex];
    const opening = call === undefined;
    if (!call) calls[chunk.callIndex] = call = { id: `call_${randomUUID().slice(0, 8)}`, name: chunk.functionName, arguments: '' };
    call.arguments += chunk.paramsChunk;
    const named = opening ? { id: call.id, name: call.name } : {};
    queue.push({ type: 'tool_call_delta', index: chunk.callIndex, ...named, argumentsDelta: chunk.paramsChunk });
  };
  const response = functions
    ? await chat.generateResponse(history, { ...common, functions, onFunctionCallParamsChunk })
    : await chat.generateResponse(history, { ...common, grammar });
  const toolCalls: ToolCall[] = (response.functionCalls ?? []).map((fc, i) => ({
    id: calls[i]?.id ?? `call_${randomUUID().slice(0, 8)}`,
    name: fc.functionName,
    arguments: calls[i]?.arguments || JSON.stringify(fc.params ?? {}),
  }));
  const usage = { inputTokens, outputTokens: meter.usedOutputTokens - outputBefore, cachedInputTokens: 0 };
  queue.push({ type: 'usage', usage });
  return {
    modelId: `local/${request.model}`,
    text: response.response,
    toolCalls,
    usage,
    finishReason: toFinishReason(response.metadata.stopReason),
    latencyMs: clock.now() - started,
    firstTokenMs,
    cost: { input: 0, output: 0, total: 0, pricedAt: 'local' },
  };
}

async function jsonGrammar(loaded: LoadedModel, schema: Record<string, unknown> | undefined): ReturnType<LoadedModel['jsonGrammar']> {
  try {
    return await loaded.jsonGrammar(schema);
  } catch (e) {
    throw new ProviderError('invalid_request', 'local', `The local provider cannot turn this JSON schema into a grammar: ${String(e)}`, {
      hint: 'Simplify the schema (node-llama-cpp supports a subset of JSON Schema) or use responseFormat json_object.',
      cause: e,
    });
  }
}

/** The model file to run: checked to exist and to be GGUF; the recommended model is downloaded when missing. */
async function modelFile(config: LocalModelConfig, options: LocalProviderOptions, model: string, signal?: AbortSignal): Promise<string> {
  const target = resolveLocalModel(model, config, options);
  if (target.kind === 'catalog') {
    if (!(await isFile(target.path))) {
      let download = downloads.get(target.path);
      if (!download) {
        const { entry } = target;
        options.logger.info(`downloading the local model ${entry.name} (${Math.round(entry.sizeBytes / 1e6)} MB) from ${target.url} to ${target.path}`);
        download = downloadFile({
          url: target.url,
          destination: target.path,
          sha256: entry.sha256,
          size: entry.sizeBytes,
          fetchImpl: options.fetchImpl,
          signal,
          onProgress: options.onDownloadProgress,
          logger: options.logger,
        }).finally(() => downloads.delete(target.path));
        downloads.set(target.path, download);
      }
      await download;
    }
    return target.path;
  }
  await checkGguf(target.path);
  return target.path;
}

async function checkGguf(path: string): Promise<void> {
  if (!(await isFile(path))) {
    throw new PromptyardError('local-model-missing', `The local model file ${path} does not exist.`, {
      hint: 'Check the path (relative paths start at the current folder), or use local/default to download the recommended model.',
      exitCode: 2,
    });
  }
  const file = await open(path, 'r');
  const magic = Buffer.alloc(4);
  try {
    await file.read(magic, 0, 4, 0);
  } finally {
    await file.close();
  }
  if (magic.toString('latin1') !== 'GGUF') {
    throw new PromptyardError('local-model-invalid', `${path} is not a GGUF model file (it does not start with "GGUF").`, {
      hint: 'Use a .gguf file made for llama.cpp (for example from Hugging Face), or local/default for the recommended model.',
      exitCode: 2,
    });
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

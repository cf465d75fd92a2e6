// The local model runtime: node-llama-cpp is ESM-only, native and heavy, so it is imported on the first local
// call, never at module load (the CLI and the extension start without it). One loaded model per file for the
// life of the process, one generation at a time per model; `disposeLocalModels()` frees them all.
import type { GbnfJsonSchema, Llama, LlamaChat, LlamaContext, LlamaGrammar, LlamaModel } from 'node-llama-cpp';
import { PromptyardError } from '../errors';
import type { Logger } from '../ports';

type NodeLlamaCpp = typeof import('node-llama-cpp');

export interface LocalRuntimeSettings {
  /** Context size; default the smaller of 2048 and the model's training context. */
  contextSize?: number;
  threads?: number;
  logger: Logger;
}

export interface LoadedModel {
  readonly path: string;
  readonly model: LlamaModel;
  readonly chat: LlamaChat;
  readonly contextSize: number;
  /** Runs `fn` when no other generation runs on this model; rejects with `signal.reason` if aborted while waiting. */
  exclusive<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  jsonGrammar(schema?: Record<string, unknown>): Promise<LlamaGrammar>;
}

interface Runtime {
  lib: NodeLlamaCpp;
  llama: Llama;
}

let runtime: Promise<Runtime> | undefined;
const loaded = new Map<string, Promise<LoadedModel & { context: LlamaContext }>>();
/** llama.cpp logs through whichever provider logger loaded the runtime last. */
let runtimeLogger: Logger | undefined;

const DEFAULT_CONTEXT_SIZE = 2048;

export function loadLocalModel(path: string, settings: LocalRuntimeSettings): Promise<LoadedModel> {
  runtimeLogger = settings.logger;
  let entry = loaded.get(path);
  if (!entry) {
    entry = load(path, settings);
    loaded.set(path, entry);
    // A failed load is not cached: the user may fix the file and try again in the same process.
    entry.catch(() => loaded.delete(path));
  }
  return entry;
}

/**
 * Frees every loaded model (weights and context memory); the next local call loads it again. The llama.cpp
 * backend itself stays: it holds little, and disposing it can wait forever on its own locks in 3.21.1.
 */
export async function disposeLocalModels(): Promise<void> {
  const entries = [...loaded.values()];
  loaded.clear();
  for (const entry of await Promise.allSettled(entries)) {
    if (entry.status !== 'fulfilled') continue;
    // Let a running generation finish first.
    await entry.value.exclusive(async () => undefined);
    entry.value.chat.dispose();
    await entry.value.context.dispose();
    await entry.value.model.dispose();
  }
}

async function getRuntime(): Promise<Runtime> {
  runtime ??= startRuntime();
  runtime.catch(() => (runtime = undefined));
  return runtime;
}

async function startRuntime(): Promise<Runtime> {
  // Never let node-llama-cpp fetch or build llama.cpp: use the prebuilt binary of the npm package or fail.
  process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD = 'true';
  let lib: NodeLlamaCpp;
  try {
    lib = await import('node-llama-cpp');
  } catch (e) {
    throw runtimeUnavailable(e);
  }
  try {
    const llama = await lib.getLlama({
      gpu: false,
      build: 'never',
      skipDownload: true,
      progressLogs: false,
      logLevel: lib.LlamaLogLevel.warn,
      logger: (level, message) => logLlama(level, message),
    });
    return { lib, llama };
  } catch (e) {
    throw runtimeUnavailable(e);
  }
}

function logLlama(level: string, message: string): void {
  const text = `llama.cpp: ${message.trimEnd()}`;
  if (level === 'error' || level === 'fatal') runtimeLogger?.warn(text);
  else runtimeLogger?.debug(text);
}

function runtimeUnavailable(e: unknown): PromptyardError {
  const reason = e instanceof Error ? e.message : String(e);
  return new PromptyardError(
    'local-runtime-unavailable',
    `The local model runtime (node-llama-cpp) cannot run on this machine (${process.platform}-${process.arch}): ${reason}`,
    {
      hint: 'Run the model with Ollama and use ollama/<model>, or use an API: promptyard keys set openai|anthropic.',
      exitCode: 1,
      cause: e,
    },
  );
}

async function load(path: string, settings: LocalRuntimeSettings): Promise<LoadedModel & { context: LlamaContext }> {
  const { lib, llama } = await getRuntime();
  const started = Date.now();
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: path, gpuLayers: 0 });
  } catch (e) {
    throw new PromptyardError('local-model-invalid', `Cannot load the local model ${path}: ${e instanceof Error ? e.message : String(e)}`, {
      hint: 'Use a GGUF model file made for llama.cpp (for example from Hugging Face), or local/default.',
      exitCode: 2,
      cause: e,
    });
  }
  const trained = model.trainContextSize > 0 ? model.trainContextSize : DEFAULT_CONTEXT_SIZE;
  const contextSize = settings.contextSize ?? Math.min(DEFAULT_CONTEXT_SIZE, trained);
  let context: LlamaContext;
  try {
    // One thread: on small CPUs a second thread competes with the host and is many times slower.
    context = await model.createContext({ contextSize, threads: settings.threads ?? 1, sequences: 1 });
  } catch (e) {
    await model.dispose();
    throw new PromptyardError('local-context-failed', `Cannot create a ${contextSize}-token context for ${path}: ${String(e)}`, {
      hint: 'Set a smaller local.contextSize in promptyard.config.yaml.',
      exitCode: 2,
      cause: e,
    });
  }
  const chat = new lib.LlamaChat({ contextSequence: context.getSequence() });
  settings.logger.debug(`local model ${path} loaded in ${Date.now() - started} ms (context ${contextSize}, chat format ${chat.chatWrapper.wrapperName})`);
  const grammars = new Map<string, Promise<LlamaGrammar>>();
  let tail: Promise<void> = Promise.resolve();
  return {
    path,
    model,
    context,
    chat,
    contextSize,
    async exclusive<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      const previous = tail;
      let release = (): void => undefined;
      const done = new Promise<void>((resolve) => (release = resolve));
      tail = previous.then(() => done);
      try {
        await untilAborted(previous, signal);
        return await fn();
      } finally {
        release();
      }
    },
    jsonGrammar(schema) {
      const key = schema === undefined ? '' : JSON.stringify(schema);
      let grammar = grammars.get(key);
      if (!grammar) {
        grammar = schema === undefined ? llama.getGrammarFor('json') : llama.createGrammarForJsonSchema<GbnfJsonSchema>(schema as GbnfJsonSchema);
        grammars.set(key, grammar);
        grammar.catch(() => grammars.delete(key));
      }
      return grammar;
    },
  };
}

function untilAborted(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

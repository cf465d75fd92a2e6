import type {
  ChatMessage,
  ChatResult,
  Cost,
  ModelParameters,
  ResponseFormat,
  ToolDefinition,
  Usage,
} from '../../shared/types';
import type { Logger } from '../ports';

/** What every provider kind is asked to do. `model` is the provider-local name (no `provider/` prefix). */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  parameters?: ModelParameters;
  responseFormat?: ResponseFormat;
  tools?: ToolDefinition[];
  /** 'auto' by default when tools are given. */
  toolChoice?: 'auto' | 'none' | 'required' | { name: string };
}

export interface CallOptions {
  signal?: AbortSignal;
  /**
   * One overall deadline in milliseconds for the whole call, retries and back-off included.
   * When it passes the call ends with a `timeout` ProviderError.
   */
  deadlineMs?: number;
  /**
   * Sees every HTTP attempt of the call as it ends (the SDK's retries included): its status and the back-off
   * the server asked for, or no status when the connection failed. For callers that adapt to the server
   * (the eval runner's concurrency) and count attempts; it must not throw.
   */
  onAttempt?: (attempt: AttemptInfo) => void;
}

export interface AttemptInfo {
  /** HTTP status; absent when no response came (connection refused or reset). */
  status?: number;
  /** `retry-after-ms` / `retry-after` of a failed response, in ms. */
  retryAfterMs?: number;
}

/** Events of a streamed call, in order; the last one is always `done` (or the iterator throws a ProviderError). */
export type StreamEvent =
  | { type: 'text'; delta: string }
  | { type: 'tool_call_delta'; index: number; id?: string; name?: string; argumentsDelta: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'done'; result: ChatResult };

export interface ModelInfo {
  /** Full id, `provider/model`. */
  id: string;
  contextWindow?: number;
}

export interface Provider {
  /** The provider name used in model ids (`openai`, `anthropic`, `ollama`, `local`, or a custom endpoint's name). */
  readonly name: string;
  stream(request: ChatRequest, options?: CallOptions): AsyncIterable<StreamEvent>;
  complete(request: ChatRequest, options?: CallOptions): Promise<ChatResult>;
  listModels?(options?: CallOptions): Promise<ModelInfo[]>;
  embed?(model: string, input: string[], options?: CallOptions): Promise<number[][]>;
}

/** How the SDK clients are set up: retries and timeouts are the SDKs', always set explicitly. */
export interface ClientSettings {
  apiKey?: string;
  baseURL?: string;
  headers?: Record<string, string>;
  /** Retries after the first attempt (SDK `maxRetries`). Default 2. */
  maxRetries?: number;
  /** Per-attempt timeout in ms (SDK `timeout`). Default 60 000. */
  timeoutMs?: number;
  /** Overall deadline default for calls that do not pass one. Default 120 000. */
  deadlineMs?: number;
}

/** Prices and context windows by full model id (`catalog.ts`). */
export interface ModelCatalog {
  /** Undefined when the model has no known price. */
  cost(modelId: string, usage: Usage): Cost | undefined;
  contextWindow(modelId: string): number | undefined;
}

/** What every provider factory takes. */
export interface ProviderOptions {
  /** The provider name used in model ids and in messages (`openai`, `ollama`, an endpoint's name). */
  name: string;
  settings: ClientSettings;
  logger?: Logger;
  catalog?: ModelCatalog;
  /** How to fix a missing or rejected key, for error hints; absent for providers without keys. */
  keyHint?: { secretName: string; envName: string };
}

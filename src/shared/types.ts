// Types shared by the engine, the hosts and the webview UI. This file imports nothing.

export type Role = 'system' | 'user' | 'assistant' | 'tool';

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text exactly as the model produced it. */
  arguments: string;
}

export interface ChatMessage {
  role: Role;
  content: string;
  /** Assistant turns that called tools. */
  toolCalls?: ToolCall[];
  /** Tool turns: the id of the call this message answers. */
  toolCallId?: string;
}

export type JsonSchema = Record<string, unknown>;

export interface ToolDefinition {
  name: string;
  description?: string;
  parameters: JsonSchema;
}

export interface ModelParameters {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
}

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: JsonSchema; strict?: boolean };

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache (part of inputTokens). */
  cachedInputTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'cancelled' | 'other';

export interface Cost {
  /** US dollars. */
  input: number;
  output: number;
  total: number;
  /** Date of the price table the figure comes from (YYYY-MM-DD), or 'override'. */
  pricedAt: string;
}

export interface ChatResult {
  /** Full model id, `provider/model`. */
  modelId: string;
  text: string;
  toolCalls: ToolCall[];
  usage: Usage;
  finishReason: FinishReason;
  requestId?: string;
  /** Milliseconds from sending the request to the last byte. */
  latencyMs: number;
  /** Milliseconds from sending the request to the first streamed token, when streamed. */
  firstTokenMs?: number;
  /** Absent when the model has no known price (local models cost 0). */
  cost?: Cost;
}

/** The typed failure classes of a model call. */
export type ProviderErrorKind =
  | 'auth'
  | 'rate_limit'
  | 'quota'
  | 'invalid_request'
  | 'server'
  | 'network'
  | 'timeout'
  | 'content_filter'
  | 'cancelled';

/** A place in a file, 1-based line and column. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  message: string;
  /** Stable machine code, e.g. `yaml-syntax`, `unknown-key`, `missing-variable`. */
  code: string;
  location?: SourceLocation;
}

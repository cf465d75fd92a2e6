// The one protocol between the playground webview and the extension host (ARCHITECTURE.md, "Webview
// protocol"). Requests go webview → host and get a typed reply; notifications go host → webview. Method
// names are `noun/verb`. The host validates every incoming message against the closed schemas below and
// drops what does not fit. A key never crosses this boundary.
import type { ChatResult, ModelParameters, ProviderErrorKind, ToolCall, ToolDefinition, Usage } from './types';
import { arr, bool, json, literal, num, obj, opt, record, str, type Check } from './schema';

export const PROTOCOL_VERSION = 1;

export const MAX_COMPARE_MODELS = 4;

// ---------------------------------------------------------------- the playground's model

export type DraftRole = 'system' | 'user' | 'assistant';

export interface DraftMessage {
  role: DraftRole;
  content: string;
}

/** Everything the playground edits; a bound panel mirrors it to and from its prompt file. */
export interface PlaygroundDraft {
  name?: string;
  messages: DraftMessage[];
  /** A second prompt variant to compare with, on the same variables. */
  variant?: DraftMessage[];
  /** Values typed for the `{{variables}}` found in the messages. */
  variables: Record<string, string>;
  /** One model, or up to four to compare. */
  modelIds: string[];
  parameters: ModelParameters;
  /** `json_schema` carries the schema as JSON text, as the prompt file does. */
  responseFormat?: { type: 'text' | 'json_object' | 'json_schema'; jsonSchema?: string };
  tools?: ToolDefinition[];
}

export interface ModelOption {
  id: string;
  provider: string;
  /** Why it cannot run now (no key, not reachable), when it cannot. */
  unavailable?: string;
}

export interface ProviderStatus {
  name: string;
  kind: string;
  /** Where its key comes from: never the key. */
  keySource: 'secret-storage' | 'env' | 'none' | 'not-needed';
  detail?: string;
}

/** One column of a run: a model (or a variant) answering the same variables. */
export interface RunColumn {
  columnId: string;
  modelId: string;
  variant: 'a' | 'b';
}

export interface RunSummary {
  runId: string;
  columnId: string;
  modelId: string;
  text: string;
  toolCalls: ToolCall[];
  usage: Usage;
  latencyMs: number;
  firstTokenMs?: number;
  cost?: number;
  finishReason: ChatResult['finishReason'];
}

export interface RunFailure {
  kind: ProviderErrorKind | 'render' | 'config' | 'internal';
  message: string;
  /** What to do next. */
  hint?: string;
}

export interface HistoryEntry {
  runId: string;
  at: string;
  draft: PlaygroundDraft;
  columns: RunColumn[];
  results: Array<RunSummary | (RunFailure & { columnId: string; failed: true })>;
}

// ---------------------------------------------------------------- requests (webview → host)

export interface RequestMap {
  /** Start a run of the draft on its models (or variants); answers stream as notifications. */
  'run/start': [{ draft: PlaygroundDraft; continueFrom?: { runId: string; columnId: string; toolResults: { toolCallId: string; content: string }[] } }, { runId: string; columns: RunColumn[] }];
  'run/stop': [{ runId: string }, { stopped: boolean }];
  'models/list': [{ refresh?: boolean }, { models: ModelOption[]; providers: ProviderStatus[] }];
  /** Open the Set API Key flow in the editor (the key is typed there, never here). */
  'keys/open': [{ provider?: string }, { ok: boolean }];
  'draft/save': [{ draft: PlaygroundDraft }, { file?: string }];
  /** A bound panel's edit, applied to its prompt file as a workspace edit (undo works in the editor). */
  'draft/edit': [{ draft: PlaygroundDraft }, { applied: boolean; error?: string }];
  'feedback/add': [{ runId: string; columnId: string; rating: 'up' | 'down'; note?: string }, { dataset: string }];
  'code/copy': [{ draft: PlaygroundDraft; language: 'typescript' | 'python' }, { copied: boolean }];
  'tools/fixture': [{ toolName: string }, { content?: string }];
  'history/clear': [Record<string, never>, { cleared: boolean }];
}

export type RequestMethod = keyof RequestMap;
export type RequestParams<M extends RequestMethod> = RequestMap[M][0];
export type RequestResult<M extends RequestMethod> = RequestMap[M][1];

// ---------------------------------------------------------------- notifications (host → webview)

export interface NotificationMap {
  init: {
    protocolVersion: number;
    mode: 'view' | 'panel';
    /** The prompt file a panel is bound to. */
    boundFile?: string;
    draft: PlaygroundDraft;
    history: HistoryEntry[];
    trusted: boolean;
  };
  /** The bound file changed on disk or in the editor. */
  'draft/changed': { draft: PlaygroundDraft; error?: string };
  'run/delta': { runId: string; columnId: string; text?: string; toolCall?: { index: number; id?: string; name?: string; argumentsDelta: string } };
  'run/done': { runId: string; result: RunSummary };
  'run/failed': { runId: string; columnId: string; failure: RunFailure };
  'models/changed': { models: ModelOption[]; providers: ProviderStatus[] };
}

export type NotificationMethod = keyof NotificationMap;

// ---------------------------------------------------------------- envelopes

export type WebviewToHost = { kind: 'request'; id: number; method: RequestMethod; params: unknown } | { kind: 'ready' };

export type HostToWebview =
  | { kind: 'response'; id: number; result?: unknown; error?: { message: string; hint?: string } }
  | { kind: 'notification'; method: NotificationMethod; params: unknown };

// ---------------------------------------------------------------- closed schemas for what the host receives

const id = str(64, /^[\w-]+$/);
const modelId = str(300, /^[a-z][a-z0-9_-]{0,63}\/\S+$/);
const message = obj({ role: literal('system', 'user', 'assistant'), content: str(200_000) });
const messages = arr(message, 200);
const tool = obj({ name: str(64, /^[A-Za-z0-9_-]+$/), description: opt(str(2_000)), parameters: json() }) as Check<ToolDefinition>;
const parameters = obj({
  maxTokens: opt(num(1, 1_000_000, true)),
  temperature: opt(num(0, 2)),
  topP: opt(num(0, 1)),
  stop: opt(arr(str(200), 8)),
  seed: opt(num(-2_147_483_648, 2_147_483_647, true)),
  frequencyPenalty: opt(num(-2, 2)),
  presencePenalty: opt(num(-2, 2)),
});

export const draftSchema: Check<PlaygroundDraft> = obj({
  name: opt(str(200)),
  messages,
  variant: opt(messages),
  variables: record(str(100_000)),
  modelIds: arr(modelId, MAX_COMPARE_MODELS),
  parameters,
  responseFormat: opt(obj({ type: literal('text', 'json_object', 'json_schema'), jsonSchema: opt(str(100_000)) })),
  tools: opt(arr(tool, 64)),
}) as Check<PlaygroundDraft>;

export const requestSchemas: { [M in RequestMethod]: Check<RequestParams<M>> } = {
  'run/start': obj({
    draft: draftSchema,
    continueFrom: opt(obj({ runId: id, columnId: id, toolResults: arr(obj({ toolCallId: str(200), content: str(100_000) }), 32) })),
  }) as Check<RequestParams<'run/start'>>,
  'run/stop': obj({ runId: id }),
  'models/list': obj({ refresh: opt(bool) }),
  'keys/open': obj({ provider: opt(str(64, /^[a-z][a-z0-9_-]*$/)) }),
  'draft/save': obj({ draft: draftSchema }),
  'draft/edit': obj({ draft: draftSchema }),
  'feedback/add': obj({ runId: id, columnId: id, rating: literal('up', 'down'), note: opt(str(5_000)) }),
  'code/copy': obj({ draft: draftSchema, language: literal('typescript', 'python') }),
  'tools/fixture': obj({ toolName: str(64, /^[A-Za-z0-9_-]+$/) }),
  'history/clear': obj({}) as Check<Record<string, never>>,
};

/** Largest message the host accepts from the webview, in characters of its JSON. */
export const MAX_INCOMING_MESSAGE_CHARS = 2_000_000;

/** Parses one message from the webview; undefined when it does not fit the protocol (the host drops it). */
export function parseWebviewMessage(raw: unknown): { kind: 'ready' } | { kind: 'request'; id: number; method: RequestMethod; params: unknown } | undefined {
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
    const m = raw as Record<string, unknown>;
    if (m.kind === 'ready' && Object.keys(m).length === 1) return { kind: 'ready' };
    if (m.kind !== 'request' || Object.keys(m).some((k) => !['kind', 'id', 'method', 'params'].includes(k))) return undefined;
    if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id) || m.id < 0) return undefined;
    if (typeof m.method !== 'string' || !Object.prototype.hasOwnProperty.call(requestSchemas, m.method)) return undefined;
    const method = m.method as RequestMethod;
    const params = requestSchemas[method](m.params, method);
    return { kind: 'request', id: m.id, method, params };
  } catch {
    return undefined;
  }
}

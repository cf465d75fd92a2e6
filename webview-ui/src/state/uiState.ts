// The playground's UI state: the draft being edited, the models, the answer columns, history and the
// transient notices. Streaming text does not live here (see stream/deltaBatcher.ts): only a column's
// final text does, so a delta never re-renders the component tree.
import type { HistoryEntry, ModelOption, PlaygroundDraft, ProviderStatus, RunFailure, RunSummary } from '../../../src/shared/protocol';

export type ColumnStatus = 'waiting' | 'streaming' | 'done' | 'failed' | 'stopped';

export interface ToolCallView {
  index: number;
  id: string;
  name: string;
  arguments: string;
  /** What the user answers for it (typed or from a fixture). */
  result: string;
}

/** An earlier turn of a column continued after tool calls. */
export interface PriorTurn {
  text: string;
  toolCalls: ToolCallView[];
}

export interface FeedbackState {
  rating?: 'up' | 'down';
  note: string;
  status: 'editing' | 'sending' | 'sent' | 'error';
  dataset?: string;
  error?: string;
}

export interface ColumnState {
  /** Stable for the life of the column, also across continuations (a new run id). */
  slot: string;
  runId: string;
  columnId: string;
  modelId: string;
  variant: 'a' | 'b';
  status: ColumnStatus;
  /** The final text once the column has settled; while streaming, the text lives in the batcher. */
  text: string;
  toolCalls: ToolCallView[];
  summary?: RunSummary;
  failure?: RunFailure;
  prior: PriorTurn[];
  feedback?: FeedbackState;
  /** JSON answers (a JSON response format) show as text, not Markdown. */
  format: 'markdown' | 'json';
}

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
  hint?: string;
  /** Offer the Set API Key flow for this provider. */
  keyFor?: string;
}

export interface UiState {
  /** 'ready' once the host's `init` arrived. */
  phase: 'loading' | 'ready';
  /** The view came back from saved state (it can show before `init`). */
  restored: boolean;
  mode: 'view' | 'panel';
  boundFile?: string;
  trusted: boolean;
  protocolMismatch?: string;
  draft: PlaygroundDraft;
  compareModels: boolean;
  models: ModelOption[];
  providers: ProviderStatus[];
  modelsStatus: 'loading' | 'ready' | 'error';
  modelsError?: string;
  columns: ColumnState[];
  /** A run is starting (request sent, no reply yet) or has columns still streaming. */
  running: boolean;
  stopping: boolean;
  history: HistoryEntry[];
  raw: boolean;
  notices: Notice[];
  /** Panel mode: the bound file does not parse, or the last edit could not be applied. */
  panelError?: string;
  /** Where the last "Save as prompt file" wrote. */
  lastSave?: { file: string };
}

export function emptyDraft(): PlaygroundDraft {
  return {
    messages: [
      { role: 'system', content: '' },
      { role: 'user', content: '' },
    ],
    variables: {},
    modelIds: [],
    parameters: {},
  };
}

export function initialState(): UiState {
  return {
    phase: 'loading',
    restored: false,
    mode: 'view',
    trusted: true,
    draft: emptyDraft(),
    compareModels: false,
    models: [],
    providers: [],
    modelsStatus: 'loading',
    columns: [],
    running: false,
    stopping: false,
    history: [],
    raw: false,
    notices: [],
  };
}

export function streamKey(runId: string, columnId: string): string {
  return `${runId}/${columnId}`;
}

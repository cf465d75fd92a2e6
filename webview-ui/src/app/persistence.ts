// What survives a hidden or reloaded view (VS Code's webview getState/setState): the draft, the answer
// columns as they ended, and the toggles. The host keeps run history itself.
import { draftSchema, type PlaygroundDraft } from '../../../src/shared/protocol';
import { streamKey, type ColumnState, type UiState } from '../state/uiState';
import type { DeltaBatcher } from '../stream/deltaBatcher';
import { isActive } from './runController';

export interface SavedState {
  v: 1;
  draft: PlaygroundDraft;
  /** The draft the host sent in `init` when this was saved: a different one means the host wants its own. */
  initKey?: string;
  compareModels: boolean;
  raw: boolean;
  columns: ColumnState[];
}

const MAX_SAVED_TEXT = 200_000;

export function savedStateOf(state: UiState, batcher: DeltaBatcher, initKey: string | undefined): SavedState {
  const columns = state.columns.map((c): ColumnState => {
    const text = isActive(c) ? batcher.text(streamKey(c.runId, c.columnId)) : c.text;
    const status = isActive(c) ? 'stopped' : c.status;
    const failure = isActive(c) ? { kind: 'cancelled' as const, message: 'The view was closed while this answer streamed.', hint: 'Run it again.' } : c.failure;
    return { ...c, status, failure, text: text.slice(0, MAX_SAVED_TEXT), feedback: c.feedback?.status === 'sending' ? undefined : c.feedback };
  });
  return { v: 1, draft: state.draft, initKey, compareModels: state.compareModels, raw: state.raw, columns };
}

export function loadSavedState(raw: unknown): SavedState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Partial<SavedState>;
  if (s.v !== 1) return undefined;
  try {
    draftSchema(s.draft, 'draft');
  } catch {
    return undefined;
  }
  const columns = Array.isArray(s.columns) ? s.columns.filter(isColumn).slice(0, 8) : [];
  return { v: 1, draft: s.draft!, initKey: typeof s.initKey === 'string' ? s.initKey : undefined, compareModels: s.compareModels === true, raw: s.raw === true, columns };
}

function isColumn(c: unknown): c is ColumnState {
  if (typeof c !== 'object' || c === null) return false;
  const o = c as Record<string, unknown>;
  return (
    ['slot', 'runId', 'columnId', 'modelId', 'status', 'text', 'format'].every((k) => typeof o[k] === 'string') &&
    Array.isArray(o.toolCalls) &&
    Array.isArray(o.prior)
  );
}

export function draftKey(draft: PlaygroundDraft): string {
  return JSON.stringify(draft);
}

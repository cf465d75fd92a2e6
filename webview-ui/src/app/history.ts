// Run history: entries made from finished columns, and columns restored from an entry.
import type { HistoryEntry, PlaygroundDraft } from '../../../src/shared/protocol';
import type { ColumnState } from '../state/uiState';

export function historyEntryOf(runId: string, draft: PlaygroundDraft, columns: ColumnState[], at = new Date()): HistoryEntry {
  const own = columns.filter((c) => c.runId === runId);
  return {
    runId,
    at: at.toISOString(),
    draft,
    columns: own.map((c) => ({ columnId: c.columnId, modelId: c.modelId, variant: c.variant })),
    results: own.map((c) =>
      c.summary
        ? { ...c.summary, text: c.text }
        : {
            columnId: c.columnId,
            failed: true as const,
            kind: c.failure?.kind ?? 'cancelled',
            message: c.failure?.message ?? 'Stopped before it finished.',
            hint: c.failure?.hint,
          },
    ),
  };
}

export function columnsOf(entry: HistoryEntry, slotPrefix: string): ColumnState[] {
  const json = entry.draft.responseFormat && entry.draft.responseFormat.type !== 'text';
  return entry.columns.map((column, i) => {
    const result = entry.results.find((r) => r.columnId === column.columnId);
    const base: ColumnState = {
      slot: `${slotPrefix}-${i}`,
      runId: entry.runId,
      columnId: column.columnId,
      modelId: column.modelId,
      variant: column.variant,
      status: 'failed',
      text: '',
      toolCalls: [],
      prior: [],
      format: json ? 'json' : 'markdown',
    };
    if (!result) return { ...base, failure: { kind: 'internal', message: 'No result was recorded for this column.' } };
    if ('failed' in result) {
      const status = result.kind === 'cancelled' ? 'stopped' : 'failed';
      return { ...base, status, failure: { kind: result.kind, message: result.message, hint: result.hint } };
    }
    const toolCalls = result.toolCalls.map((t, index) => ({ index, id: t.id, name: t.name, arguments: t.arguments, result: '' }));
    return { ...base, status: result.finishReason === 'cancelled' ? 'stopped' : 'done', text: result.text, summary: result, toolCalls };
  });
}

/** A one-line label for a history entry. */
export function historyLabel(entry: HistoryEntry): string {
  const firstUser = entry.draft.messages.find((m) => m.role === 'user' && m.content.trim()) ?? entry.draft.messages.find((m) => m.content.trim());
  const text = (firstUser?.content ?? '').replace(/\s+/g, ' ').trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text || '(empty prompt)';
}

// The playground's one-shot requests: save, copy as code, Set API Key, fixtures, feedback and history.
// Each answers with a notice that says what happened or what to do.
import type { HistoryEntry } from '../../../src/shared/protocol';
import { draftForRun } from '../draft/draftEdits';
import { streamKey, type ColumnState, type FeedbackState } from '../state/uiState';
import { columnsOf } from './history';
import { errorText } from './notices';
import type { Playground } from './playground';

export class PlaygroundActions {
  private restoreCount = 0;

  constructor(private readonly pg: Playground) {}

  async save(): Promise<void> {
    try {
      const { file } = await this.pg.client.request('draft/save', { draft: draftForRun(this.pg.store.get().draft) });
      if (!file) return;
      this.pg.store.update({ lastSave: { file } });
      this.pg.notify('info', `Saved to ${file}.`);
    } catch (error) {
      this.fail('Could not save the prompt file', error);
    }
  }

  async copyCode(language: 'typescript' | 'python'): Promise<void> {
    try {
      const { copied } = await this.pg.client.request('code/copy', { draft: draftForRun(this.pg.store.get().draft), language });
      if (copied) this.pg.notify('info', `Copied the ${language === 'typescript' ? 'TypeScript' : 'Python'} code to the clipboard.`);
    } catch (error) {
      this.fail('Could not copy the code', error);
    }
  }

  async openKeys(provider?: string): Promise<void> {
    try {
      await this.pg.client.request('keys/open', provider ? { provider } : {});
    } catch (error) {
      this.fail('Could not open Set API Key', error);
    }
  }

  setToolResult(slot: string, index: number, result: string): void {
    this.patchColumn(slot, (c) => ({ toolCalls: c.toolCalls.map((t) => (t.index === index ? { ...t, result } : t)) }));
  }

  async fixture(slot: string, index: number): Promise<void> {
    const call = this.column(slot)?.toolCalls.find((t) => t.index === index);
    if (!call) return;
    try {
      const { content } = await this.pg.client.request('tools/fixture', { toolName: call.name });
      if (content === undefined) {
        this.pg.notify('error', `No fixture for ${call.name}.`, 'Type the result by hand, or add a fixture for this tool.');
        return;
      }
      this.setToolResult(slot, index, content);
    } catch (error) {
      this.fail(`Could not load the fixture for ${call.name}`, error);
    }
  }

  setFeedback(slot: string, patch: Partial<FeedbackState>): void {
    this.patchColumn(slot, (c) => ({ feedback: { note: '', status: 'editing', ...c.feedback, ...patch } }));
  }

  async sendFeedback(slot: string): Promise<void> {
    const col = this.column(slot);
    const rating = col?.feedback?.rating;
    if (!col || !rating) return;
    const note = col.feedback?.note.trim();
    this.setFeedback(slot, { status: 'sending', error: undefined });
    try {
      const { dataset } = await this.pg.client.request('feedback/add', { runId: col.runId, columnId: col.columnId, rating, ...(note ? { note } : {}) });
      this.setFeedback(slot, { status: 'sent', dataset });
    } catch (error) {
      this.setFeedback(slot, { status: 'error', error: errorText(error).message });
    }
  }

  restoreHistory(entry: HistoryEntry): void {
    if (this.pg.store.get().running) {
      this.pg.notify('error', 'Stop the run before opening another one.');
      return;
    }
    for (const c of this.pg.store.get().columns) this.pg.batcher.forget(streamKey(c.runId, c.columnId));
    const columns = columnsOf(entry, `history-${++this.restoreCount}`);
    for (const c of columns) this.pg.batcher.seed(streamKey(c.runId, c.columnId), c.text);
    this.pg.editDraft(() => entry.draft);
    this.pg.store.update({ columns, compareModels: this.pg.store.get().compareModels || entry.draft.modelIds.length > 1 });
  }

  async clearHistory(): Promise<void> {
    try {
      const { cleared } = await this.pg.client.request('history/clear', {});
      if (cleared) this.pg.store.update({ history: [] });
    } catch (error) {
      this.fail('Could not clear the history', error);
    }
  }

  private column(slot: string): ColumnState | undefined {
    return this.pg.store.get().columns.find((c) => c.slot === slot);
  }

  private patchColumn(slot: string, patch: (c: ColumnState) => Partial<ColumnState>): void {
    this.pg.store.update((s) => ({ columns: s.columns.map((c) => (c.slot === slot ? { ...c, ...patch(c) } : c)) }));
  }

  private fail(what: string, error: unknown): void {
    const { message, hint } = errorText(error);
    this.pg.notify('error', `${what}: ${message}`, hint);
  }
}

// The run lifecycle: run/start → run/delta… → run/done | run/failed, Stop, and continuing a column after
// its tool calls. Text deltas go to the batcher (painted once per frame); everything else is UI state.
import type { NotificationMap, PlaygroundDraft, RequestParams, RunColumn, RunFailure, RunSummary } from '../../../src/shared/protocol';
import { draftForRun, runProblems } from '../draft/draftEdits';
import type { HostClient } from '../host/client';
import type { Store } from '../state/store';
import { streamKey, type ColumnState, type ToolCallView, type UiState } from '../state/uiState';
import type { DeltaBatcher } from '../stream/deltaBatcher';
import { historyEntryOf } from './history';
import type { Notify } from './notices';

type RunEvent =
  | { type: 'delta'; params: NotificationMap['run/delta'] }
  | { type: 'done'; params: NotificationMap['run/done'] }
  | { type: 'failed'; params: NotificationMap['run/failed'] };

const MAX_EARLY_EVENTS = 20_000;

export class RunController {
  /** Events for a run whose run/start reply has not arrived yet. */
  private readonly early = new Map<string, RunEvent[]>();
  private starting = 0;
  private stopWhenStarted = false;
  private readonly drafts = new Map<string, PlaygroundDraft>();
  private readonly toolBuffers = new Map<string, ToolCallView[]>();
  private slotCount = 0;

  constructor(
    private readonly store: Store<UiState>,
    private readonly client: HostClient,
    private readonly batcher: DeltaBatcher,
    private readonly notify: Notify,
  ) {
    client.on('run/delta', (params) => this.event({ type: 'delta', params }));
    client.on('run/done', (params) => this.event({ type: 'done', params }));
    client.on('run/failed', (params) => this.event({ type: 'failed', params }));
  }

  async run(): Promise<void> {
    const state = this.store.get();
    if (state.running) return;
    const problems = runProblems(state.draft, state.models);
    if (problems.length > 0) {
      this.notify('error', problems[0]!, problems.slice(1).join(' '));
      return;
    }
    for (const c of state.columns) this.batcher.forget(streamKey(c.runId, c.columnId));
    const draft = draftForRun(state.draft);
    this.store.update({ running: true, stopping: false, columns: [] });
    const format = draft.responseFormat && draft.responseFormat.type !== 'text' ? 'json' : 'markdown';
    await this.start({ draft }, (runId, columns) => columns.map((c) => this.newColumn(runId, c, format)));
  }

  async continueColumn(slot: string): Promise<void> {
    const state = this.store.get();
    const col = state.columns.find((c) => c.slot === slot);
    if (!col || state.running) return;
    const missing = col.toolCalls.filter((t) => !t.result.trim());
    if (missing.length > 0) {
      this.notify('error', `Answer ${missing.map((t) => t.name).join(', ')} first.`, 'Type a result or use "From fixture".');
      return;
    }
    const toolResults = col.toolCalls.map((t) => ({ toolCallId: t.id || `call_${t.index}`, content: t.result }));
    const draft = draftForRun(state.draft);
    this.store.update({ running: true, stopping: false });
    await this.start({ draft, continueFrom: { runId: col.runId, columnId: col.columnId, toolResults } }, (runId, columns) => {
      const current = this.store.get().columns;
      const [first, ...others] = columns;
      const replaced = current.map((c) => {
        if (c.slot !== slot || !first) return c;
        const prior = [...c.prior, { text: c.text, toolCalls: c.toolCalls }];
        return { ...this.newColumn(runId, first, c.format), slot, prior };
      });
      return [...replaced, ...others.map((c) => this.newColumn(runId, c, col.format))];
    });
  }

  async stop(): Promise<void> {
    const state = this.store.get();
    if (!state.running) return;
    this.store.update({ stopping: true });
    if (this.starting > 0) this.stopWhenStarted = true;
    const runIds = [...new Set(state.columns.filter(isActive).map((c) => c.runId))];
    await Promise.all(runIds.map((runId) => this.client.request('run/stop', { runId }).catch(() => ({ stopped: false }))));
    this.store.update((s) => ({
      columns: s.columns.map((c) => (runIds.includes(c.runId) && isActive(c) ? this.settle(c, { status: 'stopped' }) : c)),
    }));
    this.settleRun();
  }

  private async start(
    params: RequestParams<'run/start'>,
    toColumns: (runId: string, columns: RunColumn[]) => ColumnState[],
  ): Promise<void> {
    this.starting++;
    try {
      const reply = await this.client.request('run/start', params);
      this.drafts.set(reply.runId, params.draft);
      this.store.update({ columns: toColumns(reply.runId, reply.columns) });
      const early = this.early.get(reply.runId) ?? [];
      this.early.delete(reply.runId);
      for (const e of early) this.event(e);
    } catch (error) {
      this.store.update({ running: false, stopping: false });
      this.notify('error', `The run did not start: ${error instanceof Error ? error.message : String(error)}`, hintOf(error));
    } finally {
      this.starting--;
      if (this.starting === 0) this.early.clear();
      // Every column may have ended before the reply came (a fast model, a render error).
      this.settleRun();
      if (this.starting === 0 && this.stopWhenStarted) {
        // Stop was pressed before the run had an id.
        this.stopWhenStarted = false;
        void this.stop();
      }
    }
  }

  private newColumn(runId: string, c: RunColumn, format: ColumnState['format']): ColumnState {
    return {
      slot: `slot-${++this.slotCount}`,
      runId,
      columnId: c.columnId,
      modelId: c.modelId,
      variant: c.variant,
      status: 'waiting',
      text: '',
      toolCalls: [],
      prior: [],
      format,
    };
  }

  private event(e: RunEvent): void {
    const runId = e.params.runId;
    const columnId = e.type === 'done' ? e.params.result.columnId : e.params.columnId;
    const col = this.store.get().columns.find((c) => c.runId === runId && c.columnId === columnId);
    if (!col) {
      if (this.starting > 0) {
        const list = this.early.get(runId) ?? [];
        if (list.length < MAX_EARLY_EVENTS) list.push(e);
        this.early.set(runId, list);
      }
      return;
    }
    if (e.type === 'delta') this.delta(col, e.params);
    else if (e.type === 'done') this.done(col, e.params.result);
    else this.failed(col, e.params.failure);
  }

  private delta(col: ColumnState, p: NotificationMap['run/delta']): void {
    if (col.status !== 'waiting' && col.status !== 'streaming') return;
    const key = streamKey(col.runId, col.columnId);
    if (p.text) this.batcher.push(key, p.text);
    if (col.status === 'waiting') this.patch(col, { status: 'streaming' });
    if (p.toolCall) {
      const calls = this.toolBuffers.get(key) ?? [];
      this.toolBuffers.set(key, calls);
      const t = p.toolCall;
      let call = calls.find((c) => c.index === t.index);
      if (!call) calls.push((call = { index: t.index, id: '', name: '', arguments: '', result: '' }));
      if (t.id) call.id = t.id;
      if (t.name) call.name = t.name;
      call.arguments += t.argumentsDelta;
      this.batcher.onNextFrame(`tools:${key}`, () => this.patch(col, { toolCalls: calls.map((c) => ({ ...c })) }));
    }
  }

  private done(col: ColumnState, result: RunSummary): void {
    const current = this.find(col) ?? col;
    const streamed = this.toolBuffers.get(streamKey(col.runId, col.columnId)) ?? current.toolCalls;
    const toolCalls: ToolCallView[] =
      result.toolCalls.length > 0
        ? result.toolCalls.map((t, index) => ({ index, id: t.id, name: t.name, arguments: t.arguments, result: current.toolCalls[index]?.result ?? '' }))
        : streamed.map((c) => ({ ...c }));
    const status = result.finishReason === 'cancelled' ? 'stopped' : 'done';
    this.replace(col, this.settle(current, { status, summary: result, toolCalls }, result.text));
    this.settleRun();
  }

  private failed(col: ColumnState, failure: RunFailure): void {
    const current = this.find(col) ?? col;
    const status = failure.kind === 'cancelled' ? 'stopped' : 'failed';
    this.replace(col, this.settle(current, { status, failure }));
    this.settleRun();
  }

  /** A column that stops streaming: its text is final, in the batcher and in the state. */
  private settle(col: ColumnState, patch: Partial<ColumnState>, finalText?: string): ColumnState {
    const key = streamKey(col.runId, col.columnId);
    const text = finalText ?? this.batcher.text(key);
    this.batcher.finish(key, text);
    this.toolBuffers.delete(key);
    return { ...col, ...patch, text };
  }

  /** Ends the run once no column streams, and records it in history. */
  private settleRun(): void {
    const state = this.store.get();
    if (this.starting > 0 || state.columns.some(isActive)) return;
    if (!state.running) return;
    const runIds = [...new Set(state.columns.map((c) => c.runId))].filter((id) => this.drafts.has(id));
    const entries = runIds.map((id) => historyEntryOf(id, this.drafts.get(id)!, state.columns));
    for (const id of runIds) this.drafts.delete(id);
    const known = new Set(entries.map((e) => e.runId));
    this.store.update({ running: false, stopping: false, history: [...entries.reverse(), ...state.history.filter((h) => !known.has(h.runId))] });
  }

  private find(col: ColumnState): ColumnState | undefined {
    return this.store.get().columns.find((c) => c.slot === col.slot);
  }

  private patch(col: ColumnState, patch: Partial<ColumnState>): void {
    this.store.update((s) => ({ columns: s.columns.map((c) => (c.slot === col.slot && c.runId === col.runId ? { ...c, ...patch } : c)) }));
  }

  private replace(col: ColumnState, next: ColumnState): void {
    this.store.update((s) => ({ columns: s.columns.map((c) => (c.slot === col.slot ? next : c)) }));
  }
}

export function isActive(c: ColumnState): boolean {
  return c.status === 'waiting' || c.status === 'streaming';
}

function hintOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'hint' in error && typeof error.hint === 'string' ? error.hint : undefined;
}

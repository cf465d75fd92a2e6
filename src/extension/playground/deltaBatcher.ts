// Streamed deltas are posted to the webview in batches, one per interval (16 ms: about one animation frame),
// so 2,000 tokens per second cost about 60 postMessage calls, not 2,000. Text of a column is concatenated;
// tool-call argument deltas of the same call are merged. `flush()` before a column's end keeps the order.
import type { NotificationMap } from '../../shared/protocol';

export type DeltaParams = NotificationMap['run/delta'];
export type DeltaSink = (params: DeltaParams) => void;

export interface Timer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimer: Timer = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const DELTA_INTERVAL_MS = 16;

export class DeltaBatcher {
  private pending: DeltaParams[] = [];
  private handle: unknown;

  constructor(
    private readonly sink: DeltaSink,
    private readonly intervalMs = DELTA_INTERVAL_MS,
    private readonly timer: Timer = realTimer,
  ) {}

  text(runId: string, columnId: string, text: string): void {
    if (!text) return;
    const last = this.pending[this.pending.length - 1];
    if (last && last.runId === runId && last.columnId === columnId && last.text !== undefined && !last.toolCall) last.text += text;
    else this.pending.push({ runId, columnId, text });
    this.schedule();
  }

  toolCall(runId: string, columnId: string, call: NonNullable<DeltaParams['toolCall']>): void {
    const last = this.pending[this.pending.length - 1];
    const same = last?.toolCall && last.runId === runId && last.columnId === columnId && last.toolCall.index === call.index;
    if (same && !call.id && !call.name) last.toolCall!.argumentsDelta += call.argumentsDelta;
    else this.pending.push({ runId, columnId, toolCall: { ...call } });
    this.schedule();
  }

  /** Posts everything pending now. */
  flush(): void {
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = undefined;
    const batch = this.pending;
    this.pending = [];
    for (const params of batch) this.sink(params);
  }

  dispose(): void {
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = undefined;
    this.pending = [];
  }

  private schedule(): void {
    if (this.handle === undefined) this.handle = this.timer.set(() => this.flush(), this.intervalMs);
  }
}

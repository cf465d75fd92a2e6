// Streaming at thousands of tokens per second: a delta only appends to a buffer and asks for a frame;
// once per animation frame every column gets the text that arrived since the last frame, in one call,
// and renders it once. Per-frame tasks (tool-call updates) ride the same frame. No DOM: the scheduler and
// the clock are injected (requestAnimationFrame and performance.now in the webview).
import { PerfStats } from './perfStats';

export type FrameScheduler = (callback: () => void) => void;
export type Clock = () => number;

export interface StreamSink {
  /** Called at most once per frame: the text that arrived since the last call, and the whole text. */
  append(chunk: string, full: string): void;
  /** The column settled with this exact text (it replaces what streamed). */
  finish(text: string): void;
  /** Before any view of the frame writes: a place to read layout (scroll position) without forcing it. */
  beforeWrites?(): void;
  /** After every view of the frame wrote. */
  afterWrites?(): void;
}

interface Pending {
  chunks: string[];
  arrivals: number[];
}

export class DeltaBatcher {
  readonly perf = new PerfStats();
  private readonly texts = new Map<string, string>();
  private readonly pending = new Map<string, Pending>();
  private readonly finals = new Map<string, string>();
  private readonly finished = new Set<string>();
  private readonly sinks = new Map<string, StreamSink>();
  private readonly tasks = new Map<string, () => void>();
  private scheduled = false;

  constructor(
    private readonly schedule: FrameScheduler,
    private readonly now: Clock,
  ) {}

  push(key: string, chunk: string): void {
    if (!chunk || this.finished.has(key)) return;
    let p = this.pending.get(key);
    if (!p) this.pending.set(key, (p = { chunks: [], arrivals: [] }));
    p.chunks.push(chunk);
    p.arrivals.push(this.now());
    this.request();
  }

  /** Ends a stream with its exact final text (delivered on the next frame, after what is pending). */
  finish(key: string, text: string): void {
    this.finished.add(key);
    this.finals.set(key, text);
    this.request();
  }

  /** Runs `task` once on the next frame; a second call with the same key before then replaces it. */
  onNextFrame(key: string, task: () => void): void {
    this.tasks.set(key, task);
    this.request();
  }

  /** Everything received so far, painted or not. */
  text(key: string): string {
    const final = this.finals.get(key);
    if (final !== undefined) return final;
    const p = this.pending.get(key);
    return (this.texts.get(key) ?? '') + (p ? p.chunks.join('') : '');
  }

  isFinished(key: string): boolean {
    return this.finished.has(key);
  }

  /** Connects a view; it gets the painted text now and every later frame's chunk. */
  attach(key: string, sink: StreamSink): { text: string; finished: boolean } {
    this.sinks.set(key, sink);
    return { text: this.texts.get(key) ?? '', finished: this.finished.has(key) && !this.finals.has(key) };
  }

  detach(key: string, sink: StreamSink): void {
    if (this.sinks.get(key) === sink) this.sinks.delete(key);
  }

  /** Seeds a settled column (restored from history or saved state). */
  seed(key: string, text: string): void {
    this.texts.set(key, text);
    this.finished.add(key);
  }

  forget(key: string): void {
    this.texts.delete(key);
    this.pending.delete(key);
    this.finals.delete(key);
    this.finished.delete(key);
    this.sinks.delete(key);
  }

  /** Runs the pending frame now (tests, and before a reply that must see painted text). */
  flush(): void {
    if (this.scheduled) this.frame();
  }

  private request(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      if (this.scheduled) this.frame();
    });
  }

  private frame(): void {
    this.scheduled = false;
    const start = this.now();
    const arrivals: number[] = [];
    const pending = [...this.pending];
    this.pending.clear();
    const finals = [...this.finals];
    this.finals.clear();
    // Reads of every view first, then the writes, then what needs the new layout: one layout per frame.
    const touched = new Set<StreamSink>();
    for (const [key] of [...pending, ...finals]) {
      const sink = this.sinks.get(key);
      if (sink) touched.add(sink);
    }
    for (const sink of touched) sink.beforeWrites?.();
    for (const [key, p] of pending) {
      const chunk = p.chunks.join('');
      const full = (this.texts.get(key) ?? '') + chunk;
      this.texts.set(key, full);
      arrivals.push(...p.arrivals);
      if (!finals.some(([k]) => k === key)) this.sinks.get(key)?.append(chunk, full);
    }
    for (const [key, text] of finals) {
      this.texts.set(key, text);
      this.sinks.get(key)?.finish(text);
    }
    for (const sink of touched) sink.afterWrites?.();
    const tasks = [...this.tasks.values()];
    this.tasks.clear();
    for (const task of tasks) task();
    this.perf.recordFrame(start, this.now(), arrivals);
  }
}

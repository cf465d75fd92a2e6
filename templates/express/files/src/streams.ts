// Server-sent event streams, tracked so that shutdown can drain them: each open stream either ends with its
// last event within the grace period or gets an explicit `error` event of kind `shutting_down`.
import type { Response } from 'express';
import type { Metrics } from './metrics.js';

export interface SseStream {
  /** Headers went out with the first event. */
  readonly started: boolean;
  send(event: 'delta' | 'done' | 'error', data: unknown): void;
  close(): void;
}

export class StreamTracker {
  private readonly streams = new Set<{ stream: SseStream; controller: AbortController }>();
  private readonly runs = new Set<AbortController>();
  private drained?: () => void;

  constructor(private readonly metrics: Metrics) {}

  get size(): number {
    return this.streams.size + this.runs.size;
  }

  /** A non-streamed run in flight: shutdown waits for it, then cancels it past the grace period. */
  track(controller: AbortController): () => void {
    this.runs.add(controller);
    return () => {
      this.runs.delete(controller);
      if (this.size === 0) this.drained?.();
    };
  }

  open(res: Response, controller: AbortController): SseStream {
    let started = false;
    let closed = false;
    const entry = {
      controller,
      stream: {
        get started() {
          return started;
        },
        send: (event: string, data: unknown) => {
          if (closed || res.writableEnded) return;
          if (!started) {
            started = true;
            res.status(200);
            res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
            res.setHeader('Cache-Control', 'no-cache, no-transform');
            res.setHeader('X-Accel-Buffering', 'no');
            res.flushHeaders();
          }
          res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        },
        close: () => {
          if (closed) return;
          closed = true;
          this.streams.delete(entry);
          this.metrics.openStreams.dec();
          if (started && !res.writableEnded) res.end();
          if (this.size === 0) this.drained?.();
        },
      } satisfies SseStream,
    };
    this.streams.add(entry);
    this.metrics.openStreams.inc();
    return entry.stream;
  }

  /** Waits up to `graceMs` for open streams to finish, then ends the rest with an error event. */
  async drain(graceMs: number): Promise<number> {
    if (this.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        this.drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const cut = this.size;
    for (const controller of this.runs) controller.abort(new Error('shutting down'));
    for (const { stream, controller } of [...this.streams]) {
      stream.send('error', { error: { kind: 'shutting_down', message: 'the service is shutting down; retry the request' } });
      controller.abort(new Error('shutting down'));
      stream.close();
    }
    return cut;
  }
}

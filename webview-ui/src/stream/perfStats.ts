// Delta arrival → paint timings, kept small: counters plus a ring of the latest latencies. The webview
// exposes a snapshot as `window.__promptyardPerf` for the Playwright streaming benchmark.

export interface PerfSnapshot {
  /** Deltas painted. */
  deltas: number;
  /** Frames that painted at least one delta. */
  paintFrames: number;
  /** Frames of any work (deltas, final renders, tool-call updates). */
  frames: number;
  maxDeltasPerFrame: number;
  /** Milliseconds from a delta's arrival to the end of the frame that painted it. */
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencyMaxMs: number;
  /** Milliseconds of rendering work in the busiest frame. */
  maxFrameWorkMs: number;
  /** performance.now() at the end of the last frame that painted a delta. */
  lastPaintAt?: number;
}

const RING = 8192;

export class PerfStats {
  private deltas = 0;
  private paintFrames = 0;
  private frames = 0;
  private maxDeltasPerFrame = 0;
  private latencyMax = 0;
  private maxFrameWork = 0;
  private lastPaintAt?: number;
  private readonly ring = new Float64Array(RING);
  private ringCount = 0;

  recordFrame(start: number, end: number, arrivals: readonly number[]): void {
    this.frames++;
    this.maxFrameWork = Math.max(this.maxFrameWork, end - start);
    if (arrivals.length === 0) return;
    this.paintFrames++;
    this.deltas += arrivals.length;
    this.lastPaintAt = end;
    this.maxDeltasPerFrame = Math.max(this.maxDeltasPerFrame, arrivals.length);
    for (const at of arrivals) {
      const latency = end - at;
      if (latency > this.latencyMax) this.latencyMax = latency;
      this.ring[this.ringCount % RING] = latency;
      this.ringCount++;
    }
  }

  snapshot(): PerfSnapshot {
    const n = Math.min(this.ringCount, RING);
    const sorted = Array.from(this.ring.subarray(0, n)).sort((a, b) => a - b);
    const pick = (q: number): number => (n === 0 ? 0 : sorted[Math.min(n - 1, Math.floor(q * n))]!);
    return {
      deltas: this.deltas,
      paintFrames: this.paintFrames,
      frames: this.frames,
      maxDeltasPerFrame: this.maxDeltasPerFrame,
      latencyP50Ms: pick(0.5),
      latencyP95Ms: pick(0.95),
      latencyMaxMs: this.latencyMax,
      maxFrameWorkMs: this.maxFrameWork,
      lastPaintAt: this.lastPaintAt,
    };
  }

  reset(): void {
    this.deltas = this.paintFrames = this.frames = this.maxDeltasPerFrame = 0;
    this.latencyMax = this.maxFrameWork = 0;
    this.lastPaintAt = undefined;
    this.ringCount = 0;
  }
}

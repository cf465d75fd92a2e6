// A fixed-size latency sketch (the DDSketch idea): logarithmic buckets whose width is 4% of their value, so
// any quantile comes back within 2% of the true sample, whatever the number of samples. 0.1 ms to 10^7 ms
// in 463 counters (under 2 KB); smaller values share one bucket, larger ones are clamped to the last.
import type { LatencyHistogram } from '../types';

const RELATIVE_ACCURACY = 0.02;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
const MIN_TRACKED_MS = 0.1;
const MAX_TRACKED_MS = 1e7;
const BUCKETS = 2 + Math.ceil(Math.log(MAX_TRACKED_MS / MIN_TRACKED_MS) / LOG_GAMMA);

function bucketOf(ms: number): number {
  if (ms <= MIN_TRACKED_MS) return 0;
  return Math.min(BUCKETS - 1, Math.max(1, Math.ceil(Math.log(ms / MIN_TRACKED_MS) / LOG_GAMMA)));
}

/** The value that stands for bucket `index`: within RELATIVE_ACCURACY of everything it holds. */
function valueOf(index: number): number {
  if (index === 0) return MIN_TRACKED_MS;
  return (MIN_TRACKED_MS * 2 * GAMMA ** index) / (GAMMA + 1);
}

export class LatencySketch {
  private readonly counts = new Uint32Array(BUCKETS);
  private n = 0;
  private lo = Infinity;
  private hi = -Infinity;

  get count(): number {
    return this.n;
  }

  get min(): number | undefined {
    return this.n ? this.lo : undefined;
  }

  get max(): number | undefined {
    return this.n ? this.hi : undefined;
  }

  add(ms: number): void {
    if (!Number.isFinite(ms)) return;
    const value = Math.max(0, ms);
    this.counts[bucketOf(value)]! += 1;
    this.n += 1;
    if (value < this.lo) this.lo = value;
    if (value > this.hi) this.hi = value;
  }

  /** Nearest-rank quantile (`q` in 0..1), clamped to the exact min and max; undefined when empty. */
  quantile(q: number): number | undefined {
    if (!this.n) return undefined;
    const rank = Math.max(1, Math.ceil(Math.min(1, Math.max(0, q)) * this.n));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return this.clamp(valueOf(i));
    }
    return this.hi;
  }

  /** Counts per interval of `bounds` (ascending, at least two), each bucket placed by its value. */
  histogram(bounds: number[]): LatencyHistogram {
    const counts = new Array<number>(Math.max(0, bounds.length - 1)).fill(0);
    if (!counts.length) return { bounds: [...bounds], counts };
    for (let i = 0; i < BUCKETS; i++) {
      const c = this.counts[i]!;
      if (!c) continue;
      const value = this.clamp(valueOf(i));
      let bin = 0;
      while (bin < counts.length - 1 && value >= bounds[bin + 1]!) bin++;
      counts[bin]! += c;
    }
    return { bounds: [...bounds], counts };
  }

  private clamp(value: number): number {
    return Math.min(this.hi, Math.max(this.lo, value));
  }
}

/** About `target` equal bins of a round width (1, 2, 2.5 or 5 × 10^k ms) that cover min..max. */
export function niceBounds(min: number, max: number, target = 12): number[] {
  const lo = Math.max(0, min);
  const span = Math.max(max - lo, 1);
  const raw = span / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const start = Math.floor(lo / step) * step;
  const bins = Math.max(1, Math.ceil((max - start) / step + 1e-9));
  return Array.from({ length: bins + 1 }, (_, i) => roundTo(start + i * step, step));
}

function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(decimals));
}

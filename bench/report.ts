// Each benchmark is a script that prints one JSON line per figure through `report`; `npm run bench`
// (scripts/bench.mjs) runs them one after another, prints a table and fails when a target is missed.

export interface BenchFigure {
  /** Short, stable name, e.g. `render.throughput`. */
  name: string;
  value: number;
  unit: string;
  /** The target in words, e.g. `>= 50000 renders/s` or `<= 1.5x node -e ""`. */
  target: string;
  pass: boolean;
  /** Raw numbers behind the figure (peer timings, samples). */
  details?: Record<string, unknown>;
}

export function report(figure: BenchFigure): void {
  process.stdout.write(`BENCH ${JSON.stringify(figure)}\n`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

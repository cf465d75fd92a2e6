// Live progress of `promptyard eval` on stderr: on a terminal one line redrawn at most 10 times a second
// (bar, done/total, passed/failed/errors, cost, ETA); elsewhere (CI logs) a plain line at every tenth of the run.
import type { EvalEvent, RunMeta } from '../core/evals/types';
import { err } from './output';

const REDRAW_MS = 100;
const BAR = 24;

export interface ProgressPrinter {
  onEvent(event: EvalEvent): void;
  /** Clears the live line before other output. */
  clear(): void;
}

export function createProgressPrinter(options: { tty: boolean; now?: () => number }): ProgressPrinter {
  const now = options.now ?? (() => performance.now());
  let total = 0;
  let done = 0;
  let startDone = 0;
  let passed = 0;
  let failed = 0;
  let errors = 0;
  let cost = 0;
  let startedAt = now();
  let lastDraw = 0;
  let lastTenth = -1;
  let drawn = false;

  const line = (): string => {
    const ratio = total ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * BAR);
    const bar = options.tty ? `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ` : '';
    const counts = `${passed} passed, ${failed} failed${errors ? `, ${errors} error${errors === 1 ? '' : 's'}` : ''}`;
    return `${bar}${done}/${total} (${Math.floor(ratio * 100)}%) · ${counts} · ${usd(cost)}${eta()}`;
  };

  const eta = (): string => {
    const ranNow = done - startDone;
    if (ranNow < 1 || done >= total) return '';
    const perCase = (now() - startedAt) / ranNow;
    return ` · ETA ${duration((total - done) * perCase)}`;
  };

  const draw = (force: boolean) => {
    if (options.tty) {
      const t = now();
      if (!force && t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      err.status(`eval ${line()}`);
      drawn = true;
      return;
    }
    const tenth = total ? Math.floor((done / total) * 10) : 10;
    if (tenth !== lastTenth || force) {
      lastTenth = tenth;
      err.line(`eval ${line()}`);
    }
  };

  return {
    onEvent(event) {
      switch (event.type) {
        case 'plan':
          total = event.meta.total;
          done = startDone = event.skipped;
          startedAt = now();
          lastTenth = total ? Math.floor((done / total) * 10) : -1;
          if (options.tty) draw(true);
          break;
        case 'result': {
          const r = event.record;
          if (r.error) errors++;
          else if (r.pass) passed++;
          else failed++;
          break;
        }
        case 'progress':
          done = event.done;
          total = event.total;
          cost = event.cost;
          draw(false);
          break;
        case 'done':
          if (options.tty) draw(true);
          this.clear();
          break;
        default:
          break;
      }
    },
    clear() {
      if (drawn) err.clearStatus();
      drawn = false;
    },
  };
}

/** The line that says what a run is about to do, before it sends anything. */
export function planLine(meta: RunMeta, pending: number, skipped: number): string {
  const e = meta.estimate;
  const parts = [`run ${meta.runId}`, `${meta.total} case${meta.total === 1 ? '' : 's'}`];
  if (skipped) parts.push(`${skipped} already done, ${pending} to run`);
  if (meta.shard) parts.push(`shard ${meta.shard}`);
  if (e) {
    if (e.cachedCalls) parts.push(`${e.cachedCalls} cached`);
    parts.push(`estimated ${usd(e.usd)}${e.unpricedModels.length ? ` plus unpriced ${e.unpricedModels.join(', ')}` : ''}`);
  }
  return parts.join(' · ');
}

export function usd(n: number): string {
  return `$${n < 0.01 ? n.toFixed(n === 0 ? 2 : 6) : n.toFixed(4)}`;
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return m ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

// The run summary, built one record at a time in constant memory: per prompt version × model a few counters
// and a fixed-size latency sketch, plus a bounded list of failures. Only stability (repeats > 1) keeps
// something per case, one number each. Sums are kept in integers (nano-dollars, micro-score) so the summary
// is the same whatever order the cases finished in: a resumed run reports exactly what an uninterrupted one does.
import type { CaseRecord, FailedCase, RunMeta, RunSummary, RunSummaryRow } from '../types';
import { failureReason, statusOf, truncate } from './caseStatus';
import { caseKey, compareCases, compareRows, rowKey } from './keys';
import { LatencySketch, niceBounds } from './latencySketch';

export interface SummaryAccumulator {
  add(record: CaseRecord): void;
  summary(meta: Pick<RunMeta, 'runId'>, durationMs: number): RunSummary;
}

export interface SummaryOptions {
  /** Repeats per case in the run; stability is tracked when it is above 1. */
  repeats?: number;
  /** How many failed cases the summary lists (the first ones in key order); default 50. */
  maxFailures?: number;
}

const NANO = 1e9;
const MICRO = 1e6;
const MAX_REASON_CHARS = 500;

interface RowState {
  promptId: string;
  promptVersion?: string;
  modelId: string;
  cases: number;
  passed: number;
  failed: number;
  errors: number;
  scoreMicros: number;
  inputTokens: number;
  outputTokens: number;
  costNanos: number;
  latency: LatencySketch;
}

export function createSummaryAccumulator(options: SummaryOptions = {}): SummaryAccumulator {
  const rows = new Map<string, RowState>();
  const maxFailures = Math.max(0, options.maxFailures ?? 50);
  const failures: FailedCase[] = [];
  let failedTotal = 0;
  // passes + total × 2^16 per case key: one number per case, only when repeats are on.
  const stability = (options.repeats ?? 1) > 1 ? new Map<string, number>() : undefined;

  function rowOf(record: CaseRecord): RowState {
    const key = rowKey(record);
    let row = rows.get(key);
    if (!row) {
      row = {
        promptId: record.promptId,
        ...(record.promptVersion !== undefined ? { promptVersion: record.promptVersion } : {}),
        modelId: record.modelId,
        cases: 0,
        passed: 0,
        failed: 0,
        errors: 0,
        scoreMicros: 0,
        inputTokens: 0,
        outputTokens: 0,
        costNanos: 0,
        latency: new LatencySketch(),
      };
      rows.set(key, row);
    }
    return row;
  }

  function keepFailure(record: CaseRecord): void {
    failedTotal += 1;
    if (maxFailures === 0) return;
    const full = failures.length >= maxFailures;
    if (full && compareCases(record, failures[failures.length - 1]!) >= 0) return;
    const entry = toFailedCase(record);
    let lo = 0;
    let hi = failures.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareCases(failures[mid]!, entry) <= 0) lo = mid + 1;
      else hi = mid;
    }
    failures.splice(lo, 0, entry);
    if (failures.length > maxFailures) failures.pop();
  }

  return {
    add(record) {
      const row = rowOf(record);
      const status = statusOf(record);
      row.cases += 1;
      if (status === 'passed') row.passed += 1;
      else if (status === 'failed') row.failed += 1;
      else row.errors += 1;
      if (status !== 'passed') keepFailure(record);
      row.scoreMicros += Math.round(clamp01(record.score) * MICRO);
      row.inputTokens += record.usage?.inputTokens ?? 0;
      row.outputTokens += record.usage?.outputTokens ?? 0;
      row.costNanos += Math.round((Number.isFinite(record.cost) ? record.cost : 0) * NANO);
      if (!record.cached && record.latencyMs !== undefined) row.latency.add(record.latencyMs);
      if (stability) {
        const key = caseKey(record);
        stability.set(key, (stability.get(key) ?? 0) + 65536 + (status === 'passed' ? 1 : 0));
      }
    },

    summary(meta, durationMs) {
      const states = [...rows.values()].sort(compareRows);
      const bounds = sharedBounds(states);
      const summaryRows = states.map((state) => toRow(state, bounds));
      const sum = (pick: (row: RowState) => number): number => states.reduce((total, row) => total + pick(row), 0);
      const result: RunSummary = {
        runId: meta.runId,
        rows: summaryRows,
        total: sum((r) => r.cases),
        passed: sum((r) => r.passed),
        failed: sum((r) => r.failed),
        errors: sum((r) => r.errors),
        cost: sum((r) => r.costNanos) / NANO,
        durationMs,
        failures: failures.map((f) => ({ ...f })),
        failuresOmitted: failedTotal - failures.length,
      };
      if (stability) {
        const keys = [...stability.keys()].sort();
        result.stability = Object.fromEntries(keys.map((key) => {
          const packed = stability.get(key)!;
          const passes = packed % 65536;
          return [key, passes / Math.floor(packed / 65536)];
        }));
      }
      return result;
    },
  };
}

function toRow(state: RowState, bounds: number[] | undefined): RunSummaryRow {
  const row: RunSummaryRow = {
    promptId: state.promptId,
    ...(state.promptVersion !== undefined ? { promptVersion: state.promptVersion } : {}),
    modelId: state.modelId,
    cases: state.cases,
    passed: state.passed,
    failed: state.failed,
    errors: state.errors,
    passRate: state.cases ? state.passed / state.cases : 0,
    meanScore: state.cases ? state.scoreMicros / MICRO / state.cases : 0,
    inputTokens: state.inputTokens,
    outputTokens: state.outputTokens,
    cost: state.costNanos / NANO,
  };
  const p50 = state.latency.quantile(0.5);
  const p95 = state.latency.quantile(0.95);
  if (p50 !== undefined) row.latencyP50 = round(p50);
  if (p95 !== undefined) row.latencyP95 = round(p95);
  if (bounds && state.latency.count) row.latencyHistogram = state.latency.histogram(bounds);
  return row;
}

/** One set of histogram bounds for all rows, so their distributions compare at a glance. */
function sharedBounds(states: RowState[]): number[] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const state of states) {
    if (state.latency.min !== undefined) min = Math.min(min, state.latency.min);
    if (state.latency.max !== undefined) max = Math.max(max, state.latency.max);
  }
  return Number.isFinite(min) ? niceBounds(min, max) : undefined;
}

function toFailedCase(record: CaseRecord): FailedCase {
  const why = failureReason(record);
  return {
    key: record.key,
    promptId: record.promptId,
    ...(record.promptVersion !== undefined ? { promptVersion: record.promptVersion } : {}),
    modelId: record.modelId,
    caseId: record.caseId,
    repeat: record.repeat,
    ...(record.description !== undefined ? { description: truncate(record.description, MAX_REASON_CHARS) } : {}),
    suiteFile: record.suiteFile,
    ...(record.location ? { location: { ...record.location } } : {}),
    status: record.error ? 'error' : 'failed',
    ...(why?.assertion !== undefined ? { assertion: why.assertion } : {}),
    reason: truncate(why?.reason ?? '', MAX_REASON_CHARS),
  };
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

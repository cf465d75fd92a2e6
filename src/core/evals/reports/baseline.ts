// Compare a run with an earlier one, case by case.
//
// Matching: a case is the same case when promptId, modelId, caseId and repeat are equal. The prompt *version*
// is left out on purpose, so `--baseline` compares version A with version B of the same prompt. When one side
// holds several versions of a prompt, each current record is compared with the baseline record of the same
// version if there is one, else with the baseline's last version (in version order).
//   fixed      failed (or errored) in the baseline, passes now
//   broken     passed in the baseline, fails (or errors) now
//   unchanged  same outcome on both sides (`pass` says which)
//   new        no baseline record matches
//   removed    a baseline record that no current record matched
// Memory: one small entry per baseline case while comparing; the current run is streamed.
import type { CaseRecord } from '../types';
import { compareCases, compareText } from './keys';
import type { RecordSource } from './reportInput';

export type BaselineStatus = 'fixed' | 'broken' | 'unchanged' | 'new' | 'removed';

export interface BaselineCase {
  /** The current record's `key` (absent for removed cases). */
  key?: string;
  /** `promptId|modelId|caseId|repeat`: what the two sides were matched on. */
  matchKey: string;
  promptId: string;
  modelId: string;
  caseId: string;
  repeat: number;
  currentVersion?: string;
  baselineVersion?: string;
  /** The outcome on each side that has the case. */
  pass?: boolean;
  baselinePass?: boolean;
}

export interface BaselineComparison {
  baselineRunId?: string;
  fixed: BaselineCase[];
  broken: BaselineCase[];
  unchanged: BaselineCase[];
  new: BaselineCase[];
  removed: BaselineCase[];
}

type Side = Pick<CaseRecord, 'promptId' | 'promptVersion' | 'modelId' | 'caseId' | 'repeat' | 'pass' | 'error'>;

interface BaselineEntry {
  version?: string;
  pass: boolean;
  used: boolean;
}

export const BASELINE_STATUSES: readonly BaselineStatus[] = ['fixed', 'broken', 'unchanged', 'new', 'removed'];

export function matchKey(record: Pick<CaseRecord, 'promptId' | 'modelId' | 'caseId' | 'repeat'>): string {
  return `${record.promptId}|${record.modelId}|${record.caseId}|${record.repeat}`;
}

export async function compareWithBaseline(
  current: RecordSource,
  baseline: RecordSource,
  options: { baselineRunId?: string } = {},
): Promise<BaselineComparison> {
  const before = new Map<string, { record: Side; entries: BaselineEntry[] }>();
  for await (const record of baseline) {
    const key = matchKey(record);
    const slot = before.get(key) ?? { record: identity(record), entries: [] };
    const entry: BaselineEntry = { pass: passed(record), used: false };
    if (record.promptVersion !== undefined) entry.version = record.promptVersion;
    slot.entries.push(entry);
    before.set(key, slot);
  }

  const result: BaselineComparison = { fixed: [], broken: [], unchanged: [], new: [], removed: [] };
  if (options.baselineRunId !== undefined) result.baselineRunId = options.baselineRunId;
  for await (const record of current) {
    const key = matchKey(record);
    const item = caseOf(record, key);
    item.key = record.key;
    if (record.promptVersion !== undefined) item.currentVersion = record.promptVersion;
    item.pass = passed(record);
    const entry = pick(before.get(key)?.entries, record.promptVersion);
    if (!entry) {
      result.new.push(item);
      continue;
    }
    entry.used = true;
    item.baselinePass = entry.pass;
    if (entry.version !== undefined) item.baselineVersion = entry.version;
    if (entry.pass === item.pass) result.unchanged.push(item);
    else (item.pass ? result.fixed : result.broken).push(item);
  }

  for (const [key, slot] of before) {
    for (const entry of slot.entries) {
      if (entry.used) continue;
      const item = caseOf(slot.record, key);
      if (entry.version !== undefined) item.baselineVersion = entry.version;
      item.baselinePass = entry.pass;
      result.removed.push(item);
    }
  }
  for (const status of BASELINE_STATUSES) result[status].sort(byCase);
  return result;
}

/** Status of each current record, by its `key`, for reports that mark rows. */
export function baselineStatusByKey(comparison: BaselineComparison): Map<string, BaselineStatus> {
  const index = new Map<string, BaselineStatus>();
  for (const status of ['fixed', 'broken', 'unchanged', 'new'] as const) {
    for (const item of comparison[status]) if (item.key !== undefined) index.set(item.key, status);
  }
  return index;
}

export function baselineCounts(comparison: BaselineComparison): Record<BaselineStatus, number> {
  return {
    fixed: comparison.fixed.length,
    broken: comparison.broken.length,
    unchanged: comparison.unchanged.length,
    new: comparison.new.length,
    removed: comparison.removed.length,
  };
}

function pick(entries: BaselineEntry[] | undefined, version: string | undefined): BaselineEntry | undefined {
  if (!entries?.length) return undefined;
  const same = entries.find((e) => e.version === version);
  if (same) return same;
  return [...entries].sort((a, b) => compareText(a.version ?? '', b.version ?? '')).at(-1);
}

function passed(record: Pick<CaseRecord, 'pass' | 'error'>): boolean {
  return record.pass && !record.error;
}

function identity(record: Side): Side {
  return { promptId: record.promptId, modelId: record.modelId, caseId: record.caseId, repeat: record.repeat, pass: record.pass };
}

function caseOf(record: Side, key: string): BaselineCase {
  return { matchKey: key, promptId: record.promptId, modelId: record.modelId, caseId: record.caseId, repeat: record.repeat };
}

function byCase(a: BaselineCase, b: BaselineCase): number {
  return compareCases(a, b) || compareText(a.currentVersion ?? a.baselineVersion ?? '', b.currentVersion ?? b.baselineVersion ?? '');
}

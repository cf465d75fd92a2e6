// Before a run sends anything: its store (a new run folder, or the one being resumed, with the keys it
// already finished), and a survey of the plan: how many items, how many already done, what the rest costs.
import path from 'node:path';
import { PromptyardError } from '../../errors';
import type { ResponseCache } from '../cache/responseCache';
import type { SummaryAccumulator } from '../reports/summary';
import { createRun, readMeta, resumeRun, runDir, runsDir, newRunId, type RunWriter } from '../store/runStore';
import type { CostEstimate, RunMeta } from '../types';
import { EstimateBuilder } from './budget';
import { surveyItem } from './execute';
import { enumerate, type PlanSelection, type PlannedSuite } from './plan';

export interface OpenedRun {
  meta: RunMeta;
  resumed: boolean;
  dir: string;
}

/** The meta of the run to go on with, or of a new one (not written yet). */
export async function openRunMeta(workspace: string, options: { resume?: string; runId?: string; origin?: string }): Promise<OpenedRun> {
  if (options.resume) {
    const dir = runDir(workspace, options.resume);
    return { meta: await readMeta(dir), resumed: true, dir };
  }
  const runId = options.runId ?? newRunId();
  const meta: RunMeta = { runId, createdAt: new Date().toISOString(), origin: options.origin ?? 'runEval', suites: [], promptVersions: [], models: [], total: 0, status: 'running' };
  return { meta, resumed: false, dir: path.join(runsDir(workspace), runId) };
}

/** A resumed run must plan the same work: same suites, same prompt contents, same cases. */
export function checkSameWork(meta: RunMeta, suites: readonly PlannedSuite[], digest: string): void {
  const now = new Set(suites.map((s) => s.path));
  const missing = meta.suites.filter((s) => !now.has(s));
  const resumeHint = 'Start a new run instead (`promptyard eval` without --resume).';
  if (missing.length || now.size !== new Set(meta.suites).size) {
    throw new PromptyardError('run-changed', `run ${meta.runId} ran the suites ${meta.suites.join(', ')}, not ${[...now].join(', ')}`, { hint: resumeHint, exitCode: 2 });
  }
  const current = new Map<string, string>();
  for (const s of suites) for (const p of s.prompts) current.set(`${p.prompt.id}@${p.prompt.version ?? ''}`, p.prompt.sha256);
  for (const v of meta.promptVersions) {
    const sha = current.get(`${v.id}@${v.version ?? ''}`);
    if (sha !== v.sha256) {
      throw new PromptyardError('run-changed', `the prompt ${v.id}${v.version ? `@${v.version}` : ''} changed since run ${meta.runId} started, so resuming it would mix two versions`, { hint: resumeHint, exitCode: 2 });
    }
  }
  if (meta.casesDigest !== undefined && meta.casesDigest !== digest) {
    throw new PromptyardError('run-changed', `the cases of run ${meta.runId} changed since it started (a case or dataset was edited), so resuming it would mix their results`, { hint: resumeHint, exitCode: 2 });
  }
}

export interface RunStoreState {
  writer: RunWriter;
  /** Keys finished before this invocation. */
  done: Set<string>;
  priorCost: number;
}

/** Creates the run's files, or reads a resumed run's records into `summary` and opens it for appending. */
export async function openRunStore(opened: OpenedRun, summary: SummaryAccumulator): Promise<RunStoreState> {
  const done = new Set<string>();
  let priorCost = 0;
  if (!opened.resumed) return { writer: await createRun(opened.dir, opened.meta), done, priorCost };
  const { writer } = await resumeRun(opened.dir, (record) => {
    if (done.has(record.key)) return;
    done.add(record.key);
    summary.add(record);
    priorCost += Number.isFinite(record.cost) ? record.cost : 0;
  });
  return { writer, done, priorCost };
}

export interface Survey {
  total: number;
  /** Items finished before (resume). */
  skipped: number;
  estimate: CostEstimate;
}

/** Counts the run's items and prices the pending ones (rendered once here; a render error costs nothing). */
export function surveyPlan(suites: readonly PlannedSuite[], selection: PlanSelection, cache: ResponseCache | undefined, runId: string): Survey {
  const estimate = new EstimateBuilder();
  const lookUp = cache !== undefined && cache.size > 0;
  let total = 0;
  let skipped = 0;
  // Keys are only needed to recognise finished items.
  const keys = (selection.done?.size ?? 0) > 0;
  for (const item of enumerate(suites, selection, { skipDone: false, keys })) {
    total++;
    if (keys && selection.done?.has(item.key)) {
      skipped++;
      continue;
    }
    const surveyed = surveyItem(item, lookUp);
    if (!surveyed) continue;
    if (surveyed.cacheKey && cache?.has(surveyed.cacheKey)) estimate.addCached();
    else estimate.addCall(item.model.modelId, surveyed.estimateUsd);
  }
  const done = selection.done?.size ?? 0;
  if (skipped < done) {
    throw new PromptyardError('run-changed', `${done - skipped} finished cases of run ${runId} are no longer in its suites (cases were edited, removed or renamed)`, {
      hint: 'Start a new run instead (`promptyard eval` without --resume).',
      exitCode: 2,
    });
  }
  return { total, skipped, estimate: estimate.result() };
}

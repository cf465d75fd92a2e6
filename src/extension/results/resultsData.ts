// The stored runs of one prompt, read for the results view: per run a summary of that prompt's records
// (pass rate, cost, latency per version × model), one summary over every run for the latency distribution,
// and a case-by-case comparison of two runs through core's baseline comparison. Records are streamed from
// the run store, so runs of any size read in constant memory. No `vscode` here.
import { BASELINE_STATUSES, compareWithBaseline } from '../../core/evals/reports/baseline';
import { createSummaryAccumulator, type SummaryAccumulator } from '../../core/evals/reports/summary';
import { listRuns, readRun } from '../../core/evals/store/runStore';
import type { CaseRecord, RunMeta, RunSummaryRow } from '../../core/evals/types';
import type { ComparedCase, ComparisonStatus, ResultsComparison } from '../../shared/resultsProtocol';

export interface RunPoint {
  runId: string;
  createdAt: string;
  status: RunMeta['status'];
  /** The rows of this prompt only: one per version × model. */
  rows: RunSummaryRow[];
  cases: number;
  passed: number;
  cost: number;
}

export interface PromptResults {
  promptId: string;
  workspace: string;
  /** Oldest first. */
  runs: RunPoint[];
  /** Every run's records of the prompt together: the latency distribution per version × model. */
  overall: RunSummaryRow[];
  /** Runs of the prompt left out (only the newest `maxRuns` are read). */
  omittedRuns: number;
}

export interface ResultsOptions {
  /** Newest runs read; default 30. */
  maxRuns?: number;
  /**
   * Released versions by content sha256: a record of the working file (no promptVersion) whose content is
   * a released snapshot is shown as that version.
   */
  versionsBySha?: ReadonlyMap<string, string>;
}

/** The runs that hold the prompt, newest first. */
export async function runsOfPrompt(workspace: string, promptId: string): Promise<RunMeta[]> {
  return (await listRuns(workspace)).filter((meta) => meta.promptVersions.some((p) => p.id === promptId));
}

export async function loadPromptResults(workspace: string, promptId: string, options: ResultsOptions = {}): Promise<PromptResults> {
  const metas = await runsOfPrompt(workspace, promptId);
  const maxRuns = options.maxRuns ?? 30;
  const chosen = metas.slice(0, maxRuns).reverse();
  const overall = createSummaryAccumulator();
  const runs: RunPoint[] = [];
  for (const meta of chosen) {
    const perRun = createSummaryAccumulator();
    for await (const record of recordsOf(workspace, meta.runId, promptId, options.versionsBySha)) {
      perRun.add(record);
      overall.add(record);
    }
    runs.push(point(meta, perRun));
  }
  return { promptId, workspace, runs, overall: overall.summary({ runId: 'all' }, 0).rows, omittedRuns: Math.max(0, metas.length - maxRuns) };
}

/** Most cases the comparison sends to the view. */
export const MAX_COMPARED_CASES = 500;

export async function comparePromptRuns(workspace: string, promptId: string, runId: string, baselineRunId: string, versionsBySha?: ReadonlyMap<string, string>): Promise<ResultsComparison> {
  const comparison = await compareWithBaseline(recordsOf(workspace, runId, promptId, versionsBySha), recordsOf(workspace, baselineRunId, promptId, versionsBySha), { baselineRunId });
  const order: ComparisonStatus[] = ['broken', 'fixed', 'new', 'removed', 'unchanged'];
  const all: ComparedCase[] = order.flatMap((status) =>
    comparison[status].map((c) => ({
      status,
      caseId: c.caseId,
      modelId: c.modelId,
      repeat: c.repeat,
      ...(c.currentVersion !== undefined ? { currentVersion: c.currentVersion } : {}),
      ...(c.baselineVersion !== undefined ? { baselineVersion: c.baselineVersion } : {}),
      ...(c.pass !== undefined ? { pass: c.pass } : {}),
      ...(c.baselinePass !== undefined ? { baselinePass: c.baselinePass } : {}),
    })),
  );
  const counts = Object.fromEntries(BASELINE_STATUSES.map((s) => [s, comparison[s].length])) as Record<ComparisonStatus, number>;
  return { runId, baselineRunId, counts, cases: all.slice(0, MAX_COMPARED_CASES), omitted: Math.max(0, all.length - MAX_COMPARED_CASES) };
}

async function* recordsOf(workspace: string, runId: string, promptId: string, versionsBySha?: ReadonlyMap<string, string>): AsyncGenerator<CaseRecord> {
  const run = await readRun(workspace, runId);
  for await (const record of run.records()) {
    if (record.promptId !== promptId) continue;
    const released = record.promptVersion === undefined ? versionsBySha?.get(record.promptSha256) : undefined;
    yield released === undefined ? record : { ...record, promptVersion: released };
  }
}

function point(meta: RunMeta, accumulator: SummaryAccumulator): RunPoint {
  const summary = accumulator.summary(meta, 0);
  return { runId: meta.runId, createdAt: meta.createdAt, status: meta.status, rows: summary.rows, cases: summary.total, passed: summary.passed, cost: summary.cost };
}

// A stored run (.promptyard/runs/<id>) as core's self-contained HTML report, the one `promptyard eval
// --output report.html` writes: the records are streamed twice (once for the summary, once for the table), so
// a run of any size renders in constant memory. No `vscode` here; reportPanel.ts shows the result.
import { renderHtmlReport } from '../../core/evals/reports/html';
import { collectText } from '../../core/evals/reports/reportInput';
import { createSummaryAccumulator } from '../../core/evals/reports/summary';
import { listRuns, readRun } from '../../core/evals/store/runStore';
import { suitePath } from '../../core/evals/runner/keys';
import type { RunMeta } from '../../core/evals/types';

export async function renderStoredRun(workspace: string, runId: string): Promise<{ meta: RunMeta; html: string }> {
  const run = await readRun(workspace, runId);
  const accumulator = createSummaryAccumulator({ repeats: run.meta.repeats ?? 1 });
  let last = run.meta.createdAt;
  for await (const record of run.records()) {
    accumulator.add(record);
    if (record.finishedAt > last) last = record.finishedAt;
  }
  const durationMs = Math.max(0, Date.parse(last) - Date.parse(run.meta.createdAt)) || 0;
  const summary = accumulator.summary(run.meta, durationMs);
  const html = await collectText(renderHtmlReport({ meta: run.meta, summary, records: run.records() }));
  return { meta: run.meta, html };
}

/** The runs of a workspace that ran one of `suiteFiles`, newest first. */
export async function runsOfSuites(workspace: string, suiteFiles: readonly string[]): Promise<RunMeta[]> {
  const wanted = new Set(suiteFiles.map((file) => suitePath(workspace, file)));
  return (await listRuns(workspace)).filter((meta) => meta.suites.some((s) => wanted.has(s)));
}

// What `promptyard eval` prints and writes once a run is over: the summary table on stdout (with the
// baseline comparison when asked), report files by extension (.json, .xml JUnit, .html), each streamed from
// the run store to a temporary file and renamed into place.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { compareWithBaseline, type BaselineComparison } from '../core/evals/reports/baseline';
import { renderHtmlReport } from '../core/evals/reports/html';
import { renderJsonReport } from '../core/evals/reports/json';
import { renderJunitReport } from '../core/evals/reports/junit';
import type { ReportInput } from '../core/evals/reports/reportInput';
import { formatSummaryTable } from '../core/evals/reports/table';
import { readRun } from '../core/evals/store/runStore';
import type { RunMeta, RunSummary } from '../core/evals/types';
import { err, out } from './output';

export async function baselineOf(workspace: string, runId: string, baselineRun: string): Promise<BaselineComparison> {
  const [current, baseline] = await Promise.all([readRun(workspace, runId), readRun(workspace, baselineRun)]);
  return compareWithBaseline(current.records(), baseline.records(), { baselineRunId: baseline.meta.runId });
}

export function printSummary(summary: RunSummary, options: { cwd: string; baseline?: BaselineComparison }): void {
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  out.line(formatSummaryTable(summary, { color, width: process.stdout.columns ?? 100, cwd: options.cwd, ...(options.baseline ? { baseline: options.baseline } : {}) }));
}

export async function writeReports(files: readonly string[], workspace: string, meta: RunMeta, summary: RunSummary, baseline?: BaselineComparison): Promise<void> {
  for (const file of files) {
    const run = await readRun(workspace, meta.runId);
    const input: ReportInput = { meta, summary, records: run.records(), ...(baseline ? { baseline } : {}) };
    const ext = path.extname(file).toLowerCase();
    const chunks = ext === '.json' ? renderJsonReport(input) : ext === '.xml' ? renderJunitReport(input) : renderHtmlReport(input);
    await writeStreamAtomic(file, chunks);
    err.line(err.dim(`wrote ${path.relative(workspace, file) || file}`));
  }
}

async function writeStreamAtomic(file: string, chunks: AsyncIterable<string>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await pipeline(Readable.from(chunks), createWriteStream(temp));
    await rename(temp, file);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}

/** 1 when a case failed or errored, or the pass rate is under the minimum; else 0. */
export function exitCodeOf(summary: RunSummary, minPassRate: number | undefined): { code: 0 | 1; reason?: string } {
  const rate = summary.total ? summary.passed / summary.total : 1;
  if (minPassRate !== undefined) {
    if (rate + 1e-12 < minPassRate) return { code: 1, reason: `the pass rate ${pct(rate)} is under the minimum ${pct(minPassRate)}` };
    return { code: 0 };
  }
  const bad = summary.failed + summary.errors;
  return bad ? { code: 1, reason: `${bad} of ${summary.total} cases did not pass` } : { code: 0 };
}

function pct(n: number): string {
  return `${(n * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

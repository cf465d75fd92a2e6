// `promptyard eval merge <run>...` (join the shards of a run) and `promptyard eval --list` (the runs of
// the workspace): the run store seen from the command line.
import { mergeRuns } from '../core/evals/store/merge';
import { listRuns } from '../core/evals/store/runStore';
import { redact } from '../core/redact';
import type { CliContext } from './context';
import type { EvalCliOptions } from './evalOptions';
import { usage } from './evalOptions';
import { usd } from './evalProgress';
import { baselineOf, exitCodeOf, printSummary, writeReports } from './evalReports';
import { err, out } from './output';

export async function mergeCommand(sources: string[], options: EvalCliOptions, ctx: CliContext, argv: readonly string[]): Promise<number> {
  if (sources.length === 0) throw usage("'eval merge' needs the runs to join", 'Pass run ids or run folders: promptyard eval merge <run-id|dir>... [--output report.html]');
  const workspace = ctx.cwd;
  const merged = await mergeRuns(workspace, sources, { origin: redact(['promptyard', 'eval', ...argv].join(' ')) });
  const { meta, summary } = merged;
  const dupes = merged.duplicates ? `, ${merged.duplicates} duplicate records dropped` : '';
  err.line(err.dim(`merged ${sources.length} runs into run ${meta.runId}: ${summary.total} of ${meta.total} cases${dupes}`));
  const baseline = options.baseline ? await baselineOf(workspace, meta.runId, options.baseline) : undefined;
  if (options.json) out.json(summary);
  else printSummary(summary, { cwd: workspace, ...(baseline ? { baseline } : {}) });
  await writeReports(options.outputs, workspace, meta, summary, baseline);
  if (meta.status !== 'complete') {
    err.line(`${err.yellow('partial:')} ${meta.stoppedReason ?? 'some shards are missing'}.`);
    return 1;
  }
  const verdict = exitCodeOf(summary, options.minPassRate);
  err.line(err.dim(`run ${meta.runId}: ${summary.passed}/${summary.total} passed · ${usd(summary.cost)}${verdict.reason ? ` · ${verdict.reason}` : ''}`));
  return verdict.code;
}

export async function listCommand(ctx: CliContext, json: boolean): Promise<number> {
  const runs = await listRuns(ctx.cwd);
  if (json) {
    out.json(runs);
    return 0;
  }
  if (runs.length === 0) {
    err.line('no eval runs in this workspace yet: `promptyard eval` starts one.');
    return 0;
  }
  for (const m of runs) {
    const shard = m.shard ? ` shard ${m.shard}` : '';
    out.line(`${m.runId}  ${m.status.padEnd(9)} ${String(m.total).padStart(6)} cases${shard}  ${m.suites.join(', ')}`);
  }
  return 0;
}

// `promptyard eval merge`: the shards of a run (each `--shard i/n` on its own CI job) joined into one run in
// the store, as if it had run whole. Every source must have run the same suites, prompt versions and plan;
// records are streamed and deduplicated by key (a shard merged twice counts once), the summary is built as
// they pass, so memory holds one key per case and nothing more.
import path from 'node:path';
import { PromptyardError } from '../../errors';
import { createSummaryAccumulator } from '../reports/summary';
import type { RunMeta, RunSummary } from '../types';
import { createRun, newRunId, readRun, runsDir, type StoredRun } from './runStore';

export interface MergeResult {
  meta: RunMeta;
  summary: RunSummary;
  dir: string;
  /** Records met more than once (the same key in two sources), counted once. */
  duplicates: number;
}

export async function mergeRuns(workspace: string, sources: readonly string[], options: { runId?: string; origin?: string } = {}): Promise<MergeResult> {
  const started = performance.now();
  if (sources.length === 0) throw new PromptyardError('usage', 'merge needs the runs to join', { hint: 'Pass run ids or run folders: promptyard eval merge <run>... ', exitCode: 2 });
  const runs: StoredRun[] = [];
  for (const source of sources) runs.push(await readRun(workspace, source));
  checkAgree(runs);
  const first = runs[0]!.meta;
  const runId = options.runId ?? newRunId();
  const dir = path.join(runsDir(workspace), runId);
  const { total, complete, missing } = coverage(runs);
  const meta: RunMeta = {
    runId,
    createdAt: new Date().toISOString(),
    origin: options.origin ?? `merge of ${runs.map((r) => r.meta.runId).join(', ')}`,
    suites: first.suites,
    promptVersions: first.promptVersions,
    models: [...new Set(runs.flatMap((r) => r.meta.models))],
    total,
    status: complete ? 'complete' : 'stopped',
    ...(first.plan ? { plan: first.plan } : {}),
    ...(first.repeats ? { repeats: first.repeats } : {}),
    ...(first.casesDigest ? { casesDigest: first.casesDigest } : {}),
    mergedFrom: runs.map((r) => r.meta.runId),
  };
  if (!complete) {
    const parts = [...(missing.length ? [`shards ${missing.join(', ')} are missing`] : []), ...runs.filter((r) => r.meta.status !== 'complete').map((r) => `run ${r.meta.runId} is ${r.meta.status}`)];
    meta.stoppedReason = `the merged run is partial: ${parts.join('; ')}`;
  }
  const summary = createSummaryAccumulator({ repeats: first.repeats ?? 1 });
  const writer = await createRun(dir, { ...meta, status: 'running' });
  const seen = new Set<string>();
  let duplicates = 0;
  try {
    for (const run of runs) {
      for await (const record of run.records()) {
        if (seen.has(record.key)) {
          duplicates++;
          continue;
        }
        seen.add(record.key);
        summary.add(record);
        await writer.append(record);
      }
    }
  } finally {
    await writer.close();
  }
  if (seen.size < total && meta.status === 'complete') {
    meta.status = 'stopped';
    meta.stoppedReason = `the merged run holds ${seen.size} of ${total} cases`;
  }
  await writer.writeMeta(meta);
  return { meta, summary: summary.summary(meta, Math.round(performance.now() - started)), dir, duplicates };
}

function checkAgree(runs: readonly StoredRun[]): void {
  const first = runs[0]!;
  const describe = (m: RunMeta) =>
    JSON.stringify({ suites: [...m.suites].sort(), prompts: m.promptVersions.map((v) => `${v.id}@${v.version ?? ''}:${v.sha256}`).sort(), plan: m.plan ?? {}, cases: m.casesDigest ?? '' });
  const want = describe(first.meta);
  for (const run of runs.slice(1)) {
    if (describe(run.meta) !== want) {
      throw new PromptyardError('merge-mismatch', `run ${run.meta.runId} did not run the same suites, prompt versions, cases and options as run ${first.meta.runId}, so they are not shards of one run`, {
        hint: 'Merge the shards of one command only (the same files and flags, with --shard 1/n … n/n).',
        exitCode: 2,
      });
    }
  }
}

/** Totals by shard (each shard counted once), and which shards of `n` are missing. */
function coverage(runs: readonly StoredRun[]): { total: number; complete: boolean; missing: string[] } {
  const shards = new Map<string, number>();
  let count: number | undefined;
  let unsharded = false;
  for (const run of runs) {
    const shard = run.meta.shard;
    if (!shard) {
      unsharded = true;
      shards.set('all', run.meta.total);
      continue;
    }
    shards.set(shard, run.meta.total);
    count = Number(shard.split('/')[1]);
  }
  if (unsharded) return { total: shards.get('all')!, complete: runs.every((r) => r.meta.status === 'complete'), missing: [] };
  const missing: string[] = [];
  for (let i = 1; i <= (count ?? 0); i++) if (!shards.has(`${i}/${count}`)) missing.push(`${i}/${count}`);
  const total = [...shards.values()].reduce((a, b) => a + b, 0);
  return { total, complete: missing.length === 0 && runs.every((r) => r.meta.status === 'complete'), missing };
}

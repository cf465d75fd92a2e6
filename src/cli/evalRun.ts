// `promptyard eval`, loaded only when the command runs (the help stays fast): load the suites, run them
// with the eval runner, show progress, then the summary, the reports and the exit code.
import path from 'node:path';
import { formatLocation, InputError, PromptyardError } from '../core/errors';
import { knownAssertionTypes } from '../core/evals/assertions/registry';
import { runEval } from '../core/evals/runner/runEval';
import { readRun } from '../core/evals/store/runStore';
import { discoverSuites } from '../core/evals/suites/discover';
import { loadSuite } from '../core/evals/suites/loadSuite';
import type { EvalSuite, RunMeta, RunPlan, RunSummary } from '../core/evals/types';
import type { LoadedVersion } from '../core/prompts/registry/loader';
import { redact } from '../core/redact';
import type { Diagnostic } from '../shared/types';
import type { CliContext, CommandArgs } from './context';
import { createRegistry } from './engine';
import { parseEvalOptions, type EvalCliOptions } from './evalOptions';
import { createProgressPrinter, planLine, usd } from './evalProgress';
import { governHeap } from './heapGovernor';
import { err, out } from './output';

export async function evalCommand(args: CommandArgs, ctx: CliContext, argv: readonly string[]): Promise<number> {
  const stopGoverning = governHeap();
  try {
    return await evaluate(args, ctx, argv);
  } finally {
    stopGoverning();
  }
}

async function evaluate(args: CommandArgs, ctx: CliContext, argv: readonly string[]): Promise<number> {
  const options = parseEvalOptions(args, ctx.cwd);
  const workspace = ctx.cwd;
  const resumed = options.resume ? await readRun(workspace, options.resume) : undefined;
  if (options.baseline) await readRun(workspace, options.baseline); // a missing baseline is bad input, found before the run
  const plan: RunPlan = resumed ? resumed.meta.plan ?? {} : planOf(options, workspace);
  const versions = plan.versions?.length ? await loadReleasedVersions(plan.versions, workspace) : undefined;
  const files = resumed
    ? resumed.meta.suites.map((s) => path.resolve(workspace, s))
    : versions && options.files.length === 0
      ? [...new Set(versions.map((v) => v.sourceFile))]
      : await suiteFiles(options, workspace);
  const config = await ctx.config();
  const loaded = await loadSuites(files, plan, workspace, config.endpoints, ctx);
  const suites = versions ? withVersions(loaded, versions) : loaded;
  const registry = await createRegistry(ctx);
  const progress = createProgressPrinter({ tty: err.isTTY() });
  let meta: RunMeta | undefined;
  let summary: RunSummary | undefined;
  let stopped: { reason: string; message: string } | undefined;
  const events = runEval({
    workspace,
    suites,
    registry,
    config,
    plan,
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.codeTimeoutMs ? { codeTimeoutMs: options.codeTimeoutMs } : {}),
    cache: options.cache ? (options.cacheTtlMs !== undefined ? { ttlMs: options.cacheTtlMs } : {}) : false,
    ...(options.maxCost !== undefined ? { maxCost: options.maxCost } : {}),
    ...(options.resume ? { resume: resumed!.meta.runId } : {}),
    signal: ctx.signal,
    allowCode: true,
    origin: redact(['promptyard', 'eval', ...argv].join(' ')),
    logger: ctx.logger,
  });
  for await (const event of events) {
    if (event.type === 'plan') {
      meta = event.meta;
      err.line(err.dim(planLine(event.meta, event.pending, event.skipped)));
    } else if (event.type === 'stopped') stopped = event;
    else if (event.type === 'done') {
      meta = event.meta;
      summary = event.summary;
    }
    progress.onEvent(event);
  }
  progress.clear();
  if (!meta || !summary) throw new PromptyardError('no-result', 'the run ended without a summary', { exitCode: 1, hint: 'Run again with --debug.' });
  const resumeHint = `promptyard eval --resume ${meta.runId}`;
  if (stopped?.reason === 'cancelled' || ctx.signal.aborted) {
    err.line(`${err.yellow('interrupted:')} ${meta.stoppedReason ?? 'the run was cancelled'}. Finish it with \`${resumeHint}\`.`);
    return 130;
  }
  // The reports load after the run: their code (HTML assets and all) need not sit in memory while it goes.
  const { baselineOf, exitCodeOf, printSummary, writeReports } = await import('./evalReports');
  const baseline = options.baseline ? await baselineOf(workspace, meta.runId, options.baseline) : undefined;
  if (options.json) out.json(summary);
  else printSummary(summary, { cwd: workspace, ...(baseline ? { baseline } : {}) });
  await writeReports(options.outputs, workspace, meta, summary, baseline);
  if (stopped) {
    const more = stopped.reason === 'max-cost' ? ' (with a higher --max-cost, or none)' : '';
    err.line(`${err.yellow('stopped:')} ${meta.stoppedReason ?? stopped.message}. Finish it with \`${resumeHint}\`${more}.`);
    return 1;
  }
  const verdict = exitCodeOf(summary, options.minPassRate);
  err.line(err.dim(`run ${meta.runId}: ${summary.passed}/${summary.total} passed · ${usd(summary.cost)}${verdict.reason ? ` · ${verdict.reason}` : ''}`));
  return verdict.code;
}

/** The released versions `--versions` names, read through the registry (snapshots verified against the lock). */
async function loadReleasedVersions(refs: string[], workspace: string): Promise<LoadedVersion[]> {
  const { findWorkspaceRoot } = await import('../core/prompts/registry/workspace');
  const { openRegistry } = await import('../core/prompts/registry/registry');
  return openRegistry(findWorkspaceRoot(workspace)).loadVersions(refs.join(','));
}

/**
 * Each prompt-file suite whose prompt has versions in `--versions` runs those versions instead of its
 * working file, on the working file's cases: one report then compares the versions case by case.
 */
export function withVersions(suites: EvalSuite[], versions: LoadedVersion[]): EvalSuite[] {
  const used = new Set<string>();
  const out = suites.map((suite) => {
    const id = suite.kind === 'prompt-file' ? suite.prompts[0]?.id : undefined;
    const mine = versions.filter((v) => v.id === id);
    if (mine.length === 0) return suite;
    used.add(id!);
    return { ...suite, prompts: mine.map((v) => ({ id: v.id, version: v.version, sha256: v.sha256, prompt: v.prompt })) };
  });
  const missing = [...new Set(versions.map((v) => v.id))].filter((id) => !used.has(id));
  if (missing.length) {
    throw new PromptyardError('usage', `--versions names ${missing.join(', ')}, but no suite given runs ${missing.length > 1 ? 'those prompts' : 'that prompt'}`, {
      hint: 'Pass the prompt files of those ids, or leave out the files to run the suites of the prompts --versions names.',
      exitCode: 2,
    });
  }
  return out;
}

function planOf(o: EvalCliOptions, workspace: string): RunPlan {
  return {
    ...(o.models ? { models: o.models } : {}),
    ...(o.versions ? { versions: o.versions } : {}),
    ...(o.filter.length ? { filter: o.filter } : {}),
    ...(o.repeat !== undefined ? { repeat: o.repeat } : {}),
    ...(o.datasets.length ? { datasets: o.datasets.map((d) => path.relative(workspace, d).split(path.sep).join('/')) } : {}),
    ...(o.strict ? { strict: true } : {}),
    ...(o.grader ? { graderModelId: o.grader } : {}),
  };
}

async function suiteFiles(o: EvalCliOptions, workspace: string): Promise<string[]> {
  if (o.files.length) return o.files;
  const found = await discoverSuites(workspace);
  if (found.length === 0) {
    throw new PromptyardError('no-suites', `no eval suites found under ${workspace}`, {
      hint: 'Pass a suite (promptyard eval prompts/summarize.prompt.yml), or add testData to a .prompt.yml, sample inputs to a .prompty, or a promptfooconfig.yaml.',
      exitCode: 2,
    });
  }
  return found.map((s) => s.file);
}

/**
 * Every suite is loaded (its assertions checked) before anything runs. Bad input in any of them stops the
 * run: every diagnostic is printed but the first error, which the thrown InputError carries (exit 2).
 */
async function loadSuites(files: string[], plan: RunPlan, workspace: string, endpoints: Record<string, { baseURL: string }>, ctx: CliContext): Promise<EvalSuite[]> {
  const suites: EvalSuite[] = [];
  const rejected: Diagnostic[] = [];
  const datasets = (plan.datasets ?? []).map((d) => path.resolve(workspace, d));
  for (const file of files) {
    try {
      const { suite, diagnostics } = await loadSuite(file, { strict: plan.strict ?? false, datasets, endpoints, assertionTypes: knownAssertionTypes() });
      for (const d of diagnostics) print(d, ctx);
      suites.push(suite);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      rejected.push(...e.diagnostics);
    }
  }
  if (rejected.length === 0) return suites;
  rejected.sort(byLocation);
  const error = new InputError(rejected, errorsHint(rejected));
  const first = rejected.find((d) => d.severity === 'error');
  for (const d of rejected) if (d !== first) print(d, ctx);
  throw error;
}

/** File order: by file, line and column; diagnostics without a location first. */
function byLocation(a: Diagnostic, b: Diagnostic): number {
  const [x, y] = [a.location, b.location];
  if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
  return x.file.localeCompare(y.file) || x.line - y.line || x.column - y.column;
}

function errorsHint(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return errors > 1 ? `Fix the suite and run again (${errors - 1} more error${errors > 2 ? 's' : ''} above).` : 'Fix the suite and run again.';
}

function print(d: Diagnostic, ctx: CliContext): void {
  const where = d.location ? `${formatLocation(d.location)}: ` : '';
  if (d.severity === 'error') ctx.logger.error(`${where}${d.message}`);
  else if (d.severity === 'warning') ctx.logger.warn(`${where}${d.message}`);
  else ctx.logger.info(`${where}${d.message}`);
}

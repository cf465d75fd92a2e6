// The eval runner's entry: `for await (const event of runEval(options))`. A run is prompts × versions ×
// models × cases × repeats; it is planned (and priced) first, then dispatched with bounded, adaptive
// concurrency per provider, each finished case appended to `.promptyard/runs/<run-id>/results.jsonl`.
// Events, in order: `plan` once; then `started`, `result` and `progress` as cases go; `stopped` when the run
// ends early (budget, cancellation, a failure of the run itself); `done` last, with the summary and final meta.
// Abort `signal` (or stop iterating) to cancel: calls in flight are aborted, the run is left resumable.
import { setMaxListeners } from 'node:events';
import { createCodeRunner, type PooledCodeRunner } from '../grading/codeRunner';
import type { PromptyardConfig } from '../../config';
import { silentLogger, type Logger } from '../../ports';
import type { ProviderRegistry } from '../../providers/registry';
import { cacheDir, openResponseCache, type ResponseCache } from '../cache/responseCache';
import { createSummaryAccumulator } from '../reports/summary';
import type { EvalEvent, EvalSuite, RunMeta, RunPlan } from '../types';
import { Budget } from './budget';
import { RunEngine } from './engine';
import { EventQueue } from './eventQueue';
import { parseFilters } from './filter';
import { casesDigest, formatShard, parseShard, type Shard } from './keys';
import { AdaptiveLimiter } from './limiter';
import { providersOf, type PlanSelection } from './plan';
import { checkSameWork, openRunMeta, openRunStore, surveyPlan } from './runSetup';
import { planSuites } from './setup';

export const DEFAULT_CONCURRENCY = 8;

export interface RunEvalOptions {
  /** The workspace folder: `.promptyard/` (runs, cache) lives here and suite paths are kept relative to it. */
  workspace: string;
  /** Loaded suites (suites module); on resume, loaded again from the run's meta (suites, plan.datasets). */
  suites: readonly EvalSuite[];
  registry: ProviderRegistry;
  config: PromptyardConfig;
  /** Model overrides, filter, repeats, grader; recorded in the run's meta. Ignored on resume (the run's own is used). */
  plan?: RunPlan;
  /** `i/n` or a parsed shard. Ignored on resume. */
  shard?: string | Shard;
  /** Calls in flight per provider; default the suites' maxConcurrency, else 8. */
  concurrency?: number;
  /** The response cache: on by default (`{ ttlMs }` to set its TTL), `false` for --no-cache. */
  cache?: false | { ttlMs?: number };
  /** US dollars this invocation may spend (calls and grading); a resumed run starts a new budget. */
  maxCost?: number;
  /** Goes on with this run: finished cases are skipped, the rest appended to the same run. */
  resume?: string;
  /** The id of a new run; default a fresh one (newRunId()). */
  runId?: string;
  signal?: AbortSignal;
  /** javascript assertions and transforms may run (false in untrusted workspaces). Default false. */
  allowCode?: boolean;
  /** Time limit of one javascript assertion or transform, ms. */
  codeTimeoutMs?: number;
  /**
   * Awaited after the `plan` event and before any call is sent (the editor asks about the estimate here):
   * false ends the run as cancelled with nothing sent.
   */
  confirm?: (meta: RunMeta) => boolean | Promise<boolean>;
  /** What started the run (a command line without secrets, an editor action), for the meta. */
  origin?: string;
  logger?: Logger;
}

export function runEval(options: RunEvalOptions): AsyncIterableIterator<EvalEvent> {
  const controller = new AbortController();
  // Every call in flight listens to the run's signal: more than Node's default of 10 is expected.
  setMaxListeners(0, controller.signal);
  const onAbort = () => controller.abort(options.signal?.reason);
  const run: { done?: Promise<void> } = {};
  const queue = new EventQueue<EvalEvent>(async () => {
    controller.abort(new Error('the host stopped reading the run'));
    await run.done?.catch(() => undefined);
  });
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  run.done = executeRun(options, (e) => queue.push(e), controller.signal)
    .then(
      () => queue.end(),
      (e: unknown) => queue.fail(e),
    )
    .finally(() => options.signal?.removeEventListener('abort', onAbort));
  return queue;
}

async function executeRun(o: RunEvalOptions, emit: (e: EvalEvent) => void, signal: AbortSignal): Promise<void> {
  const started = performance.now();
  const logger = o.logger ?? silentLogger;
  const opened = await openRunMeta(o.workspace, { resume: o.resume, runId: o.runId, origin: o.origin });
  const plan: RunPlan = opened.resumed ? opened.meta.plan ?? {} : o.plan ?? {};
  const shardText = opened.resumed ? opened.meta.shard : o.shard === undefined ? undefined : typeof o.shard === 'string' ? o.shard : formatShard(o.shard);
  const shard = shardText ? parseShard(shardText) : undefined;
  const filter = parseFilters(plan.filter ?? []);
  const suites = await planSuites({ workspace: o.workspace, suites: o.suites, registry: o.registry, config: o.config, plan });
  const digest = casesDigest(suites.map((s) => ({ path: s.path, cases: s.suite.cases })));
  if (opened.resumed) checkSameWork(opened.meta, suites, digest);
  const repeats = Math.max(1, ...suites.map((s) => s.repeats));
  const summary = createSummaryAccumulator({ repeats });
  const store = await openRunStore(opened, summary);
  let codeRunner: PooledCodeRunner | undefined;
  let cache: ResponseCache | undefined;
  try {
    const selection: PlanSelection = { ...(filter ? { filter } : {}), ...(shard ? { shard } : {}), done: store.done };
    cache = o.cache === false ? undefined : await openResponseCache({ dir: cacheDir(o.workspace), ttlMs: o.cache?.ttlMs, logger });
    const survey = surveyPlan(suites, selection, cache, opened.meta.runId);
    let meta: RunMeta = {
      ...opened.meta,
      suites: suites.map((s) => s.path),
      promptVersions: uniqueVersions(suites),
      models: [...new Set(suites.flatMap((s) => s.prompts.flatMap((p) => p.models.map((m) => m.modelId))))],
      total: survey.total,
      ...(shardText ? { shard: shardText } : {}),
      estimate: survey.estimate,
      status: 'running',
      plan,
      ...(repeats > 1 ? { repeats } : {}),
      casesDigest: digest,
    };
    delete meta.stoppedReason;
    await store.writer.writeMeta(meta);
    emit({ type: 'plan', meta, pending: survey.total - survey.skipped, skipped: survey.skipped });

    const concurrency = Math.max(1, Math.floor(o.concurrency ?? minConcurrency(o.suites) ?? DEFAULT_CONCURRENCY));
    const limiters = new Map(providersOf(suites).map((name) => [name, new AdaptiveLimiter({ max: concurrency })]));
    if (o.allowCode) codeRunner = createCodeRunner();
    const engine = new RunEngine({
      suites,
      selection,
      limiters,
      cachedSlots: new AdaptiveLimiter({ max: Math.max(16, concurrency * 2) }),
      budget: new Budget(o.maxCost),
      exec: {
        ...(cache ? { cache } : {}),
        ...(codeRunner ? { codeRunner } : {}),
        allowCode: o.allowCode ?? false,
        ...(o.codeTimeoutMs ? { codeTimeoutMs: o.codeTimeoutMs } : {}),
        signal,
      },
      ...(cache ? { cache } : {}),
      writer: store.writer,
      summary,
      total: survey.total,
      priorDone: store.done.size,
      priorCost: store.priorCost,
      emit,
    });
    const onCancel = () => engine.stop('cancelled', 'the run was cancelled');
    signal.addEventListener('abort', onCancel, { once: true });
    if (signal.aborted) onCancel();
    if (o.confirm && !signal.aborted && !(await o.confirm(meta))) engine.stop('cancelled', 'the run was not confirmed');
    try {
      await engine.run();
    } finally {
      signal.removeEventListener('abort', onCancel);
    }
    for (const [name, limiter] of limiters) {
      if (limiter.rateLimited === 0) continue;
      logger.info(`${name}: ${limiter.rateLimited} rate-limit answers; concurrency lowered ${limiter.decreases} times, ${limiter.limit} of ${limiter.max} at the end`);
    }
    await store.writer.close();
    const finishedCases = store.done.size + engine.recorded;
    const stop = engine.stopped;
    const status: RunMeta['status'] = stop ? (stop.reason === 'cancelled' ? 'cancelled' : 'stopped') : finishedCases >= survey.total ? 'complete' : 'stopped';
    meta = { ...meta, status };
    if (status !== 'complete') {
      meta.stoppedReason = `${stop?.message ?? 'the run ended early'}; ${finishedCases} of ${survey.total} cases finished, ${survey.total - finishedCases} left`;
    }
    await store.writer.writeMeta(meta);
    if (status !== 'complete') emit({ type: 'stopped', reason: stop?.reason ?? 'error', message: meta.stoppedReason ?? '' });
    emit({ type: 'done', summary: summary.summary(meta, Math.round(performance.now() - started)), meta });
  } finally {
    await store.writer.close().catch(() => undefined); // after a failure; closing twice is harmless
    await cache?.close();
    await codeRunner?.dispose();
  }
}

function minConcurrency(suites: readonly EvalSuite[]): number | undefined {
  const values = suites.map((s) => s.options.maxConcurrency).filter((n): n is number => typeof n === 'number' && n > 0);
  return values.length ? Math.min(...values) : undefined;
}

function uniqueVersions(suites: Awaited<ReturnType<typeof planSuites>>): RunMeta['promptVersions'] {
  const seen = new Map<string, RunMeta['promptVersions'][number]>();
  for (const s of suites) {
    for (const p of s.prompts) {
      const v = p.prompt;
      seen.set(`${v.id}\u0000${v.version ?? ''}\u0000${v.sha256}`, { id: v.id, ...(v.version !== undefined ? { version: v.version } : {}), sha256: v.sha256 });
    }
  }
  return [...seen.values()];
}


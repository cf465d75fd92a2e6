// A Test Explorer run: the picked items become suites for core's runEval (runPlan.ts), the estimate is
// confirmed when it must be (budgetGate.ts) before anything is sent, results stream into the TestRun as each
// case's record is written, and cancelling aborts the runner's signal, which closes the requests in flight.
// Runs are stored like the CLI's, in <folder>/.promptyard/runs, one per workspace folder touched.
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadSuite } from '../../core/evals/suites/loadSuite';
import { runEval } from '../../core/evals/runner/runEval';
import { runDir } from '../../core/evals/store/runStore';
import type { EvalEvent, EvalSuite, RunMeta } from '../../core/evals/types';
import type { ProviderRegistry } from '../../core/providers/registry';
import { redact } from '../../core/redact';
import type { BudgetGate } from '../spend/budgetGate';
import { formatUsd } from '../spend/budget';
import { describeError } from '../logger';
import type { Services } from '../services';
import { describeLoadError } from './discovery';
import type { EvalTests } from './evalTests';
import { pickNodes, planRun, unitOf, type PlannedRun, type RunMode, type RunUnit } from './runPlan';
import { RunSink, type RunLink, type RunLog } from './runSink';

export const MODE_LABELS: Record<RunMode, string> = {
  own: 'Run',
  allModels: 'Run on all configured models',
  noCache: 'Run without cache',
};

const KEPT_LOGS = 10;

export class EvalRunner {
  /** The last runs' logs, newest last (tests read them). */
  readonly logs: RunLog[] = [];
  /** The last stored run, for "Open Eval Report" without an argument. */
  lastRun: RunLink | undefined;

  constructor(
    private readonly tests: EvalTests,
    private readonly services: Services,
    private readonly budget: BudgetGate,
  ) {}

  async run(mode: RunMode, request: vscode.TestRunRequest, requestToken: vscode.CancellationToken): Promise<RunLog> {
    const run = this.tests.controller.createTestRun(request, `Promptyard evals: ${MODE_LABELS[mode]}`, true);
    // Cancelled by the profile's token, or by the TestRun's own (its stop button, when a command started it).
    const cancellation = new vscode.CancellationTokenSource();
    const links = [requestToken.onCancellationRequested(() => cancellation.cancel()), run.token.onCancellationRequested(() => cancellation.cancel())];
    const token = cancellation.token;
    const sink = new RunSink(run, this.tests.tree, mode);
    this.logs.push(sink.log);
    if (this.logs.length > KEPT_LOGS) this.logs.shift();
    let planned: PlannedRun | undefined;
    let failure: string | undefined;
    try {
      await this.tests.settled();
      const tree = this.tests.tree;
      const include = request.include ? request.include.map((i) => tree.nodeOf(i)).filter((n) => n !== undefined) : tree.allSuites();
      const picks = pickNodes(include, new Set((request.exclude ?? []).map((i) => i.id)), (file) => tree.suite(file));
      const configured = mode === 'allModels' ? await this.configuredModels() : [];
      if (!configured) return sink.log;
      planned = planRun(picks, await this.load([...picks.keys()]), { mode, trusted: vscode.workspace.isTrusted, configuredModels: configured });
      for (const held of planned.held) sink.hold(held.nodeId, held.suite, held.reason, held.kind);
      for (const unit of planned.units.values()) sink.enqueued(unit);
      for (const [workspace, suites] of byFolder(planned.suites)) {
        if (token.isCancellationRequested) break;
        await this.runFolder(workspace, suites, mode, planned, sink, token);
      }
    } catch (error) {
      failure = describeError(error);
      this.services.logger.warn(`Test Explorer run failed: ${failure}`);
      sink.output(`The run failed: ${failure}`);
    } finally {
      if (planned) sink.finish(planned.units.values(), token.isCancellationRequested ? undefined : failure);
      sink.end();
      for (const link of links) link.dispose();
      cancellation.dispose();
    }
    return sink.log;
  }

  private async runFolder(workspace: string, suites: EvalSuite[], mode: RunMode, planned: PlannedRun, sink: RunSink, token: vscode.CancellationToken): Promise<void> {
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort(new Error('cancelled in the Test Explorer')));
    const started = startedIndex(planned.units.values());
    let declined = false;
    let meta: RunMeta | undefined;
    try {
      const events = runEval({
        workspace,
        suites,
        registry: gatedRegistry(this.services),
        config: this.services.config,
        cache: mode === 'noCache' ? false : {},
        signal: abort.signal,
        allowCode: vscode.workspace.isTrusted,
        origin: `VS Code Test Explorer: ${MODE_LABELS[mode]}`,
        logger: this.services.logger,
        confirm: async (m) => !(declined = !(await this.budget.confirmRun(m.estimate))),
      });
      for await (const event of events) {
        if (event.type === 'plan') {
          meta = event.meta;
          sink.linkTo({ workspace, runId: meta.runId });
          sink.output(planLine(event));
        } else if (event.type === 'started') {
          for (const unit of started.get(event.item.caseId) ?? []) sink.started(unit);
        } else if (event.type === 'result') {
          void this.budget.recordCase(event.record).catch((e: unknown) => this.services.logger.warn(`Could not record spend: ${describeError(e)}`));
          const unit = unitOf(event.record, planned.units);
          if (!unit) continue;
          unit.records.push(event.record);
          if (unit.records.length >= unit.expected) sink.report(unit);
        } else if (event.type === 'stopped' && !declined) {
          sink.output(`Stopped: ${redact(event.message)}`);
        } else if (event.type === 'done') {
          meta = event.meta;
          if (!declined) sink.output(doneLine(event, workspace));
        }
      }
    } finally {
      cancel.dispose();
    }
    if (declined && meta) {
      sink.output('Not run: the estimated cost was not confirmed.');
      await rm(runDir(workspace, meta.runId), { recursive: true, force: true });
    } else if (meta) this.lastRun = { workspace, runId: meta.runId };
  }

  /** "Run on all configured models": `promptyard.evals.models`, else the models picked now. */
  private async configuredModels(): Promise<string[] | undefined> {
    const configured = this.services.settings.evalModels;
    if (configured.length > 0) return configured;
    const { models } = await this.services.providerList();
    const picked = await vscode.window.showQuickPick(
      models.filter((m) => !m.unavailable).map((m) => ({ label: m.id })),
      { canPickMany: true, title: 'Run on which models? (Set "promptyard.evals.models" to skip this question.)' },
    );
    return picked && picked.length > 0 ? picked.map((p) => p.label) : undefined;
  }

  /** The picked suites, loaded again now (with unsaved edits); a string says why one could not be. */
  private async load(files: string[]): Promise<Map<string, EvalSuite | string>> {
    const loaded = new Map<string, EvalSuite | string>();
    const { readText, endpoints } = this.tests.loadOptions();
    for (const file of files) {
      try {
        loaded.set(file, (await loadSuite(file, { ...(readText ? { readText } : {}), ...(endpoints ? { endpoints } : {}) })).suite);
      } catch (error) {
        loaded.set(file, `Cannot load ${path.basename(file)}: ${describeLoadError(error)}`);
      }
    }
    return loaded;
  }
}

/** The registry the runner resolves models through, with the Workspace Trust gate of Services in front. */
function gatedRegistry(services: Services): ProviderRegistry {
  const registry = services.registry;
  return {
    get catalog() {
      return registry.catalog;
    },
    resolve: (modelId) => services.resolveModel(modelId),
    provider: (name) => registry.provider(name),
    configuredProviders: () => registry.configuredProviders(),
    reset: (name) => registry.reset(name),
  };
}

/** Suites by the workspace folder they belong to (the run is stored there). */
function byFolder(suites: readonly EvalSuite[]): Map<string, EvalSuite[]> {
  const groups = new Map<string, EvalSuite[]>();
  for (const suite of suites) {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(suite.file))?.uri.fsPath ?? path.dirname(suite.file);
    (groups.get(folder) ?? groups.set(folder, []).get(folder)!).push(suite);
  }
  return groups;
}

/** Units by case id: a `started` event names no suite, so each unit it may be shows as running. */
function startedIndex(units: Iterable<RunUnit>): Map<string, RunUnit[]> {
  const index = new Map<string, RunUnit[]>();
  for (const unit of units) (index.get(unit.caseId) ?? index.set(unit.caseId, []).get(unit.caseId)!).push(unit);
  return index;
}

function planLine(event: Extract<EvalEvent, { type: 'plan' }>): string {
  const { meta, pending } = event;
  const estimate = meta.estimate;
  const cost = estimate ? `, estimated ${formatUsd(estimate.usd)}${estimate.cachedCalls ? ` (${estimate.cachedCalls} from the cache)` : ''}${estimate.unpricedModels.length ? ` + unpriced ${estimate.unpricedModels.join(', ')}` : ''}` : '';
  return `Eval run ${meta.runId}: ${pending} case${pending === 1 ? '' : 's'} on ${meta.models.join(', ') || 'the default model'}${cost}`;
}

function doneLine(event: Extract<EvalEvent, { type: 'done' }>, workspace: string): string {
  const { summary, meta } = event;
  const stored = path.relative(workspace, runDir(workspace, meta.runId)) || meta.runId;
  return [
    `${summary.passed}/${summary.total} passed, ${summary.failed} failed, ${summary.errors} error${summary.errors === 1 ? '' : 's'} · ${formatUsd(summary.cost)} · ${(summary.durationMs / 1000).toFixed(1)} s`,
    `Stored in ${stored}. Open the report: "Promptyard: Open Eval Report" (or the button on a failure).`,
  ].join('\n');
}

// The evals in the features bundle, behind the shell activate() registered (evalShell.ts): discovery and the
// tree, runs, the CodeLenses, the report panels, and the commands the CodeLenses and the test peek call.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PromptyardError } from '../../core/errors';
import { PromptCodeLenses } from '../codelens/codeLensProvider';
import type { Services } from '../services';
import type { BudgetGate } from '../spend/budgetGate';
import { caseNodeId, type SuiteNode } from './evalTree';
import { EvalRunner } from './evalRunner';
import type { EvalFeatures, EvalHost } from './evalShell';
import { EvalTests } from './evalTests';
import { ReportPanels } from './reportPanel';
import type { RunMode } from './runPlan';
import type { RunLog } from './runSink';

const LENS_REFRESH_MS = 100;

export class EvalFeatureSet implements EvalFeatures, vscode.Disposable {
  readonly tests: EvalTests;
  readonly runner: EvalRunner;
  readonly reports: ReportPanels;
  private readonly lenses: PromptCodeLenses;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    services: Services,
    readonly host: EvalHost,
    budget: BudgetGate,
  ) {
    this.tests = new EvalTests(host.controller, services);
    this.runner = new EvalRunner(this.tests, services, budget);
    this.reports = new ReportPanels(() => this.runner.lastRun);
    this.lenses = new PromptCodeLenses(this.tests);
    // Discovery reports suites one by one: the lenses are asked for again once per burst, not once per file.
    let lensTimer: ReturnType<typeof setTimeout> | undefined;
    const lensesChanged = () => (lensTimer ??= setTimeout(() => ((lensTimer = undefined), host.lensesChanged()), LENS_REFRESH_MS));
    this.disposables.push(this.tests, this.reports, this.tests.onDidChangeSuite(lensesChanged), { dispose: () => clearTimeout(lensTimer) });
  }

  resolve(item: vscode.TestItem | undefined): Promise<void> {
    return this.tests.resolve(item);
  }

  refresh(): Promise<void> {
    return this.tests.refresh();
  }

  run(mode: RunMode, request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<RunLog> {
    return this.runner.run(mode, request, token);
  }

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    return this.lenses.provide(document, token);
  }

  /** "Run evals (N cases)" and "Run this case": a prompt file's cases, or one, through the default profile. */
  async runFromCommand(arg?: unknown, caseId?: unknown, mode: RunMode = 'own'): Promise<RunLog> {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file') throw new PromptyardError('no-prompt-file', 'No prompt file to run.', { hint: 'Open a prompt file with testData, then run its evals.' });
    const file = uri.fsPath;
    await this.tests.settled();
    const suite = await this.tests.suiteOf(file);
    this.checkRunnable(file, suite, caseId);
    const nodeId = typeof caseId === 'string' ? caseNodeId(file, caseId) : file;
    const item = this.tests.tree.item(nodeId, file);
    if (!item) throw new PromptyardError('unknown-case', `The case ${String(caseId)} is not in ${path.basename(file)} any more.`, { hint: 'Save the file and try again.' });
    const cancellation = new vscode.CancellationTokenSource();
    try {
      return await this.runner.run(mode, new vscode.TestRunRequest([item], undefined, this.host.profiles[mode]), cancellation.token);
    } finally {
      cancellation.dispose();
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private checkRunnable(file: string, suite: SuiteNode | undefined, caseId: unknown): void {
    const name = path.basename(file);
    if (!suite) throw new PromptyardError('no-cases', `${name} has no eval cases.`, { hint: 'Add testData rows (or datasets:) to the prompt file, then run its evals.' });
    if (suite.error) throw new PromptyardError('invalid-suite', `${name} cannot be run: ${suite.error}`, { hint: 'Fix the file, then run its evals again.' });
    if (caseId !== undefined && typeof caseId !== 'string') throw new PromptyardError('usage', 'The case id must be a string.');
  }
}

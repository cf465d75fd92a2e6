// A tiny activate(): it registers the commands, the two views and the log, and nothing else. The SDKs,
// the webview host and the local runtime sit in a second bundle (dist/extensionFeatures.js, from
// features.ts) that is required on first use: esbuild cannot split CommonJS, so the split is by hand.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, FEATURE_COMMANDS, VIEWS, type FeatureCommand } from './commandIds';
import { readSettings } from './config';
import type { Features, FeatureShell, FeaturesModule } from './featuresApi';
import { describeError } from './logger';
import { isPromptDocument } from './language/promptDocuments';
import { registerVersionsShell } from './prompts/versionsShell';
import { PromptsTreeProvider } from './promptsTree';
import { SpendLedger } from './spend/spendLedger';
import { showSpend, SpendStatus } from './spend/spendStatus';
import { registerEvalShell } from './testing/evalShell';
import type { TestingHooks } from './testingHooks';

export const FEATURES_BUNDLE = 'extensionFeatures.js';

export interface PromptyardApi {
  /** Milliseconds activate() took. */
  readonly activationMs: number;
  /** Test hooks, only when the extension runs its own tests (never in normal use: they reach the secrets). */
  testing?: () => Promise<TestingHooks>;
}

export function activate(context: vscode.ExtensionContext): PromptyardApi {
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const channel = vscode.window.createOutputChannel('Promptyard', { log: true });
  let features: Promise<Features> | undefined;
  const loadFeatures = (): Promise<Features> =>
    (features ??= new Promise<Features>((resolve) => {
      const t0 = performance.now();
      // A computed path: esbuild leaves this require alone, so the features bundle stays out of this one.
      const file = path.join(context.extensionPath, 'dist', FEATURES_BUNDLE);
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
      const module = require(file) as FeaturesModule;
      const loaded = module.createFeatures(context, channel, shell);
      context.subscriptions.push(loaded);
      channel.info(`Promptyard features loaded in ${(performance.now() - t0).toFixed(1)} ms`);
      resolve(loaded);
    }).catch((error: unknown) => {
      features = undefined;
      channel.error(`Promptyard could not load its features: ${describeError(error)}`);
      void vscode.window.showErrorMessage(`Promptyard could not start: ${describeError(error)}. Reinstall the extension, or run "Promptyard: Show Log" for details.`);
      throw error;
    }));

  // The spend status bar item, and the evals' TestController and CodeLens provider: registered here, their
  // work is done in the features bundle, which gets the ledger and the controller through `shell`.
  const budget = () => readSettings().monthlyBudgetUsd;
  const spend = new SpendStatus(new SpendLedger(context.globalState), budget, COMMANDS.showSpend);
  const evalShell = registerEvalShell(async () => (await loadFeatures()).evals());
  // The Prompts tree lists files here; the versions under them and the snapshot documents come from the features bundle.
  const versions = registerVersionsShell(async () => (await loadFeatures()).versions());
  const tree = new PromptsTreeProvider(versions.describe);
  const shell: FeatureShell = { spend, evals: evalShell.host, prompts: tree };
  context.subscriptions.push(
    spend,
    ...evalShell.disposables,
    vscode.commands.registerCommand(COMMANDS.showSpend, () => showSpend(spend, budget())),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('promptyard.budget') && spend.update()),
  );

  context.subscriptions.push(
    channel,
    tree,
    ...versions.disposables,
    vscode.window.registerTreeDataProvider(VIEWS.prompts, tree),
    // Runs keep streaming while the view is hidden; without retained context their columns would be lost.
    vscode.window.registerWebviewViewProvider(
      VIEWS.playground,
      { resolveWebviewView: async (view) => (await loadFeatures()).resolvePlaygroundView(view) },
      { webviewOptions: { retainContextWhenHidden: true } },
    ),
    vscode.commands.registerCommand(COMMANDS.showLog, () => channel.show()),
    vscode.commands.registerCommand(COMMANDS.refreshPrompts, () => tree.refresh()),
    vscode.commands.registerCommand(COMMANDS.openPlayground, () => vscode.commands.executeCommand(`${VIEWS.playground}.focus`)),
    ...FEATURE_COMMANDS.map((name: FeatureCommand) =>
      vscode.commands.registerCommand(COMMANDS[name], async (...args: unknown[]) => (await loadFeatures()).run(name, args)),
    ),
  );

  // The language features of prompt files sit in the features bundle: load it when the first prompt file
  // opens, after activate() has returned (the require takes tens of milliseconds).
  const whenPromptOpens = vscode.workspace.onDidOpenTextDocument((d) => isPromptDocument(d) && startLanguage());
  const startLanguage = () => {
    whenPromptOpens.dispose();
    setTimeout(() => void loadFeatures().catch(() => undefined), 0);
  };
  context.subscriptions.push(whenPromptOpens);
  if (vscode.workspace.textDocuments.some(isPromptDocument)) startLanguage();

  const activationMs = performance.now() - started;
  // CPU time beside wall time: on a busy machine the wall time also counts waiting for a core.
  const cpu = process.cpuUsage(cpuAtStart);
  channel.info(`Promptyard activated in ${activationMs.toFixed(1)} ms (${((cpu.user + cpu.system) / 1000).toFixed(1)} ms CPU)`);
  const api: PromptyardApi = { activationMs };
  if (context.extensionMode === vscode.ExtensionMode.Test) api.testing = async () => (await loadFeatures()).testing!;
  return api;
}

export function deactivate(): void {
  // Every disposable is owned by context.subscriptions, the features bundle included.
}

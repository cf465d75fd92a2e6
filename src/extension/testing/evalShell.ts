// What activate() registers for the evals, cheaply: the "Promptyard Evals" TestController with its three run
// profiles (no Debug profile: a model call has nothing to step through) and the prompt files' CodeLens
// provider. Each handler loads the features bundle on first use and hands the work to it (evalFeatures.ts).
import * as vscode from 'vscode';
import type { RunMode } from './runPlan';

export const EVAL_CONTROLLER_ID = 'promptyard.evals';
export const PROMPT_FILE_SELECTOR: vscode.DocumentSelector = { scheme: 'file', pattern: '**/*.prompt.{yml,yaml}' };

export interface EvalHost {
  readonly controller: vscode.TestController;
  readonly profiles: Readonly<Record<RunMode, vscode.TestRunProfile>>;
  /** The CodeLenses are stale: a suite was loaded, changed or removed. */
  lensesChanged(): void;
}

/** The work behind the shell, in the features bundle. */
export interface EvalFeatures {
  resolve(item: vscode.TestItem | undefined): Promise<void>;
  refresh(token: vscode.CancellationToken): Promise<void>;
  run(mode: RunMode, request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<unknown>;
  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]>;
}

export function registerEvalShell(load: () => Promise<EvalFeatures>): { host: EvalHost; disposables: vscode.Disposable[] } {
  const controller = vscode.tests.createTestController(EVAL_CONTROLLER_ID, 'Promptyard Evals');
  const lenses = new vscode.EventEmitter<void>();
  const profile = (label: string, mode: RunMode, isDefault: boolean) =>
    controller.createRunProfile(label, vscode.TestRunProfileKind.Run, async (request, token) => void (await (await load()).run(mode, request, token)), isDefault);
  const profiles: Record<RunMode, vscode.TestRunProfile> = {
    own: profile('Run', 'own', true),
    allModels: profile('Run on all configured models', 'allModels', false),
    noCache: profile('Run without cache', 'noCache', false),
  };
  controller.resolveHandler = async (item) => (await load()).resolve(item);
  controller.refreshHandler = async (token) => (await load()).refresh(token);
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: lenses.event,
    provideCodeLenses: async (document, token) => (await load()).provideCodeLenses(document, token),
  };
  const host: EvalHost = { controller, profiles, lensesChanged: () => lenses.fire() };
  return { host, disposables: [controller, ...Object.values(profiles), lenses, vscode.languages.registerCodeLensProvider(PROMPT_FILE_SELECTOR, provider)] };
}

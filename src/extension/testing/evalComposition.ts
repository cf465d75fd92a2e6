// The evals and the spend as the features bundle composes them (features.ts calls composeEvals once): the
// budget gate over the shell's ledger fed by playground calls, the eval feature set made on first use, the
// commands the CodeLenses and the test peek call, and the hooks the extension-host tests use.
import * as vscode from 'vscode';
import type { FeatureShell } from '../featuresApi';
import type { Services } from '../services';
import { BudgetGate } from '../spend/budgetGate';
import type { EvalTestingHooks, TestItemSnapshot } from '../testingHooks';
import { EvalFeatureSet } from './evalFeatures';

export type EvalCommand = 'runEvalTests' | 'openEvalReport' | 'showEvalHistory';

export interface ComposedEvals extends vscode.Disposable {
  evals(): EvalFeatureSet;
  readonly budget: BudgetGate;
  readonly commands: Record<EvalCommand, (...args: unknown[]) => Promise<unknown>>;
  testingHooks(): EvalTestingHooks;
}

export function composeEvals(services: Services, shell: FeatureShell): ComposedEvals {
  const budget = new BudgetGate(shell.spend.ledger, services, (line) => services.logger.info(line));
  const spendFeed = services.onDidSpend((result) => void budget.recordChat(result).catch((e: unknown) => services.logger.warn(`Could not record spend: ${String(e)}`)));
  let set: EvalFeatureSet | undefined;
  const evals = () => (set ??= new EvalFeatureSet(services, shell.evals, budget));
  return {
    evals,
    budget,
    commands: {
      runEvalTests: (arg, caseId) => evals().runFromCommand(arg, caseId),
      openEvalReport: (arg) => evals().reports.open(arg),
      showEvalHistory: (arg) => evals().reports.history(arg),
    },
    testingHooks: () => ({
      tree: async () => {
        await evals().tests.settled();
        const items: TestItemSnapshot[] = [];
        shell.evals.controller.items.forEach((item) => void items.push(snapshot(item)));
        return items.sort((a, b) => a.id.localeCompare(b.id));
      },
      run: async (ids, mode, token) => {
        const set = evals();
        await set.tests.settled();
        const items = ids.map((id) => {
          const item = set.tests.tree.item(id, id.split('#')[0]!);
          if (!item) throw new Error(`no test item ${id}`);
          return item;
        });
        return set.runner.run(mode, new vscode.TestRunRequest(items, undefined, shell.evals.profiles[mode]), token ?? new vscode.CancellationTokenSource().token);
      },
      lastLog: () => set?.runner.logs.at(-1),
      profiles: () =>
        Object.values(shell.evals.profiles).map((p) => ({
          label: p.label,
          kind: p.kind === vscode.TestRunProfileKind.Debug ? 'debug' : p.kind === vscode.TestRunProfileKind.Coverage ? 'coverage' : 'run',
          isDefault: p.isDefault,
        })),
      spend: () => ({ text: shell.spend.text, today: shell.spend.ledger.today(), monthUsd: shell.spend.ledger.monthUsd() }),
      resetSpend: () => shell.spend.ledger.clear(),
    }),
    dispose() {
      spendFeed.dispose();
      set?.dispose();
    },
  };
}

function snapshot(item: vscode.TestItem): TestItemSnapshot {
  const children: TestItemSnapshot[] = [];
  item.children.forEach((child) => void children.push(snapshot(child)));
  children.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: TestItemSnapshot = { id: item.id, label: item.label, children };
  if (item.description) out.description = item.description;
  if (item.uri) out.file = item.uri.fsPath;
  if (item.range) out.range = [item.range.start.line, item.range.start.character, item.range.end.line, item.range.end.character];
  if (item.error) out.error = typeof item.error === 'string' ? item.error : item.error.value;
  return out;
}

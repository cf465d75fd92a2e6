// Money in the features bundle: every model call's spend goes to the ledger (the status bar follows), the
// month's spend is warned about at 80% and 100% of the budget (once each a month), and an eval run whose
// estimate is above the confirmation threshold, or would pass the budget, is confirmed in a modal first.
import * as vscode from 'vscode';
import type { CaseRecord, CostEstimate } from '../../core/evals/types';
import type { ChatResult } from '../../shared/types';
import { checkRun, formatUsd, warningLevel } from './budget';
import type { SpendLedger, SpendSource } from './spendLedger';

export interface BudgetSettingsSource {
  readonly settings: { monthlyBudgetUsd: number; confirmAboveUsd: number };
}

export class BudgetGate {
  constructor(
    private readonly ledger: SpendLedger,
    private readonly source: BudgetSettingsSource,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** A finished playground (or Run Prompt File) call. */
  recordChat(result: Pick<ChatResult, 'usage' | 'cost'>, source: SpendSource = 'playground'): Promise<void> {
    return this.record(source, result.usage.inputTokens, result.usage.outputTokens, result.cost?.total ?? 0);
  }

  /** An eval case's record: its call (not when it came from the cache) and its grading. */
  recordCase(record: CaseRecord): Promise<void> {
    // A cached answer with free grading made no call.
    if (record.cached && !(record.cost > 0)) return Promise.resolve();
    const usage = record.cached ? undefined : record.usage;
    return this.record('evals', usage?.inputTokens ?? 0, usage?.outputTokens ?? 0, record.cost);
  }

  /** Asks before a run when it must (modal); true to go on. */
  async confirmRun(estimate: CostEstimate | undefined): Promise<boolean> {
    if (!estimate) return true;
    const { monthlyBudgetUsd, confirmAboveUsd } = this.source.settings;
    const verdict = checkRun(estimate, this.ledger.monthUsd(), { monthlyUsd: monthlyBudgetUsd, confirmAboveUsd });
    if (verdict.kind === 'go') return true;
    const run = verdict.kind === 'over-budget' ? 'Run Anyway' : 'Run';
    const detail =
      verdict.kind === 'over-budget'
        ? 'Raise "promptyard.budget.monthlyUsd", or run fewer cases or a cheaper model.'
        : `You are asked because the estimate is above ${formatUsd(confirmAboveUsd)} ("promptyard.evals.confirmAboveUsd").`;
    const choice = await vscode.window.showWarningMessage(verdict.message, { modal: true, detail }, run);
    this.log(`Cost check: ${verdict.message} → ${choice === run ? 'confirmed' : 'declined'}`);
    return choice === run;
  }

  private async record(source: SpendSource, inputTokens: number, outputTokens: number, usd: number): Promise<void> {
    await this.ledger.record({ source, inputTokens, outputTokens, usd });
    const budget = this.source.settings.monthlyBudgetUsd;
    const level = warningLevel(this.ledger.monthUsd(), budget);
    if (level === 0 || !(await this.ledger.firstWarning(level))) return;
    const spent = formatUsd(this.ledger.monthUsd());
    const text =
      level === 100
        ? `Promptyard: ${spent} spent this month, past your monthly budget of ${formatUsd(budget)}. Eval runs will ask before they start.`
        : `Promptyard: ${spent} spent this month, ${Math.round((this.ledger.monthUsd() / budget) * 100)}% of your monthly budget of ${formatUsd(budget)}.`;
    void vscode.window.showWarningMessage(text, 'Show Spend').then((c) => c && vscode.commands.executeCommand('promptyard.showSpend'));
  }
}

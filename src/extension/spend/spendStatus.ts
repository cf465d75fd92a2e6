// The spend status bar item: today's tokens and cost across playground and eval runs, the month against the
// budget in its tooltip. Lives in the small bundle (a globalState read, no engine code) so it shows from
// activation; the features bundle records into the same ledger.
import * as vscode from 'vscode';
import { describeSpend, formatTokens, formatUsd, warningLevel } from './budget';
import { SpendLedger, totalOf, type DaySpend } from './spendLedger';

export class SpendStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly ledger: SpendLedger,
    private readonly monthlyUsd: () => number,
    command: string,
  ) {
    this.item = vscode.window.createStatusBarItem('promptyard.spend', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Promptyard Spend';
    this.item.command = command;
    this.disposables.push(this.item, ledger.onDidChange(() => this.update()));
    this.update();
    this.item.show();
  }

  /** The item's text, for tests and the Show Spend command. */
  get text(): string {
    return this.item.text;
  }

  update(): void {
    const today = this.ledger.today();
    const total = totalOf(today);
    const month = this.ledger.monthUsd();
    const budget = this.monthlyUsd();
    const level = warningLevel(month, budget);
    this.item.text = `$(pulse) ${formatTokens(total.inputTokens + total.outputTokens)} tok · ${formatUsd(total.usd)}`;
    this.item.tooltip = tooltip(today, month, budget);
    this.item.backgroundColor = level === 100 ? new vscode.ThemeColor('statusBarItem.errorBackground') : level === 80 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** "Show Spend": the breakdown, and a way to the budget setting. */
export async function showSpend(status: SpendStatus, monthlyUsd: number): Promise<void> {
  const lines = describeSpend(status.ledger.today(), status.ledger.monthUsd(), monthlyUsd);
  const choice = await vscode.window.showInformationMessage(lines.join(' '), 'Set Monthly Budget…');
  if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'promptyard.budget.monthlyUsd');
}

function tooltip(today: DaySpend, month: number, budget: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown('**Promptyard spend today**\n\n');
  for (const line of describeSpend(today, month, budget)) md.appendMarkdown(`${line}\n\n`);
  md.appendMarkdown('Costs are estimates from the price table; models without a price count tokens only.');
  return md;
}

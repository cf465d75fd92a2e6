// Completion in prompt documents: variables after `{{`, model ids, assertion types and model parameters,
// from core's completePrompt over the document's current analysis.
import * as vscode from 'vscode';
import { completePrompt, type CompletionKind } from '../../core/prompts/completions';
import { emptyOutline } from '../../core/prompts/promptOutline';
import type { PromptAnalyses } from './promptAnalyses';

/** `{` for variables; `:`, space and `/` for values typed after a key (YAML values do not trigger suggestions). */
export const COMPLETION_TRIGGERS = ['{', ':', ' ', '/'];

const KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
  variable: vscode.CompletionItemKind.Variable,
  model: vscode.CompletionItemKind.Value,
  assertion: vscode.CompletionItemKind.EnumMember,
  parameter: vscode.CompletionItemKind.Property,
};

export class PromptCompletions implements vscode.CompletionItemProvider {
  constructor(private readonly analyses: PromptAnalyses) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    const text = document.getText();
    // The analysis (a YAML parse) only when the cursor is where a variable or a parameter goes.
    const empty = { outline: emptyOutline(), uses: { uses: [], usesPartials: false } };
    const list = completePrompt(text, document.offsetAt(position), () => this.analyses.get(document) ?? empty, this.analyses.context);
    if (!list) return undefined;
    const range = new vscode.Range(document.positionAt(list.replace.start), document.positionAt(list.replace.end));
    return list.items.map((candidate, i) => {
      const item = new vscode.CompletionItem(candidate.label, KIND[list.kind]);
      item.range = range;
      item.sortText = String(i).padStart(4, '0');
      if (candidate.insertText !== undefined) item.insertText = candidate.insertText;
      if (candidate.detail) item.detail = candidate.detail;
      if (candidate.documentation) item.documentation = new vscode.MarkdownString(candidate.documentation);
      return item;
    });
  }
}

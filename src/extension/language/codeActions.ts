// Quick fixes of prompt documents, read from the same analysis as the diagnostics: wrap user input in a
// delimited block, replace an unknown model id or assertion type by the nearest known one.
import * as vscode from 'vscode';
import type { AnalysisDiagnostic } from '../../core/prompts/analysisTypes';
import { DIAGNOSTIC_SOURCE, toRange } from './convert';
import type { PromptAnalyses } from './promptAnalyses';

export class PromptCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly analyses: PromptAnalyses) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const analysis = this.analyses.get(document);
    if (!analysis) return [];
    const actions: vscode.CodeAction[] = [];
    for (const d of analysis.diagnostics) {
      if (!d.fixes?.length) continue;
      const at = toRange(d.range);
      if (!at.intersection(range)) continue;
      const shown = context.diagnostics.filter((s) => s.source === DIAGNOSTIC_SOURCE && s.code === d.code && s.range.isEqual(at));
      for (const fix of d.fixes) actions.push(action(document, fix, shown, d));
    }
    return actions;
  }
}

function action(document: vscode.TextDocument, fix: NonNullable<AnalysisDiagnostic['fixes']>[number], shown: vscode.Diagnostic[], d: AnalysisDiagnostic): vscode.CodeAction {
  const result = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) edit.replace(document.uri, toRange(e.range), e.newText);
  result.edit = edit;
  result.diagnostics = shown;
  result.isPreferred = fix.preferred === true && d.severity !== 'info';
  return result;
}

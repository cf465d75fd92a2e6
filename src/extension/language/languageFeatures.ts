// The language features of prompt files, in one owner: diagnostics as you type, quick fixes, completion and
// hovers. Created with the features bundle, which the small bundle loads when the first prompt file opens.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { PromptCodeActions } from './codeActions';
import { COMPLETION_TRIGGERS, PromptCompletions } from './completion';
import { PromptDiagnostics } from './diagnostics';
import { PromptHovers } from './hover';
import { PromptAnalyses } from './promptAnalyses';
import { PROMPT_SELECTOR } from './promptDocuments';

export function registerLanguageFeatures(services: Services): vscode.Disposable {
  const analyses = new PromptAnalyses(services);
  const diagnostics = new PromptDiagnostics(analyses);
  const disposables: vscode.Disposable[] = [
    diagnostics,
    vscode.languages.registerCodeActionsProvider(PROMPT_SELECTOR, new PromptCodeActions(analyses), PromptCodeActions.metadata),
    vscode.languages.registerCompletionItemProvider(PROMPT_SELECTOR, new PromptCompletions(analyses), ...COMPLETION_TRIGGERS),
    vscode.languages.registerHoverProvider(PROMPT_SELECTOR, new PromptHovers(analyses)),
    services.onDidChangeProviders(() => {
      analyses.reset();
      diagnostics.refreshAll();
    }),
  ];
  return { dispose: () => disposables.splice(0).reverse().forEach((d) => d.dispose()) };
}

// Diagnostics of prompt documents as you type: analysed when opened, again 250 ms after the last change of
// each document (one timer per document), cleared when it closes.
import * as vscode from 'vscode';
import { toDiagnostic } from './convert';
import type { PromptAnalyses } from './promptAnalyses';
import { isPromptDocument } from './promptDocuments';

export const DIAGNOSTICS_DELAY_MS = 250;

export class PromptDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('promptyard');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly analyses: PromptAnalyses) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.update(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d)),
    );
    this.refreshAll();
  }

  /** Analyses every open prompt document again (after the providers changed). */
  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.update(document);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isPromptDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.update(document);
      }, DIAGNOSTICS_DELAY_MS),
    );
  }

  private update(document: vscode.TextDocument): void {
    if (!isPromptDocument(document) || document.isClosed) return;
    const analysis = this.analyses.get(document);
    this.collection.set(document.uri, analysis ? analysis.diagnostics.map(toDiagnostic) : []);
  }

  private clear(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.analyses.forget(document);
    this.collection.delete(document.uri);
  }
}

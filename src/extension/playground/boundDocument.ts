// A playground panel bound to a prompt file. The draft comes from the document's text (typing in the editor
// reaches the panel as `draft/changed`, parse errors included); the panel's edits go back as one minimal
// WorkspaceEdit (so undo works in the editor and saving goes through the file). An edit that changes nothing
// is not applied, so an echo can never loop.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parsePromptFile } from '../../core/prompts/parse';
import type { PromptFile } from '../../core/prompts/promptFile';
import type { PlaygroundDraft } from '../../shared/protocol';
import { draftFromPrompt } from './draft';
import { applyDraftToText, minimalEdit } from './draftText';

export interface DocumentDraft {
  text: string;
  draft?: PlaygroundDraft;
  prompt?: PromptFile;
  /** The first error of the file, with its line, when it does not parse. */
  error?: string;
}

const CHANGE_DEBOUNCE_MS = 100;

export class BoundDocument implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly uri: vscode.Uri,
    /** Called after the file's text changed (in the editor or on disk). */
    private readonly onChange: (current: DocumentDraft) => void,
  ) {
    const folder = vscode.Uri.file(path.dirname(uri.fsPath));
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, path.basename(uri.fsPath)), true, false, true);
    this.disposables.push(
      watcher,
      watcher.onDidChange(() => this.changed()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === uri.toString() && e.contentChanges.length > 0) this.changed();
      }),
    );
  }

  get file(): string {
    return this.uri.fsPath;
  }

  async text(): Promise<string> {
    return (await vscode.workspace.openTextDocument(this.uri)).getText();
  }

  async read(): Promise<DocumentDraft> {
    const text = await this.text();
    const result = parsePromptFile(text, this.file);
    if (result.prompt) return { text, draft: draftFromPrompt(result.prompt), prompt: result.prompt };
    const first = result.diagnostics.find((d) => d.severity === 'error');
    const where = first?.location ? `Line ${first.location.line}: ` : '';
    return { text, error: `${where}${first?.message ?? 'The prompt file has an error.'} Fix it in the editor; the playground keeps its draft meanwhile.` };
  }

  /** Writes the draft into the file's text as a workspace edit (the document becomes dirty, undo works). */
  async apply(draft: PlaygroundDraft): Promise<{ applied: boolean; error?: string }> {
    const document = await vscode.workspace.openTextDocument(this.uri);
    const before = document.getText();
    const next = applyDraftToText(before, draft, this.file);
    if (!next.ok) return { applied: false, error: next.error };
    const change = minimalEdit(before, next.text);
    if (!change) return { applied: true };
    const edit = new vscode.WorkspaceEdit();
    edit.replace(this.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text);
    const applied = await vscode.workspace.applyEdit(edit);
    return applied ? { applied } : { applied, error: 'VS Code did not apply the edit (is the file read-only?).' };
  }

  /** Replaces a part of the text (used to add the feedback dataset to `datasets:`). */
  async replaceText(next: string): Promise<boolean> {
    const document = await vscode.workspace.openTextDocument(this.uri);
    const change = minimalEdit(document.getText(), next);
    if (!change) return true;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(this.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text);
    return vscode.workspace.applyEdit(edit);
  }

  async save(): Promise<boolean> {
    const document = await vscode.workspace.openTextDocument(this.uri);
    return document.isDirty ? document.save() : true;
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private changed(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.read().then(this.onChange, () => undefined);
    }, CHANGE_DEBOUNCE_MS);
  }
}

// "Save as prompt file": the draft written as a `.prompt.yml` through core's serializer, checked by parsing
// it back before anything touches the disk. A bound panel saves its own file instead (through the editor).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PromptyardError } from '../../core/errors';
import { parsePromptFile } from '../../core/prompts/parse';
import { isPromptFileName } from '../../core/prompts/promptFile';
import { serializePromptFile } from '../../core/prompts/serialize';
import type { PlaygroundDraft } from '../../shared/protocol';
import { promptFromDraft, slugOf } from './draft';
import type { PlaygroundSession } from './session';

export async function saveDraft(session: PlaygroundSession, draft: PlaygroundDraft): Promise<{ file?: string }> {
  if (session.bound) {
    const result = await session.bound.apply(draft);
    if (!result.applied) throw new PromptyardError('save-failed', result.error ?? 'The prompt file was not changed.', { hint: 'Fix the file in the editor, then save again.' });
    if (!(await session.bound.save())) throw new PromptyardError('save-failed', `VS Code could not save ${vscode.workspace.asRelativePath(session.bound.uri)}.`, { hint: 'Save it from the editor to see why.' });
    session.options.onSaved(session.bound.uri);
    return { file: vscode.workspace.asRelativePath(session.bound.uri) };
  }
  const uri = await askForFile(draft);
  if (!uri) return {};
  await writePromptFile(uri, draft);
  session.options.onSaved(uri);
  const relative = vscode.workspace.asRelativePath(uri);
  void vscode.window.showInformationMessage(`Saved ${relative}.`, 'Open', 'Open in Playground').then((choice) => {
    if (choice === 'Open') void vscode.window.showTextDocument(uri);
    if (choice === 'Open in Playground') void vscode.commands.executeCommand('promptyard.openInPlayground', uri);
  });
  return { file: relative };
}

async function askForFile(draft: PlaygroundDraft): Promise<vscode.Uri | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `${slugOf(draft.name, 'prompt')}.prompt.yml`;
  const picked = await vscode.window.showSaveDialog({
    title: 'Save as prompt file',
    saveLabel: 'Save prompt file',
    defaultUri: root ? vscode.Uri.joinPath(root, 'prompts', name) : undefined,
    filters: { 'Prompt files': ['prompt.yml', 'prompt.yaml'], YAML: ['yml', 'yaml'] },
  });
  return picked ? withPromptSuffix(picked) : undefined;
}

/** `notes` or `notes.yml` → `notes.prompt.yml`: only prompt files are found by the Prompts view and `gh models`. */
export function withPromptSuffix(uri: vscode.Uri): vscode.Uri {
  if (isPromptFileName(uri.path)) return uri;
  const base = path.posix.basename(uri.path).replace(/\.ya?ml$/i, '');
  return vscode.Uri.joinPath(uri, '..', `${base}.prompt.yml`);
}

/** Serializes, parses back (a file we write must load), then writes. */
export async function writePromptFile(uri: vscode.Uri, draft: PlaygroundDraft): Promise<void> {
  const file = uri.fsPath;
  const text = serializePromptFile(promptFromDraft(draft, { file }));
  const check = parsePromptFile(text, file);
  if (!check.prompt) {
    const first = check.diagnostics.find((d) => d.severity === 'error');
    throw new PromptyardError('save-invalid', `The draft does not make a valid prompt file: ${first?.message ?? 'unknown error'}`, { hint: 'Fix the draft and save again.' });
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

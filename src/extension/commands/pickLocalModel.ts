// "Pick Local Model…": use the recommended model (downloaded on first run) or a .gguf file on this machine,
// saved in the user setting `promptyard.local.model`; the playground then offers local/default.
import * as vscode from 'vscode';
import { updateUserSetting } from '../config';

interface Choice extends vscode.QuickPickItem {
  action: 'recommended' | 'file';
}

export async function pickLocalModel(): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick<Choice>(
    [
      { action: 'recommended', label: '$(cloud-download) Recommended model', detail: 'Downloaded once on the first run, then works offline on the CPU.' },
      { action: 'file', label: '$(file) A .gguf file on this machine…', detail: 'Any llama.cpp model file you already have.' },
    ],
    { title: 'Promptyard: Pick Local Model', placeHolder: 'Which model should local/default run?' },
  );
  if (!picked) return undefined;
  if (picked.action === 'recommended') {
    await updateUserSetting('local.model', '');
    void vscode.window.showInformationMessage('local/default runs the recommended model; it downloads on the first run.');
    return '';
  }
  const files = await vscode.window.showOpenDialog({ title: 'Pick a .gguf model', canSelectMany: false, filters: { 'GGUF models': ['gguf'] } });
  const file = files?.[0]?.fsPath;
  if (!file) return undefined;
  await updateUserSetting('local.model', file);
  void vscode.window.showInformationMessage(`local/default now runs ${file}.`);
  return file;
}

// "Run Evals in Terminal": `promptyard eval <file>` in a terminal, with the CLI this extension ships. Evals
// may run code (javascript assertions), so an untrusted workspace is refused, even through executeCommand.
// The CLI reads keys from the environment or the OS keychain (`promptyard keys set`), not from VS Code.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PromptyardError } from '../../core/errors';
import { promptFileArgument } from '../promptsTree';

export function runEvals(extensionPath: string, arg?: unknown): vscode.Terminal {
  if (!vscode.workspace.isTrusted) {
    throw new PromptyardError('untrusted-workspace', 'Evals can run code from the workspace, so Promptyard does not run them while the workspace is not trusted.', {
      hint: 'Trust the workspace (Workspaces: Manage Workspace Trust), then run the evals again.',
    });
  }
  const uri = promptFileArgument(arg);
  const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new PromptyardError('no-workspace', 'Open a folder with prompt files first.');
  const target = uri ? path.relative(folder.uri.fsPath, uri.fsPath) : '.';
  const cli = path.join(extensionPath, 'bin', 'promptyard.mjs');
  const terminal = vscode.window.createTerminal({ name: 'Promptyard eval', cwd: folder.uri });
  terminal.show();
  terminal.sendText(['node', cli, 'eval', target].map(quote).join(' '));
  return terminal;
}

/** Quotes an argument for the user's shell (POSIX shells or PowerShell/cmd). */
function quote(arg: string): string {
  if (/^[\w./:@=-]+$/.test(arg)) return arg;
  return process.platform === 'win32' ? `"${arg.replace(/"/g, '""')}"` : `'${arg.replace(/'/g, `'\\''`)}'`;
}

import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Promptyard', { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('promptyard.showLog', () => log.show()),
  );
  log.info('Promptyard activated');
}

export function deactivate(): void {
  // Every disposable is owned by context.subscriptions.
}

// Options and HTML of a playground webview: scripts on, command URIs off, resources only from dist/webview,
// and a fresh nonce on every render (html.ts builds the page and its CSP).
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../shared/protocol';
import { playgroundHtml } from './html';
import type { PlaygroundChannel } from './session';

export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, enableForms: false, localResourceRoots: [webviewRoot(extensionUri)] };
}

export function renderPlayground(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): void {
  const root = webviewRoot(extensionUri);
  const css = vscode.Uri.joinPath(root, 'main.css');
  webview.html = playgroundHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
    ...(existsSync(css.fsPath) ? { styleUri: webview.asWebviewUri(css).toString() } : {}),
    title,
  });
}

export function webviewChannel(webview: vscode.Webview): PlaygroundChannel {
  return {
    post: (message: HostToWebview) => void webview.postMessage(message).then(undefined, () => undefined),
    onMessage: (listener) => webview.onDidReceiveMessage(listener),
  };
}

// The playground webviews: the side view (a WebviewView in the Promptyard container) and one editor panel
// per prompt file ("Open in Playground"). Owns every session; disposing it closes them all.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONTEXT_KEYS, PANEL_VIEW_TYPE } from '../commandIds';
import type { Services } from '../services';
import type { HistoryStore } from './history';
import { PlaygroundSession, type PlaygroundChannel } from './session';
import { renderPlayground, webviewChannel, webviewOptions } from './webviewContent';

export class Playgrounds implements vscode.Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; session: PlaygroundSession }>();
  private readonly sessions = new Set<PlaygroundSession>();
  /** The session that last handled a request: the palette's "Save as Prompt File" acts on it. */
  lastActive?: PlaygroundSession;

  constructor(
    private readonly services: Services,
    private readonly history: HistoryStore,
  ) {}

  resolveView(view: vscode.WebviewView): void {
    view.webview.options = webviewOptions(this.services.context.extensionUri);
    const session = this.createSession(webviewChannel(view.webview));
    renderPlayground(view.webview, this.services.context.extensionUri, 'Promptyard Playground');
    view.onDidDispose(() => this.drop(session));
  }

  /** Opens (or reveals) the panel bound to a prompt file, beside its editor. */
  async openPanel(uri: vscode.Uri): Promise<PlaygroundSession> {
    const key = uri.toString();
    const open = this.panels.get(key);
    if (open) {
      open.panel.reveal(undefined, false);
      return open.session;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    if (!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === key)) {
      await vscode.window.showTextDocument(document, { preview: false, preserveFocus: true });
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, `Playground: ${path.basename(uri.fsPath)}`, vscode.ViewColumn.Beside, {
      ...webviewOptions(this.services.context.extensionUri),
      // Runs keep streaming while the tab is in the background.
      retainContextWhenHidden: true,
    });
    panel.iconPath = vscode.Uri.joinPath(this.services.context.extensionUri, 'media', 'icon.svg');
    const session = this.createSession(webviewChannel(panel.webview), uri);
    this.panels.set(key, { panel, session });
    renderPlayground(panel.webview, this.services.context.extensionUri, panel.title);
    panel.onDidDispose(() => {
      this.panels.delete(key);
      this.drop(session);
    });
    return session;
  }

  /** A session without a webview (tests drive the protocol with it). */
  createSession(channel: PlaygroundChannel, boundFile?: vscode.Uri): PlaygroundSession {
    const session = new PlaygroundSession({
      services: this.services,
      history: this.history,
      channel,
      ...(boundFile ? { boundFile } : {}),
      onSaved: () => void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.savedPrompt, true),
      onActive: (s) => (this.lastActive = s),
    });
    this.sessions.add(session);
    return session;
  }

  drop(session: PlaygroundSession): void {
    session.dispose();
    this.sessions.delete(session);
    if (this.lastActive === session) this.lastActive = undefined;
  }

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
    for (const session of this.sessions) session.dispose();
    this.sessions.clear();
    this.panels.clear();
  }
}

// One playground webview (the side view, or a panel bound to a prompt file) and everything it owns: the
// message router, its runs, the bound document and its listeners. Disposing the session disposes them all
// and aborts its runs.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EMPTY_PARTIALS, loadPartials, type PartialSet } from '../../core/prompts/partials';
import { PROTOCOL_VERSION, type HostToWebview, type NotificationMap, type NotificationMethod, type PlaygroundDraft } from '../../shared/protocol';
import type { Services } from '../services';
import { BoundDocument, type DocumentDraft } from './boundDocument';
import { defaultDraft, withPlaygroundState } from './draft';
import { createHandlers } from './handlers';
import type { HistoryStore } from './history';
import { MessageRouter } from './router';
import { RunManager } from './runs';

/** How a session talks to its webview; tests pass a fake one. */
export interface PlaygroundChannel {
  post(message: HostToWebview): void;
  onMessage(listener: (raw: unknown) => void): vscode.Disposable;
}

export interface SessionOptions {
  services: Services;
  history: HistoryStore;
  channel: PlaygroundChannel;
  /** A panel's prompt file; absent for the side view. */
  boundFile?: vscode.Uri;
  /** A prompt file was saved from this session (the walkthrough listens). */
  onSaved(file: vscode.Uri): void;
  /** The session handled a request (the palette's Save as Prompt File acts on the last active one). */
  onActive(session: PlaygroundSession): void;
}

export class PlaygroundSession implements vscode.Disposable {
  readonly mode: 'view' | 'panel';
  readonly bound?: BoundDocument;
  readonly runs: RunManager;
  readonly router: MessageRouter;
  /** The last draft the webview sent with any request. */
  lastDraft?: PlaygroundDraft;
  /** Messages posted to the webview so far. */
  posted = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private lastText?: string;
  private disposed = false;

  constructor(readonly options: SessionOptions) {
    const { services, channel } = options;
    this.mode = options.boundFile ? 'panel' : 'view';
    if (options.boundFile) {
      this.bound = new BoundDocument(options.boundFile, (current) => this.fileChanged(current));
      this.disposables.push(this.bound);
    }
    this.runs = new RunManager({
      resolve: (modelId) => services.resolveModel(modelId),
      partials: (file) => this.partials(file),
      notify: (method, params) => this.notify(method, params),
      recorded: (entry) => void options.history.add(entry).catch((e: unknown) => services.logger.warn(`Could not keep the run in history: ${String(e)}`)),
      file: () => this.promptFile(),
      logger: services.logger,
      spent: (result) => services.reportSpend(result),
    });
    this.router = new MessageRouter({
      handlers: createHandlers(this),
      post: (message) => this.post(message),
      onReady: () => void this.sendInit(),
      logger: services.logger,
    });
    this.disposables.push(
      channel.onMessage((raw) => this.router.receive(raw)),
      services.onDidChangeProviders(() => void this.pushModels()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.sendInit()),
    );
  }

  get services(): Services {
    return this.options.services;
  }

  get history(): HistoryStore {
    return this.options.history;
  }

  /** The prompt file a draft renders as: the bound file, or a stand-in in the workspace's prompts folder. */
  promptFile(): string {
    if (this.bound) return this.bound.file;
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return root ? path.join(root, 'prompts', 'playground.prompt.yml') : 'playground.prompt.yml';
  }

  notify<N extends NotificationMethod>(method: N, params: NotificationMap[N]): void {
    this.post({ kind: 'notification', method, params });
  }

  /** What tests compare before and after a storm of bad messages. */
  snapshot(): Record<string, unknown> {
    return {
      posted: this.posted,
      activeRuns: this.runs.activeCount,
      history: this.history.list().length,
      lastDraft: JSON.stringify(this.lastDraft ?? null),
    };
  }

  async idle(): Promise<void> {
    await this.router.idle();
    await this.runs.idle();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.runs.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private post(message: HostToWebview): void {
    if (this.disposed) return;
    this.posted++;
    this.options.channel.post(message);
  }

  private async partials(file: string): Promise<PartialSet> {
    if (!path.isAbsolute(file)) return EMPTY_PARTIALS;
    return loadPartials({ fromFile: file });
  }

  private async sendInit(): Promise<void> {
    const base = { protocolVersion: PROTOCOL_VERSION, history: this.history.list(), trusted: vscode.workspace.isTrusted };
    if (!this.bound) {
      this.notify('init', { ...base, mode: 'view', draft: defaultDraft() });
      return;
    }
    const current = await this.bound.read();
    this.lastText = current.text;
    const draft = current.draft ? withPlaygroundState(current.draft, this.lastDraft) : (this.lastDraft ?? defaultDraft());
    if (current.draft) draft.variables = current.draft.variables;
    this.notify('init', { ...base, mode: 'panel', boundFile: vscode.workspace.asRelativePath(this.bound.uri), draft });
    if (current.error) this.notify('draft/changed', { draft, error: current.error });
  }

  private fileChanged(current: DocumentDraft): void {
    if (current.text === this.lastText) return;
    this.lastText = current.text;
    if (current.draft) this.notify('draft/changed', { draft: withPlaygroundState(current.draft, this.lastDraft) });
    else this.notify('draft/changed', { draft: this.lastDraft ?? defaultDraft(), error: current.error });
  }

  private async pushModels(): Promise<void> {
    try {
      const { models, providers } = await this.services.modelOptions();
      this.notify('models/changed', { models, providers });
    } catch (error) {
      this.services.logger.warn(`Could not list models: ${String(error)}`);
    }
  }
}

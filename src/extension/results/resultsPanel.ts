// "Open Eval Results": a webview panel per prompt over its stored runs (.promptyard/runs): charts of pass
// rate per version × model over time, cost per run and latency, and a case-by-case comparison of any run
// with a baseline run. Messages from the page are parsed against src/shared/resultsProtocol.ts and dropped
// when they do not fit; the panel re-renders when a run is added.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PromptyardError } from '../../core/errors';
import { listRuns, runsDir } from '../../core/evals/store/runStore';
import { promptIdOf } from '../../core/prompts/registry/yamlKeys';
import { parseResultsMessage, type HostToResults } from '../../shared/resultsProtocol';
import { COMMANDS } from '../commandIds';
import type { Logger } from '../../core/ports';
import { describeError } from '../logger';
import { webviewOptions, webviewRoot } from '../playground/webviewContent';
import type { Registries } from '../prompts/registries';
import { comparePromptRuns, loadPromptResults, type PromptResults } from './resultsData';
import { resultsHtml } from './resultsHtml';

export const RESULTS_VIEW_TYPE = 'promptyard.evalResults';
const RUNS_CHECK_MS = 4_000;

interface Subject {
  workspace: string;
  promptId: string;
  /** Released versions by sha256, to name the working file's records after the release they match. */
  versionsBySha: Map<string, string>;
}

class ResultsPanel implements vscode.Disposable {
  results: PromptResults | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private renderedStamp: number | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly subject: Subject,
    private readonly extensionUri: vscode.Uri,
    private readonly logger: Logger,
  ) {
    this.disposables.push(panel.webview.onDidReceiveMessage((raw: unknown) => void this.handle(raw).then((reply) => reply && panel.webview.postMessage(reply))));
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(subject.workspace, '.promptyard/runs/*/meta.json'));
    const later = () => {
      if (this.timer === undefined) this.timer = setTimeout(() => ((this.timer = undefined), void this.render().catch((e: unknown) => this.logger.warn(`Eval results: ${describeError(e)}`))), 500);
    };
    watcher.onDidCreate(later);
    watcher.onDidChange(later);
    // Watchers can miss events: while the panel shows, a new run folder (the runs folder's mtime) also counts.
    const check = setInterval(() => {
      if (panel.visible) void this.runsStamp().then((stamp) => stamp !== this.renderedStamp && later());
    }, RUNS_CHECK_MS);
    this.disposables.push(watcher, { dispose: () => clearInterval(check) });
  }

  /** The runs folder's mtime: it changes when a run folder is added or removed. */
  private runsStamp(): Promise<number | undefined> {
    return Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.file(runsDir(this.subject.workspace)))).then(
      (s) => s.mtime,
      () => undefined,
    );
  }

  async render(): Promise<void> {
    this.renderedStamp = await this.runsStamp();
    this.results = await loadPromptResults(this.subject.workspace, this.subject.promptId, { versionsBySha: this.subject.versionsBySha });
    const script = vscode.Uri.joinPath(webviewRoot(this.extensionUri), 'results.js');
    this.panel.webview.html = resultsHtml(this.results, { cspSource: this.panel.webview.cspSource, scriptUri: this.panel.webview.asWebviewUri(script).toString() });
  }

  /** One message from the page: the reply to post, or undefined when it was dropped. */
  async handle(raw: unknown): Promise<HostToResults | undefined> {
    const message = parseResultsMessage(raw);
    if (!message) {
      this.logger.debug('Eval results: dropped a message that does not fit the protocol');
      return undefined;
    }
    try {
      const params = message.params as { runId: string; baselineRunId?: string };
      const known = new Set(this.results?.runs.map((r) => r.runId));
      for (const runId of [params.runId, params.baselineRunId]) {
        if (runId !== undefined && !known.has(runId)) throw new PromptyardError('unknown-run', `${runId} is not a stored run of ${this.subject.promptId}`, { hint: 'Pick a run from the list.' });
      }
      if (message.method === 'results/compare') {
        const result = await comparePromptRuns(this.subject.workspace, this.subject.promptId, params.runId, params.baselineRunId!, this.subject.versionsBySha);
        return { kind: 'response', id: message.id, result };
      }
      await vscode.commands.executeCommand(COMMANDS.openEvalReport, { workspace: this.subject.workspace, runId: params.runId });
      return { kind: 'response', id: message.id, result: { opened: true } };
    } catch (error) {
      const hint = error instanceof PromptyardError ? error.hint : undefined;
      return { kind: 'response', id: message.id, error: { message: describeError(error), ...(hint ? { hint } : {}) } };
    }
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.disposables.forEach((d) => d.dispose());
    this.panel.dispose();
  }
}

export class ResultsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, ResultsPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly registries: Registries,
    private readonly logger: Logger,
  ) {}

  /** Opens (or reveals and refreshes) the results of the prompt `arg` names; returns what it shows. */
  async open(arg?: unknown): Promise<{ promptId: string; workspace: string; runs: string[] } | undefined> {
    const subject = await this.subjectOf(arg);
    if (!subject) return undefined;
    const key = `${subject.workspace}\u0000${subject.promptId}`;
    let entry = this.panels.get(key);
    if (entry) entry.panel.reveal();
    else {
      const panel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, `Eval results: ${subject.promptId}`, vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
      panel.iconPath = new vscode.ThemeIcon('graph-line');
      entry = new ResultsPanel(panel, subject, this.extensionUri, this.logger);
      this.panels.set(key, entry);
      const created = entry;
      panel.onDidDispose(() => {
        if (this.panels.get(key) === created) this.panels.delete(key);
        created.dispose();
      });
    }
    await entry.render();
    return { promptId: subject.promptId, workspace: subject.workspace, runs: entry.results?.runs.map((r) => r.runId) ?? [] };
  }

  /** The open panel of a prompt (for the extension-host tests). */
  panel(promptId: string): { html: string; handle(raw: unknown): Promise<HostToResults | undefined> } | undefined {
    const entry = [...this.panels.entries()].find(([key]) => key.endsWith(`\u0000${promptId}`))?.[1];
    return entry && { html: entry.panel.webview.html, handle: (raw) => entry.handle(raw) };
  }

  dispose(): void {
    for (const entry of this.panels.values()) entry.dispose();
    this.panels.clear();
  }

  private async subjectOf(arg: unknown): Promise<Subject | undefined> {
    const node = arg as { kind?: unknown; uri?: unknown; id?: unknown } | undefined;
    let file: vscode.Uri | undefined;
    if (arg instanceof vscode.Uri) file = arg;
    else if (node && (node.kind === 'file' || node.kind === 'version') && node.uri instanceof vscode.Uri) file = node.uri;
    else {
      const active = vscode.window.activeTextEditor?.document.uri;
      if (active?.scheme === 'file' && /\.prompt\.ya?ml$/i.test(active.path)) file = active;
    }
    if (file) {
      const workspace = vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath ?? path.dirname(file.fsPath);
      const promptId = node?.kind === 'version' && typeof node.id === 'string' ? node.id : promptIdOf((await vscode.workspace.fs.readFile(file)).toString(), file.fsPath);
      return { workspace, promptId, versionsBySha: this.versionsBySha(this.registries.rootOf(file), promptId) };
    }
    return this.pickPrompt();
  }

  /** No prompt file at hand: pick one of the prompts the stored runs hold. */
  private async pickPrompt(): Promise<Subject | undefined> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const items: Array<vscode.QuickPickItem & { workspace: string; promptId: string }> = [];
    for (const workspace of folders) {
      const counts = new Map<string, number>();
      for (const meta of await listRuns(workspace)) for (const id of new Set(meta.promptVersions.map((p) => p.id))) counts.set(id, (counts.get(id) ?? 0) + 1);
      for (const [promptId, n] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
        items.push({ label: promptId, description: `${n} run${n === 1 ? '' : 's'}`, detail: folders.length > 1 ? workspace : undefined, workspace, promptId });
      }
    }
    if (items.length === 0) {
      void vscode.window.showInformationMessage('No stored eval runs in this workspace yet: run evals from the Test Explorer or the "Run evals" CodeLens first.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(items, { title: 'Open the eval results of which prompt?' });
    if (!picked) return undefined;
    // The registry of the folder itself (a prompt file directly in it would have this root).
    const root = this.registries.rootOf(vscode.Uri.file(path.join(picked.workspace, 'any.prompt.yml')));
    return { workspace: picked.workspace, promptId: picked.promptId, versionsBySha: this.versionsBySha(root, picked.promptId) };
  }

  private versionsBySha(root: string, promptId: string): Map<string, string> {
    try {
      const versions = this.registries.registry(root).lock().prompts[promptId]?.versions ?? {};
      return new Map(Object.entries(versions).map(([version, record]) => [record.sha256, version]));
    } catch (error) {
      this.logger.warn(`Eval results: the lock file of ${root} could not be read (${describeError(error)}); unreleased runs are shown as the working copy.`);
      return new Map();
    }
  }
}

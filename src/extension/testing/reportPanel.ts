// "Open Eval Report": a stored run as core's HTML report in a webview (the report's own CSP allows no
// network and only its nonce'd script; the webview gets no local resources and no command links). From a
// failure in the test peek, the run of that failure; else the last run, or one picked from the stored runs.
// "Show Eval History": the stored runs of one prompt file, newest first.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PromptyardError } from '../../core/errors';
import { isRunId, listRuns, runDir } from '../../core/evals/store/runStore';
import type { RunMeta } from '../../core/evals/types';
import { messageRuns, runIdOfContext, type RunLink } from './runSink';
import { renderStoredRun, runsOfSuites } from './storedReport';

export const REPORT_VIEW_TYPE = 'promptyard.evalReport';

export class ReportPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(private readonly lastRun: () => RunLink | undefined) {}

  /** Opens the report of the run `arg` points at; returns the run shown, or undefined when nothing was picked. */
  async open(arg?: unknown): Promise<RunLink | undefined> {
    const link = linkOf(arg) ?? this.lastRun() ?? (await pickRun(await allRuns(), 'Open the report of which eval run?'));
    if (!link) return undefined;
    const key = `${link.workspace}\u0000${link.runId}`;
    const { meta, html } = await renderStoredRun(link.workspace, link.runId);
    let panel = this.panels.get(key);
    if (panel) panel.reveal();
    else {
      panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, `Eval report ${meta.runId}`, vscode.ViewColumn.Active, { enableScripts: true, enableCommandUris: false, localResourceRoots: [] });
      this.panels.set(key, panel);
      panel.onDidDispose(() => this.panels.delete(key));
    }
    panel.webview.html = html;
    return link;
  }

  /** The eval runs of a prompt file (or the active editor's), to open one. */
  async history(arg?: unknown): Promise<RunLink | undefined> {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri) throw new PromptyardError('no-prompt-file', 'No prompt file.', { hint: 'Open a prompt file, then run "Show Eval History" again.' });
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
    const runs = (await runsOfSuites(folder, [uri.fsPath])).map((meta) => ({ workspace: folder, meta }));
    if (runs.length === 0) {
      void vscode.window.showInformationMessage(`No eval runs of ${path.basename(uri.fsPath)} yet: run its evals from the Test Explorer or the "Run evals" CodeLens.`);
      return undefined;
    }
    const link = await pickRun(runs, `Eval runs of ${path.basename(uri.fsPath)}`);
    return link ? this.open(link) : undefined;
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
  }
}

function linkOf(arg: unknown): RunLink | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { message } = arg as { message?: unknown };
  if (message instanceof vscode.TestMessage) return messageRuns.get(message) ?? linkOfContext(message.contextValue);
  const { workspace, runId } = arg as Partial<RunLink>;
  return typeof workspace === 'string' && typeof runId === 'string' ? { workspace, runId } : undefined;
}

/** The run a result message names, in the workspace folder that holds it. */
function linkOfContext(contextValue: string | undefined): RunLink | undefined {
  const runId = runIdOfContext(contextValue);
  if (!runId || !isRunId(runId)) return undefined;
  const folder = (vscode.workspace.workspaceFolders ?? []).find((f) => f.uri.scheme === 'file' && existsSync(runDir(f.uri.fsPath, runId)));
  return folder ? { workspace: folder.uri.fsPath, runId } : undefined;
}

async function allRuns(): Promise<Array<{ workspace: string; meta: RunMeta }>> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const lists = await Promise.all(folders.map(async (workspace) => (await listRuns(workspace)).map((meta) => ({ workspace, meta }))));
  return lists.flat().sort((a, b) => b.meta.createdAt.localeCompare(a.meta.createdAt));
}

async function pickRun(runs: Array<{ workspace: string; meta: RunMeta }>, title: string): Promise<RunLink | undefined> {
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('No stored eval runs in this workspace yet: run evals from the Test Explorer first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    runs.map((r) => ({
      label: new Date(r.meta.createdAt).toLocaleString(),
      description: `${r.meta.total} case${r.meta.total === 1 ? '' : 's'} · ${r.meta.models.join(', ')} · ${r.meta.status}`,
      detail: `${r.meta.runId} · ${r.meta.suites.join(', ')}`,
      run: { workspace: r.workspace, runId: r.meta.runId },
    })),
    { title, matchOnDetail: true },
  );
  return picked?.run;
}

// The Prompts view: every prompt file of the workspace, grouped by folder. It only lists files (no parsing),
// so it lives in the small bundle; the list is read when the view first shows and kept fresh by a watcher.
import * as vscode from 'vscode';

export const PROMPT_FILE_GLOB = '**/*.prompt.{yml,yaml}';
const EXCLUDE_GLOB = '**/{node_modules,.git,.versions,.promptyard,dist,out}/**';
const MAX_FILES = 5_000;

export type PromptsNode = { kind: 'folder'; label: string; files: vscode.Uri[] } | { kind: 'file'; uri: vscode.Uri };

export class PromptsTreeProvider implements vscode.TreeDataProvider<PromptsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PromptsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private watcher: vscode.FileSystemWatcher | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  /** Lists the files again (the Refresh button; the watcher calls it too, debounced). */
  refresh(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.changed.fire(undefined);
  }

  async getChildren(node?: PromptsNode): Promise<PromptsNode[]> {
    if (node?.kind === 'folder') return node.files.map((uri) => ({ kind: 'file', uri }));
    if (node) return [];
    this.watch();
    const files = await vscode.workspace.findFiles(PROMPT_FILE_GLOB, EXCLUDE_GLOB, MAX_FILES);
    return groupByFolder(files);
  }

  getTreeItem(node: PromptsNode): vscode.TreeItem {
    if (node.kind === 'folder') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = vscode.ThemeIcon.Folder;
      item.contextValue = 'promptyard.promptFolder';
      return item;
    }
    const item = new vscode.TreeItem(node.uri, vscode.TreeItemCollapsibleState.None);
    item.contextValue = 'promptyard.promptFile';
    item.tooltip = vscode.workspace.asRelativePath(node.uri);
    item.command = { command: 'vscode.open', title: 'Open', arguments: [node.uri] };
    return item;
  }

  dispose(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.watcher?.dispose();
    this.changed.dispose();
  }

  private watch(): void {
    if (this.watcher) return;
    this.watcher = vscode.workspace.createFileSystemWatcher(PROMPT_FILE_GLOB, false, true, false);
    const later = () => {
      if (this.refreshTimer === undefined) this.refreshTimer = setTimeout(() => this.refresh(), 300);
    };
    this.watcher.onDidCreate(later);
    this.watcher.onDidDelete(later);
  }
}

/** Folders in path order, files by name; a multi-root workspace prefixes the folder's name. */
export function groupByFolder(files: readonly vscode.Uri[]): PromptsNode[] {
  const groups = new Map<string, vscode.Uri[]>();
  for (const uri of files) {
    const relative = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
    const slash = relative.lastIndexOf('/');
    const folder = slash >= 0 ? relative.slice(0, slash) : '.';
    const list = groups.get(folder) ?? [];
    list.push(uri);
    groups.set(folder, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, list]) => ({ kind: 'folder', label, files: list.sort((x, y) => x.path.localeCompare(y.path)) }));
}

/** The prompt file a command was invoked on: a tree node, an explorer Uri, or the active editor's file. */
export function promptFileArgument(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'object' && arg !== null && (arg as PromptsNode).kind === 'file' && (arg as { uri?: unknown }).uri instanceof vscode.Uri) {
    return (arg as { uri: vscode.Uri }).uri;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  return active && /\.prompt\.ya?ml$/i.test(active.path) ? active : undefined;
}

// The Prompts view: every prompt file of the workspace, grouped by folder, and under each released file its
// versions with their labels. Listing files needs no parsing, so the tree lives in the small bundle; the
// versions come from the registry in the features bundle (`describeVersions`). Watchers keep it fresh: prompt
// files created, deleted or saved, and every prompts/prompts.lock.json.
import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import type { PromptVersionsInfo, VersionEntry } from './prompts/versionTypes';

export const PROMPT_FILE_GLOB = '**/*.prompt.{yml,yaml}';
const EXCLUDE_GLOB = '**/{node_modules,.git,.versions,.promptyard,dist,out}/**';
const MAX_FILES = 5_000;
export const LOCK_FILE_GLOB = '**/prompts/prompts.lock.json';
/** File watchers can miss events (new folders, network drives, containers): lock files are also re-stat'ed. */
const LOCK_CHECK_MS = 4_000;

export type PromptsNode =
  | { kind: 'folder'; label: string; files: vscode.Uri[] }
  | { kind: 'file'; uri: vscode.Uri }
  | { kind: 'version'; uri: vscode.Uri; root: string; id: string; entry: VersionEntry };

export type DescribeVersions = (files: readonly vscode.Uri[]) => Promise<Map<string, PromptVersionsInfo>>;

export class PromptsTreeProvider implements vscode.TreeDataProvider<PromptsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PromptsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private watcher: vscode.FileSystemWatcher | undefined;
  private lockWatcher: vscode.FileSystemWatcher | undefined;
  /** One watcher per registry root's lock file: the workspace-wide glob can miss files in folders made later. */
  private readonly rootWatchers = new Map<string, vscode.FileSystemWatcher>();
  private saves: vscode.Disposable | undefined;
  private lockCheck: ReturnType<typeof setInterval> | undefined;
  /** Registry root → its lock file's mtime and size when last looked at. */
  private readonly lockStamps = new Map<string, string>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private versions = new Map<string, PromptVersionsInfo>();

  constructor(private readonly describeVersions?: DescribeVersions) {}

  /** Lists the files again (the Refresh button; the watcher calls it too, debounced). */
  refresh(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.changed.fire(undefined);
  }

  async getChildren(node?: PromptsNode): Promise<PromptsNode[]> {
    if (node?.kind === 'folder') return node.files.map((uri) => ({ kind: 'file', uri }));
    if (node?.kind === 'file') {
      const info = this.versions.get(node.uri.fsPath);
      return (info?.versions ?? []).map((entry) => ({ kind: 'version', uri: node.uri, root: info!.root, id: info!.id, entry }));
    }
    if (node) return [];
    this.watch();
    const files = await vscode.workspace.findFiles(PROMPT_FILE_GLOB, EXCLUDE_GLOB, MAX_FILES);
    // A registry that cannot be read (a broken lock file) leaves the files listed, without versions.
    this.versions = (await this.describeVersions?.(files).catch(() => undefined)) ?? new Map();
    for (const info of this.versions.values()) this.watchRoot(info.root);
    await this.checkLockFiles();
    if (this.versions.size > 0) this.lockCheck ??= setInterval(() => void this.checkLockFiles(), LOCK_CHECK_MS);
    return groupByFolder(files);
  }

  /** The released versions of a listed file, as the tree last read them. */
  versionsOf(file: vscode.Uri): PromptVersionsInfo | undefined {
    return this.versions.get(file.fsPath);
  }

  getTreeItem(node: PromptsNode): vscode.TreeItem {
    if (node.kind === 'folder') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = vscode.ThemeIcon.Folder;
      item.contextValue = 'promptyard.promptFolder';
      return item;
    }
    if (node.kind === 'version') return versionItem(node);
    const info = this.versions.get(node.uri.fsPath);
    const released = (info?.versions.length ?? 0) > 0;
    const item = new vscode.TreeItem(node.uri, released ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.contextValue = 'promptyard.promptFile';
    item.tooltip = vscode.workspace.asRelativePath(node.uri);
    if (info && released) {
      item.description = fileDescription(info);
      item.tooltip = `${item.tooltip}\n${info.id}: ${info.versions.length} released version${info.versions.length === 1 ? '' : 's'}${info.status === 'changed' ? `, edited since ${info.latest}` : ''}`;
    }
    item.command = { command: 'vscode.open', title: 'Open', arguments: [node.uri] };
    return item;
  }

  dispose(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.watcher?.dispose();
    this.lockWatcher?.dispose();
    this.rootWatchers.forEach((w) => w.dispose());
    this.saves?.dispose();
    if (this.lockCheck !== undefined) clearInterval(this.lockCheck);
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
    // A saved prompt file may now differ from its latest release (or match it again).
    this.watcher.onDidChange((uri) => this.versions.has(uri.fsPath) && later());
    this.saves = vscode.workspace.onDidSaveTextDocument((d) => this.versions.has(d.uri.fsPath) && later());
    this.lockWatcher = this.lockFileWatcher(LOCK_FILE_GLOB);
  }

  private watchRoot(root: string): void {
    if (!this.rootWatchers.has(root)) this.rootWatchers.set(root, this.lockFileWatcher(new vscode.RelativePattern(vscode.Uri.file(`${root}/prompts`), 'prompts.lock.json')));
  }

  /** Refreshes when a known lock file changed since it was last looked at, whether or not a watcher said so. */
  private async checkLockFiles(): Promise<void> {
    const roots = new Set([...this.versions.values()].map((info) => info.root));
    let changed = false;
    for (const root of roots) {
      const stamp = await vscode.workspace.fs.stat(vscode.Uri.file(`${root}/prompts/prompts.lock.json`)).then(
        (s) => `${s.mtime}:${s.size}`,
        () => 'missing',
      );
      const before = this.lockStamps.get(root);
      this.lockStamps.set(root, stamp);
      if (before !== undefined && before !== stamp) changed = true;
    }
    if (changed && this.refreshTimer === undefined) this.refreshTimer = setTimeout(() => this.refresh(), 300);
  }

  private lockFileWatcher(pattern: vscode.GlobPattern): vscode.FileSystemWatcher {
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const later = () => {
      if (this.refreshTimer === undefined) this.refreshTimer = setTimeout(() => this.refresh(), 300);
    };
    watcher.onDidCreate(later);
    watcher.onDidChange(later);
    watcher.onDidDelete(later);
    return watcher;
  }
}

function versionItem(node: Extract<PromptsNode, { kind: 'version' }>): vscode.TreeItem {
  const { entry } = node;
  const item = new vscode.TreeItem(entry.version, vscode.TreeItemCollapsibleState.None);
  const date = entry.createdAt.slice(0, 10);
  item.description = entry.labels.length ? `${entry.labels.join(', ')} · ${date}` : date;
  item.tooltip = [`${node.id} ${entry.version}`, entry.labels.length ? `labels: ${entry.labels.join(', ')}` : '', `released ${entry.createdAt}${entry.author ? ` by ${entry.author}` : ''}`, entry.message]
    .filter(Boolean)
    .join('\n');
  item.iconPath = new vscode.ThemeIcon(entry.labels.length ? 'tag' : 'git-commit');
  item.contextValue = 'promptyard.promptVersion';
  item.id = `${node.root}\u0000${node.id}@${entry.version}`;
  item.command = { command: COMMANDS.diffPromptVersions, title: 'Compare with the working file', arguments: [node, 'working'] };
  return item;
}

/** `production 1.1.0 · staging 1.2.0`, and whether the file has unreleased edits. */
function fileDescription(info: PromptVersionsInfo): string {
  const labels = Object.entries(info.labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, version]) => `${label} ${version}`);
  const parts = labels.length ? labels : [`${info.latest}`];
  if (info.status === 'changed') parts.push('edited');
  return parts.join(' · ');
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

// The Test Explorer's discovery, lazy and kept current: nothing is read until VS Code first asks for the
// tree (resolveHandler); then every workspace folder is searched one file at a time (discovery.ts), and from
// then on created, changed and deleted files (a file watcher) and unsaved edits of open documents reload the
// suites they touch, batched after a short pause.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { discoverSuites, SKIPPED_FOLDERS } from '../../core/evals/suites/discover';
import { suiteKindOfName } from '../../core/evals/suites/loadSuite';
import type { Services } from '../services';
import { discoverEvalTree, loadSuiteNode, suiteKindOf, type LoadOptions, type ReadText } from './discovery';
import type { SuiteNode } from './evalTree';
import { EvalTestTree } from './testTree';

const WATCH_GLOB = '**/*.{yml,yaml,json,jsonl,csv,tsv,prompty,txt,md}';
const WATCHED_FILE = /\.(ya?ml|json|jsonl|csv|tsv|prompty|txt|md)$/i;
const DEBOUNCE_MS = 250;

export class EvalTests implements vscode.Disposable {
  readonly tree: EvalTestTree;
  private discovery: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private watching = false;
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<string>();
  /** A suite file was added, reloaded or removed (CodeLens listens). */
  readonly onDidChangeSuite = this.changed.event;

  constructor(
    readonly controller: vscode.TestController,
    private readonly services: Services,
  ) {
    this.tree = new EvalTestTree(controller);
    this.disposables.push(this.changed);
  }

  /** The controller's resolveHandler: the whole tree on first call (children come with their suite). */
  resolve(item: vscode.TestItem | undefined): Promise<void> {
    if (item) return Promise.resolve();
    return this.discovered();
  }

  /** Resolves when the first discovery is over (starting it if nobody asked yet). */
  discovered(): Promise<void> {
    if (!this.discovery) {
      this.watch();
      this.discovery = this.discover();
    }
    return this.discovery;
  }

  /** The refresh button: forget everything and search again. */
  async refresh(): Promise<void> {
    await this.discovery?.catch(() => undefined);
    this.tree.clear();
    this.discovery = this.discover();
    await this.discovery;
  }

  /** The suite of one file (a CodeLens asks for the document it shows): loaded now if discovery has not reached it. */
  async suiteOf(file: string): Promise<SuiteNode | undefined> {
    void this.discovered();
    await this.flushing;
    const known = this.tree.suite(file);
    if (known) return known;
    await this.reload(file);
    return this.tree.suite(file);
  }

  /** Waits for the first discovery (starting it) and for the edits seen so far to be applied to the tree. */
  async settled(): Promise<void> {
    await this.discovered();
    if (this.timer !== undefined) this.flush();
    await this.flushing;
  }

  /** Reads a file as the editor shows it: an open document's unsaved text, else the disk. */
  readonly readText: ReadText = (file) => {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
    return open ? Promise.resolve(open.getText()) : readFile(file, 'utf8');
  };

  loadOptions(): LoadOptions {
    return { readText: this.readText, endpoints: this.services.config.endpoints };
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private async discover(): Promise<void> {
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const started = performance.now();
    const { stats } = await discoverEvalTree(roots, {
      ...this.loadOptions(),
      onSuite: (node) => {
        this.tree.set(node);
        this.changed.fire(node.file);
      },
    });
    this.services.logger.info(`Test Explorer: ${stats.suites} eval suites, ${stats.cases} cases found in ${(performance.now() - started).toFixed(0)} ms`);
  }

  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    const watcher = vscode.workspace.createFileSystemWatcher(WATCH_GLOB);
    const queue = (uri: vscode.Uri) => uri.scheme === 'file' && !isSkipped(uri.fsPath) && this.queue(uri.fsPath);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(queue),
      watcher.onDidChange(queue),
      watcher.onDidDelete(queue),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.isRelevant(e.document.uri) && queue(e.document.uri)),
      // Closing a document without saving drops its unsaved text: read the file again.
      vscode.workspace.onDidCloseTextDocument((d) => this.isRelevant(d.uri) && queue(d.uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
      // The cases that run code lose their "not run until you trust the workspace".
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.tree.allSuites().forEach((suite) => this.tree.set(suite))),
    );
    // A folder created or deleted as a whole (a checkout, a copy, `rm -r`) can come as one event for the folder.
    const folders = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    const isFolderEvent = (uri: vscode.Uri) => uri.scheme === 'file' && !isSkipped(uri.fsPath) && !WATCHED_FILE.test(uri.fsPath);
    this.disposables.push(
      folders,
      folders.onDidCreate((uri) => isFolderEvent(uri) && void this.queueFolder(uri.fsPath)),
      folders.onDidDelete((uri) => {
        if (!isFolderEvent(uri)) return;
        const inside = uri.fsPath + path.sep;
        for (const suite of this.tree.allSuites()) if (suite.file.startsWith(inside)) this.queue(suite.file);
      }),
    );
  }

  /** The suites in a new folder. */
  private async queueFolder(dir: string): Promise<void> {
    const isFolder = await stat(dir).then((s) => s.isDirectory(), () => false);
    if (!isFolder) return;
    for (const { file } of await discoverSuites(dir, { readText: this.readText })) this.queue(file);
  }

  /** A file the tree reads, or one whose name makes it a suite. */
  private isRelevant(uri: vscode.Uri): boolean {
    if (uri.scheme !== 'file') return false;
    const file = uri.fsPath;
    if (this.tree.suite(file) || this.tree.dependentsOf(file).length > 0) return true;
    const kind = suiteKindOfName(file);
    return kind !== undefined && kind !== 'yaml';
  }

  private queue(file: string): void {
    this.pending.add(file);
    if (this.timer === undefined) this.timer = setTimeout(() => this.flush(), DEBOUNCE_MS);
  }

  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const files = [...this.pending];
    this.pending.clear();
    this.flushing = this.flushing.then(async () => {
      // After the first discovery, so an edit is never overwritten by the text discovery read before it.
      await this.discovery?.catch(() => undefined);
      const targets = new Set<string>();
      for (const file of files) {
        targets.add(file);
        for (const suite of this.tree.dependentsOf(file)) targets.add(suite);
      }
      for (const file of targets) {
        await this.reload(file).catch((e: unknown) => this.services.logger.warn(`Test Explorer: could not reload ${file}: ${String(e)}`));
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    });
  }

  /** Loads one file again: added or replaced when it is a suite, removed when it no longer is (or is gone). */
  private async reload(file: string): Promise<void> {
    const options = this.loadOptions();
    const kind = await suiteKindOf(file, options).catch(() => undefined);
    if (!kind) {
      if (this.tree.suite(file)) {
        this.tree.delete(file);
        this.changed.fire(file);
      }
      return;
    }
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
    this.tree.set(await loadSuiteNode(file, folder?.uri.fsPath ?? path.dirname(file), kind, options));
    this.changed.fire(file);
  }
}

function isSkipped(file: string): boolean {
  return file.split(/[\\/]/).some((segment) => SKIPPED_FOLDERS.has(segment));
}

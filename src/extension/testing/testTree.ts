// The tree nodes (evalTree.ts) as TestItems of the controller, and back: a WeakMap from each TestItem to its
// node, and the suites by file with the files each one reads, so an edit to a dataset reloads its suites.
import * as vscode from 'vscode';
import type { CaseNode, EvalNode, NodeRange, SuiteNode, TargetNode } from './evalTree';

export class EvalTestTree {
  private readonly nodes = new WeakMap<vscode.TestItem, EvalNode>();
  private readonly suites = new Map<string, SuiteNode>();
  /** A file read by suites (a dataset, a prompt of a promptfoo config) → those suites' files. */
  private readonly dependents = new Map<string, Set<string>>();

  constructor(private readonly controller: vscode.TestController) {}

  nodeOf(item: vscode.TestItem): EvalNode | undefined {
    return this.nodes.get(item);
  }

  suite(file: string): SuiteNode | undefined {
    return this.suites.get(file);
  }

  allSuites(): SuiteNode[] {
    return [...this.suites.values()];
  }

  /** Suites that read `file` besides their own. */
  dependentsOf(file: string): string[] {
    return [...(this.dependents.get(file) ?? [])];
  }

  /** Adds the suite, or replaces it and its cases (ids that stay keep their results in the Test Explorer). */
  set(node: SuiteNode): void {
    this.forgetDependencies(node.file);
    this.suites.set(node.file, node);
    for (const dep of node.dependencies) (this.dependents.get(dep) ?? this.dependents.set(dep, new Set()).get(dep)!).add(node.file);
    const item = this.controller.items.get(node.id) ?? this.controller.createTestItem(node.id, node.label, vscode.Uri.file(node.file));
    item.label = node.label;
    item.description = node.description;
    item.range = new vscode.Range(0, 0, 0, 0);
    item.error = node.error ? new vscode.MarkdownString().appendText(`Cannot load this suite: ${node.error}`) : undefined;
    this.nodes.set(item, node);
    item.children.replace(node.cases.map((c, i) => this.caseItem(c, i)));
    this.controller.items.add(item);
  }

  delete(file: string): void {
    this.forgetDependencies(file);
    this.suites.delete(file);
    this.controller.items.delete(file);
  }

  clear(): void {
    this.suites.clear();
    this.dependents.clear();
    this.controller.items.replace([]);
  }

  /** The TestItem of a node id (suite, case or target), when it is in the tree. */
  item(nodeId: string, suiteFile: string): vscode.TestItem | undefined {
    const suite = this.controller.items.get(suiteFile);
    if (!suite || nodeId === suiteFile) return suite;
    let found: vscode.TestItem | undefined;
    suite.children.forEach((c) => {
      if (found) return;
      if (c.id === nodeId) found = c;
      else found = c.children.get(nodeId);
    });
    return found;
  }

  private caseItem(node: CaseNode, index: number): vscode.TestItem {
    const item = this.controller.createTestItem(node.id, node.label, vscode.Uri.file(node.file));
    // In an untrusted workspace a case that runs code is not run: say so before anyone tries.
    const refused = node.needsCode && !vscode.workspace.isTrusted;
    const description = refused ? [node.description, UNTRUSTED_NOTE].filter(Boolean).join(' · ') : node.description;
    if (description) item.description = description;
    if (node.range) item.range = toRange(node.range);
    item.sortText = String(index).padStart(6, '0');
    if (node.needsCode) item.tags = [CODE_TAG];
    this.nodes.set(item, node);
    item.children.replace(node.targets.map((t, i) => this.targetItem(t, i)));
    return item;
  }

  private targetItem(node: TargetNode, index: number): vscode.TestItem {
    const item = this.controller.createTestItem(node.id, node.label, vscode.Uri.file(node.file));
    if (node.range) item.range = toRange(node.range);
    item.sortText = String(index).padStart(4, '0');
    this.nodes.set(item, node);
    return item;
  }

  private forgetDependencies(file: string): void {
    for (const dep of this.suites.get(file)?.dependencies ?? []) {
      const set = this.dependents.get(dep);
      set?.delete(file);
      if (set?.size === 0) this.dependents.delete(dep);
    }
  }
}

/** Shown beside a case that runs code while the workspace is not trusted. */
export const UNTRUSTED_NOTE = 'runs code: not run until you trust the workspace';

/** Cases that run code carry this tag (filter the Test Explorer with `@promptyard.evals:runsCode`). */
const CODE_TAG = new vscode.TestTag('runsCode');

export function toRange(r: NodeRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
}

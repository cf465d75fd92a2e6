// Prompt versions and eval results as the features bundle composes them (features.ts calls this once): the
// registries of the workspace, the version commands, the snapshot documents, the results panels and the
// hooks the extension-host tests use.
import * as vscode from 'vscode';
import type { PromptsTreeProvider } from '../promptsTree';
import { ResultsPanels } from '../results/resultsPanel';
import type { Services } from '../services';
import { Registries } from './registries';
import { versionCommands, type VersionCommand } from './versionCommands';
import type { TreeItemSnapshot, VersionTestingHooks } from './versionTestingHooks';
import type { VersionsFeatures } from './versionTypes';

export interface ComposedVersions extends vscode.Disposable {
  readonly features: VersionsFeatures;
  readonly commands: Record<VersionCommand | 'openEvalResults', (...args: unknown[]) => Promise<unknown>>;
  testingHooks(): VersionTestingHooks;
}

export function composeVersions(services: Services, tree: PromptsTreeProvider): ComposedVersions {
  const registries = new Registries(services.logger);
  const results = new ResultsPanels(services.context.extensionUri, registries, services.logger);
  let refreshes = 0;
  const counter = tree.onDidChangeTreeData(() => void refreshes++);
  return {
    features: {
      describe: (files) => registries.describe(files),
      snapshotText: (uri) => registries.snapshotText(uri),
    },
    commands: {
      ...versionCommands(registries),
      openEvalResults: (arg) => results.open(arg),
    },
    testingHooks: () => ({
      tree: () => snapshotTree(tree),
      treeRefreshes: () => refreshes,
      results: (promptId) => results.panel(promptId),
    }),
    dispose: () => {
      counter.dispose();
      results.dispose();
    },
  };
}

async function snapshotTree(tree: PromptsTreeProvider, node?: Parameters<PromptsTreeProvider['getChildren']>[0]): Promise<TreeItemSnapshot[]> {
  const out: TreeItemSnapshot[] = [];
  for (const child of await tree.getChildren(node)) {
    const item = tree.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? (item.resourceUri ? item.resourceUri.path.split('/').pop()! : ''));
    out.push({
      label,
      ...(typeof item.description === 'string' ? { description: item.description } : {}),
      ...(item.contextValue ? { contextValue: item.contextValue } : {}),
      children: item.collapsibleState === vscode.TreeItemCollapsibleState.None ? [] : await snapshotTree(tree, child),
    });
  }
  return out;
}

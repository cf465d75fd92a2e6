// The prompt registries of the open workspace, one per registry root, for the Prompts tree, the snapshot
// documents and the version commands. A prompt file's root is the nearest folder from the file up to its
// workspace folder that holds prompts/ or a promptyard.config.yaml (as the CLI finds it), else the workspace
// folder itself: a registry never reaches outside the folder the user opened.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PromptyardError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import { openRegistry, type Registry } from '../../core/prompts/registry/registry';
import type { PromptSummary } from '../../core/prompts/registry/read';
import { findWorkspaceRoot, workspaceRelative } from '../../core/prompts/registry/workspace';
import { describeError } from '../logger';
import type { PromptVersionsInfo } from './versionTypes';
import { parseVersionUri } from './versionUri';

export class Registries {
  private readonly open = new Map<string, Registry>();

  constructor(private readonly logger: Logger) {}

  rootOf(file: vscode.Uri): string {
    const folder = vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath;
    const found = findWorkspaceRoot(path.dirname(file.fsPath));
    return folder !== undefined && !isInside(folder, found) ? folder : found;
  }

  registry(root: string): Registry {
    let registry = this.open.get(root);
    if (!registry) {
      registry = openRegistry(root);
      this.open.set(root, registry);
    }
    return registry;
  }

  /** The registry entry of a prompt file (released or not), by its path relative to the root. */
  async summaryOf(file: vscode.Uri): Promise<{ root: string; registry: Registry; summary?: PromptSummary; rel: string }> {
    const root = this.rootOf(file);
    const registry = this.registry(root);
    const rel = workspaceRelative(root, file.fsPath);
    const summary = (await registry.list()).find((s) => s.file === rel);
    return { root, registry, rel, ...(summary ? { summary } : {}) };
  }

  async describe(files: readonly vscode.Uri[]): Promise<Map<string, PromptVersionsInfo>> {
    const byRoot = new Map<string, vscode.Uri[]>();
    for (const file of files) {
      if (file.scheme !== 'file') continue;
      const root = this.rootOf(file);
      byRoot.set(root, [...(byRoot.get(root) ?? []), file]);
    }
    const out = new Map<string, PromptVersionsInfo>();
    for (const [root, list] of byRoot) {
      try {
        const registry = this.registry(root);
        const summaries = new Map((await registry.list()).filter((s) => s.versions.length > 0).map((s) => [s.file, s]));
        for (const file of list) {
          const summary = summaries.get(workspaceRelative(root, file.fsPath));
          if (summary) out.set(file.fsPath, await this.info(root, registry, summary));
        }
      } catch (error) {
        this.logger.warn(`Prompt versions of ${root} could not be read: ${describeError(error)}`);
      }
    }
    return out;
  }

  async info(root: string, registry: Registry, summary: PromptSummary): Promise<PromptVersionsInfo> {
    const history = await registry.history(summary.id);
    return {
      root,
      id: summary.id,
      status: summary.status,
      ...(summary.latest ? { latest: summary.latest } : {}),
      labels: { ...summary.labels },
      versions: history.versions
        .map((v) => ({ version: v.version, createdAt: v.createdAt, message: v.message, labels: v.labels, ...(v.author !== undefined ? { author: v.author } : {}) }))
        .reverse(),
    };
  }

  /** A released snapshot's text, verified against the lock file's sha256; only registries inside an open folder. */
  async snapshotText(uri: vscode.Uri): Promise<string> {
    const ref = parseVersionUri(uri);
    if (!ref) throw new PromptyardError('bad-version-uri', `${uri.toString()} does not name a prompt version`, { hint: 'Open versions from the Prompts view.' });
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    if (!folders.some((folder) => isInside(folder, ref.root))) {
      throw new PromptyardError('outside-workspace', `${ref.root} is not in an open workspace folder`, { hint: 'Open the folder that holds the prompt, then open the version again.' });
    }
    return (await this.registry(ref.root).loadPrompt(`${ref.id}@${ref.version}`)).text;
  }
}

function isInside(folder: string, target: string): boolean {
  const rel = path.relative(folder, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

// "Promptyard: New LLM Service…": the editor's way to `promptyard scaffold` (docs/scaffold.md). A QuickPick
// flow asks for the stack, the service name (checked live with the generator's own rule), the released
// prompts, the provider, the options and the folder; the generator in core checks, renders and writes.
// A non-empty folder is used only after the user agrees, and a file that would change is shown in a diff
// editor (the generator's conflict report) and replaced only with consent.
//
// Workspace Trust: this command is allowed in an untrusted workspace. It reads only the workspace's own
// released prompts (verified snapshots and the lock file) and the extension's own templates, runs nothing
// from the workspace and writes only into the folder the user picks, so Restricted Mode has nothing to guard.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isPromptyardError, PromptyardError } from '../../core/errors';
import { openRegistry } from '../../core/prompts/registry/registry';
import { DEFAULT_LABEL } from '../../core/prompts/registry/names';
import { highestVersion } from '../../core/prompts/registry/semver';
import { findWorkspaceRoot } from '../../core/prompts/registry/workspace';
import { planScaffold, ScaffoldConflictError, writeScaffold, type FileConflict, type ScaffoldPlan, type ScaffoldResult } from '../../core/scaffold/generate';
import { listStacks, readManifest } from '../../core/scaffold/manifest';
import { assertServiceName, checkTarget, providerOfModel, SERVICE_NAME_RULE, type ScaffoldProvider } from '../../core/scaffold/options';
import type { Logger } from '../../core/ports';
import { COMMANDS } from '../commandIds';
import { describeError } from '../logger';

export const SCAFFOLD_DIFF_SCHEME = 'promptyard-scaffold';

export const ANSWERS = {
  addFiles: 'Add Files',
  replace: 'Replace',
  replaceAll: 'Replace All',
  keep: 'Keep Mine',
  release: 'Release…',
  openFolder: 'Open Folder',
  openInNewWindow: 'Open in New Window',
} as const;

/** How each known stack is offered; a stack without an entry here shows its manifest's displayName. */
const STACKS: Record<string, { label: string; detail: string }> = {
  fastapi: { label: 'FastAPI', detail: 'Python 3.11+: FastAPI, the openai and anthropic SDKs, pytest, ruff and bandit.' },
  express: { label: 'Express (TypeScript)', detail: 'Node 20+: Express 5 in TypeScript, the openai and @anthropic-ai/sdk clients, node:test.' },
  spring: { label: 'Spring Boot', detail: 'Java 17: Spring Boot 3 with Maven, the openai-java and anthropic-java SDKs, JUnit 5.' },
};

const PROVIDER_CHOICES: Array<{ provider: ScaffoldProvider; label: string; detail: string }> = [
  { provider: 'openai', label: 'OpenAI', detail: 'The official openai SDK against api.openai.com.' },
  { provider: 'anthropic', label: 'Anthropic', detail: 'The official Anthropic SDK against api.anthropic.com.' },
  { provider: 'openai-compatible', label: 'OpenAI-compatible', detail: 'The openai SDK against any compatible endpoint (vLLM, Ollama, Azure OpenAI, OpenRouter…) set with LLM_BASE_URL.' },
];

export interface NewServiceResult extends ScaffoldResult {
  /** Files that differed and that the user chose to keep. */
  kept: string[];
}

export interface NewServiceDeps {
  extensionPath: string;
  extensionVersion: string;
  logger: Logger;
  priceOverrides: () => NonNullable<Parameters<typeof planScaffold>[0]['priceOverrides']>;
}

/** The diff editor's right side: generated files held in memory, by URI. */
export class GeneratedFiles implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly files = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SCAFFOLD_DIFF_SCHEME, this);
  private next = 0;

  add(rel: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SCAFFOLD_DIFF_SCHEME, path: `/${rel}`, query: String(++this.next) });
    this.files.set(uri.toString(), content);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.files.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.registration.dispose();
    this.files.clear();
  }
}

/** The whole flow; undefined when the user cancels a step (nothing is written then). */
export async function newService(deps: NewServiceDeps, generated: GeneratedFiles, arg?: unknown): Promise<NewServiceResult | undefined> {
  const templatesDir = path.join(deps.extensionPath, 'templates');
  const root = await registryRoot(arg);
  if (root === undefined) return undefined;
  const released = releasedPrompts(root);
  if (released.length === 0) {
    // Not awaited (nor below): a notification left alone would hold the command open.
    void vscode.window
      .showInformationMessage(
        `No prompt has been released in ${displayPath(root)} yet. A service serves released versions of prompts (through prompts/prompts.lock.json): release one first, then run "New LLM Service…" again.`,
        ANSWERS.release,
      )
      .then((answer) => (answer === ANSWERS.release ? releaseOne(root) : undefined))
      .then(undefined, (error: unknown) => {
        const hint = isPromptyardError(error) && error.hint ? ` ${error.hint}` : '';
        void vscode.window.showErrorMessage(`${describeError(error)}${hint}`);
      });
    return undefined;
  }

  const stack = await pickStack(templatesDir);
  if (stack === undefined) return undefined;
  const name = await askName(root);
  if (name === undefined) return undefined;
  const prompts = await pickPrompts(released);
  if (prompts === undefined) return undefined;
  const provider = await pickProvider(root, prompts);
  if (provider === undefined) return undefined;
  const options = await pickOptions();
  if (options === undefined) return undefined;
  const target = await pickTarget(root, name);
  if (target === undefined) return undefined;

  if (checkTarget(target, true) === 'non-empty' && !(await confirmNonEmpty(target))) return undefined;

  const title = `Promptyard: generating ${name} (${STACKS[stack]?.label ?? stack})`;
  const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async (progress) => {
    progress.report({ message: 'rendering the templates…' });
    return planScaffold({
      templatesDir,
      stack,
      targetDir: target,
      workspaceRoot: root,
      name,
      prompts,
      provider,
      redis: options.redis,
      streaming: options.streaming,
      // The folder was empty, new, or the user agreed to add files to it.
      force: true,
      promptyardVersion: deps.extensionVersion,
      priceOverrides: deps.priceOverrides(),
    });
  });
  const result = await writeWithConsent(plan, generated, title);
  if (result === undefined) return undefined;
  deps.logger.info(`New LLM Service: ${name} (${stack}) in ${target}: ${result.written.length} written, ${result.overwritten.length} replaced, ${result.kept.length} kept, ${result.unchanged.length} unchanged`);
  offerToOpen(result, stack);
  return result;
}

// ---- where the prompts come from ----

/** The registry root: of the file or folder the command was invoked on, else the workspace's one (asked when several). */
async function registryRoot(arg: unknown): Promise<string | undefined> {
  const uri = argumentUri(arg);
  if (uri) {
    if (uri.scheme !== 'file') throw new PromptyardError('not-a-file', `${uri.toString()} is not on this machine's disk`, { hint: 'Run "New LLM Service…" on a local folder that holds prompts/.' });
    let isFolder = false;
    try {
      isFolder = (await vscode.workspace.fs.stat(uri)).type === vscode.FileType.Directory;
    } catch {
      // a missing path: its parent decides
    }
    return rootWithin(isFolder ? uri.fsPath : path.dirname(uri.fsPath), vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath);
  }
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 0) {
    throw new PromptyardError('no-workspace', 'No folder is open.', { hint: 'Open the folder that holds your prompts (with prompts/prompts.lock.json), then run "New LLM Service…" again.' });
  }
  // As the Prompts tree finds them (Registries.rootOf): a registry never reaches outside an open folder.
  const roots = new Set(folders.map((f) => rootWithin(f.uri.fsPath, f.uri.fsPath)));
  for (const lock of await vscode.workspace.findFiles('**/prompts/prompts.lock.json', '**/{node_modules,.git}/**', 50)) {
    roots.add(path.dirname(path.dirname(lock.fsPath)));
  }
  const withPrompts = [...roots].map((root) => ({ root, count: releasedCount(root) })).filter((r) => r.count > 0);
  if (withPrompts.length <= 1) return withPrompts[0]?.root ?? rootWithin(folders[0]!.uri.fsPath, folders[0]!.uri.fsPath);
  const picked = await vscode.window.showQuickPick(
    withPrompts.sort((a, b) => a.root.localeCompare(b.root)).map((r) => ({ label: displayPath(r.root), description: `${r.count} released prompt${r.count === 1 ? '' : 's'}`, root: r.root })),
    { title: 'New LLM Service: which prompts?', placeHolder: 'This workspace has several prompt registries; pick the one the service serves', ignoreFocusOut: true },
  );
  return picked?.root;
}

/** The nearest registry root from `start` up, but never above the workspace folder holding it. */
function rootWithin(start: string, folder: string | undefined): string {
  const found = findWorkspaceRoot(start);
  if (folder === undefined) return found;
  const rel = path.relative(folder, found);
  return rel.startsWith('..') || path.isAbsolute(rel) ? folder : found;
}

function argumentUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const node = arg as { kind?: unknown; uri?: unknown } | undefined;
  return node && typeof node === 'object' && node.uri instanceof vscode.Uri ? node.uri : undefined;
}

function releasedCount(root: string): number {
  try {
    return Object.values(openRegistry(root, { git: false }).lock().prompts).filter((p) => Object.keys(p.versions).length > 0).length;
  } catch {
    // A broken lock file is reported when it is the one used (releasedPrompts below throws with its hint).
    return 0;
  }
}

interface ReleasedPrompt {
  id: string;
  file: string;
  /** Label → version. */
  labels: Record<string, string>;
  latest: string;
  message: string;
}

function releasedPrompts(root: string): ReleasedPrompt[] {
  const lock = openRegistry(root, { git: false }).lock();
  return Object.entries(lock.prompts)
    .filter(([, entry]) => Object.keys(entry.versions).length > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, entry]) => {
      const latest = highestVersion(Object.keys(entry.versions))!;
      return { id, file: entry.file, labels: { ...entry.labels }, latest, message: entry.versions[latest]!.message };
    });
}

/** "Release…": Release Prompt… on a prompt file of this registry (picked when there are several). */
async function releaseOne(root: string): Promise<unknown> {
  const files = (await vscode.workspace.findFiles(new vscode.RelativePattern(root, '**/*.prompt.{yml,yaml}'), '**/{node_modules,.git,.versions,.promptyard}/**', 500)).sort((a, b) =>
    a.fsPath.localeCompare(b.fsPath),
  );
  if (files.length === 0) {
    throw new PromptyardError('no-prompt-file', `There is no prompt file (*.prompt.yml) in ${displayPath(root)} to release.`, {
      hint: 'Write a prompt in the playground and save it as a prompt file ("Promptyard: Open Playground"), then release it.',
    });
  }
  let file: vscode.Uri | undefined = files[0];
  if (files.length > 1) {
    const picked = await vscode.window.showQuickPick(
      files.map((f) => ({ label: path.basename(f.fsPath), description: vscode.workspace.asRelativePath(f), file: f })),
      { title: 'Release which prompt?', matchOnDescription: true },
    );
    file = picked?.file;
  }
  return file && vscode.commands.executeCommand(COMMANDS.releasePrompt, file);
}

// ---- the steps ----

async function pickStack(templatesDir: string): Promise<string | undefined> {
  const stacks = listStacks(templatesDir);
  if (stacks.length === 0) {
    throw new PromptyardError('templates-missing', `This installation of Promptyard has no service templates (${templatesDir}).`, { hint: 'Reinstall the Promptyard extension.' });
  }
  const order = (s: string) => (s in STACKS ? Object.keys(STACKS).indexOf(s) : Object.keys(STACKS).length);
  const items = stacks
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map((stack) => {
      const manifest = readManifest(templatesDir, stack);
      const known = STACKS[stack];
      return { label: known?.label ?? manifest.displayName, description: manifest.displayName, detail: known?.detail ?? `A ${manifest.language} service.`, stack };
    });
  const picked = await vscode.window.showQuickPick(items, { title: 'New LLM Service (1/6): stack', placeHolder: 'The language and framework of the generated service', matchOnDescription: true, ignoreFocusOut: true });
  return picked?.stack;
}

/** The generator's own check, in the words the CLI uses, without the CLI's flag advice. */
export function validateServiceName(value: string): string | undefined {
  try {
    assertServiceName(value);
    return undefined;
  } catch (error) {
    return `${describeError(error)}. ${SERVICE_NAME_RULE}.`;
  }
}

async function askName(root: string): Promise<string | undefined> {
  const slug = path
    .basename(vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root))?.uri.fsPath ?? root)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const suggestion = validateServiceName(`${slug}-service`) === undefined ? `${slug}-service` : 'llm-service';
  const name = await vscode.window.showInputBox({
    title: 'New LLM Service (2/6): name',
    prompt: 'The service name: its folder, package, image and Kubernetes names derive from it',
    value: suggestion,
    valueSelection: [0, suggestion.length],
    ignoreFocusOut: true,
    validateInput: (value) => validateServiceName(value),
  });
  if (name === undefined) return undefined;
  // Checked again: the input box can be answered without its validation (by another extension or a test).
  const problem = validateServiceName(name);
  if (problem) throw new PromptyardError('invalid-service-name', problem, { hint: 'Nothing was written. Run "New LLM Service…" again and type a valid name.' });
  return name;
}

async function pickPrompts(released: ReleasedPrompt[]): Promise<string[] | undefined> {
  type Item = vscode.QuickPickItem & { ref: string };
  const items: Item[] = [];
  for (const p of released) {
    const labels = Object.keys(p.labels).sort((a, b) => (a === DEFAULT_LABEL ? -1 : b === DEFAULT_LABEL ? 1 : a.localeCompare(b)));
    if (labels.length === 0) {
      items.push({ label: `${p.id}@${p.latest}`, description: 'latest version, no label', detail: `${p.file} · ${p.message}`, picked: true, ref: `${p.id}@${p.latest}` });
      continue;
    }
    for (const label of labels) {
      items.push({
        label: `${p.id}@${label}`,
        description: p.labels[label],
        detail: `${p.file} · labels: ${labels.map((l) => `${l} → ${p.labels[l]}`).join(', ')}`,
        picked: label === DEFAULT_LABEL || (!labels.includes(DEFAULT_LABEL) && label === labels[0]),
        ref: `${p.id}@${label}`,
      });
    }
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'New LLM Service (3/6): prompts',
    placeHolder: 'The released prompts the service serves, by label (the label it loads through the lock file)',
    canPickMany: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (picked === undefined) return undefined;
  if (picked.length === 0) {
    void vscode.window.showWarningMessage('A service needs at least one prompt: run "New LLM Service…" again and tick one.');
    return undefined;
  }
  return picked.map((p) => p.ref);
}

async function pickProvider(root: string, prompts: string[]): Promise<ScaffoldProvider | undefined> {
  let model: string | undefined;
  try {
    model = (await openRegistry(root, { git: false }).loadPrompt(prompts[0]!)).prompt.model;
  } catch {
    // The generator reports a broken snapshot with its own message when it plans.
  }
  const suggested = providerOfModel(model);
  const items = [...PROVIDER_CHOICES]
    .sort((a, b) => Number(b.provider === suggested) - Number(a.provider === suggested))
    .map((c) => ({ label: c.label, description: c.provider === suggested && model ? `the provider of ${model}` : '', detail: c.detail, provider: c.provider }));
  const picked = await vscode.window.showQuickPick(items, { title: 'New LLM Service (4/6): provider', placeHolder: 'The LLM provider the service calls (LLM_PROVIDER, changeable later)', ignoreFocusOut: true });
  return picked?.provider;
}

async function pickOptions(): Promise<{ redis: boolean; streaming: boolean } | undefined> {
  const items = [
    { label: 'Redis', detail: 'Share the cache, rate limits, budgets and idempotency keys across replicas (REDIS_URL); compose.yaml gets a Redis.', picked: false, option: 'redis' as const },
    { label: 'Streaming', detail: 'POST /v1/prompts/{id}/stream: server-sent events, drained on shutdown.', picked: true, option: 'streaming' as const },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'New LLM Service (5/6): options', placeHolder: 'Tick the options to include', canPickMany: true, ignoreFocusOut: true });
  if (picked === undefined) return undefined;
  const chosen = new Set(picked.map((p) => p.option));
  return { redis: chosen.has('redis'), streaming: chosen.has('streaming') };
}

/**
 * The folder to create the service in: `<picked>/<name>`, or the picked folder itself when it is named after
 * the service. The dialog opens on the workspace folder's parent, so the default is a sibling of the workspace.
 */
async function pickTarget(root: string, name: string): Promise<string | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root))?.uri.fsPath ?? root;
  const picked = await vscode.window.showOpenDialog({
    title: `New LLM Service (6/6): where to create the folder ${name}`,
    defaultUri: vscode.Uri.file(path.dirname(folder)),
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: `Create ${name} Here`,
  });
  const dir = picked?.[0];
  if (!dir) return undefined;
  if (dir.scheme !== 'file') throw new PromptyardError('not-a-file', `${dir.toString()} is not on this machine's disk`, { hint: 'Pick a local folder.' });
  return path.basename(dir.fsPath) === name ? dir.fsPath : path.join(dir.fsPath, name);
}

async function confirmNonEmpty(target: string): Promise<boolean> {
  const entries = readdirSync(target).sort();
  const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '');
  const answer = await vscode.window.showWarningMessage(
    `${target} is not empty (${shown}). Add the service's files to it?`,
    {
      modal: true,
      detail: 'Missing files are added and identical ones kept. A file that differs is shown in a diff editor first and replaced only if you say so.',
    },
    ANSWERS.addFiles,
  );
  return answer === ANSWERS.addFiles;
}

// ---- writing ----

async function writeWithConsent(plan: ScaffoldPlan, generated: GeneratedFiles, title: string): Promise<NewServiceResult | undefined> {
  const write = (files: ScaffoldPlan['files'], overwrite: boolean) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async (progress) => {
      progress.report({ message: `writing ${files.length} files…` });
      return writeScaffold({ ...plan, files }, { overwrite });
    });
  let conflicts: FileConflict[];
  try {
    return { ...(await write(plan.files, false)), kept: [] };
  } catch (error) {
    if (!(error instanceof ScaffoldConflictError)) throw error;
    conflicts = error.conflicts;
  }

  const decisions = await reviewConflicts(plan, conflicts, generated);
  if (decisions === undefined) {
    void vscode.window.showInformationMessage(`Nothing was written to ${plan.targetDir}.`);
    return undefined;
  }
  const files = plan.files.filter((f) => !decisions.kept.includes(f.path));
  const approved = new Map(conflicts.filter((c) => decisions.replaced.includes(c.path)).map((c) => [c.path, c.diff]));
  try {
    return { ...(await write(files, false)), kept: decisions.kept };
  } catch (error) {
    if (!(error instanceof ScaffoldConflictError)) throw error;
    // Only the files the user saw, still as they were when the diff was shown, are replaced.
    const unseen = error.conflicts.filter((c) => approved.get(c.path) !== c.diff);
    if (unseen.length > 0) {
      throw new PromptyardError('scaffold-changed', `Files in ${plan.targetDir} changed while you reviewed them (${unseen.map((c) => c.path).join(', ')}). Nothing was written.`, {
        hint: 'Run "New LLM Service…" again to review them as they are now.',
      });
    }
    return { ...(await write(files, true)), kept: decisions.kept };
  }
}

/** Shows each differing file beside the generated one and asks; undefined when the user cancels (nothing is written). */
async function reviewConflicts(plan: ScaffoldPlan, conflicts: FileConflict[], generated: GeneratedFiles): Promise<{ replaced: string[]; kept: string[] } | undefined> {
  const replaced: string[] = [];
  const kept: string[] = [];
  let replaceRest = false;
  for (const [i, conflict] of conflicts.entries()) {
    if (replaceRest) {
      replaced.push(conflict.path);
      continue;
    }
    const file = plan.files.find((f) => f.path === conflict.path)!;
    const existing = vscode.Uri.file(path.join(plan.targetDir, ...conflict.path.split('/')));
    const proposed = generated.add(conflict.path, file.content.toString('utf8'));
    await vscode.commands.executeCommand('vscode.diff', existing, proposed, `${conflict.path}: yours ↔ generated`, { preview: true });
    const left = conflicts.length - i - 1;
    const answer = await vscode.window.showWarningMessage(
      `${conflict.path} already exists in ${path.basename(plan.targetDir)} and differs from the generated file. Replace it?`,
      {
        modal: true,
        detail: `The diff editor shows your file (left) and the generated one (right). File ${i + 1} of ${conflicts.length}. Cancel writes nothing.`,
      },
      ANSWERS.replace,
      ANSWERS.keep,
      ...(left > 0 ? [ANSWERS.replaceAll] : []),
    );
    if (answer === undefined) return undefined;
    if (answer === ANSWERS.keep) kept.push(conflict.path);
    else replaced.push(conflict.path);
    if (answer === ANSWERS.replaceAll) replaceRest = true;
  }
  return { replaced, kept };
}

function offerToOpen(result: NewServiceResult, stack: string): void {
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  const parts = [`${files(result.written.length)} written`];
  if (result.overwritten.length) parts.push(`${result.overwritten.length} replaced`);
  if (result.kept.length) parts.push(`${result.kept.length} kept as they were`);
  if (result.unchanged.length) parts.push(`${result.unchanged.length} unchanged`);
  const message = `Generated ${result.context.name} (${STACKS[stack]?.label ?? stack}) in ${result.targetDir}: ${parts.join(', ')}. Its README.md takes it from install and tests to deployment.`;
  // Not awaited: a notification left alone would hold the command open.
  void vscode.window.showInformationMessage(message, ANSWERS.openFolder, ANSWERS.openInNewWindow).then((answer) => {
    if (answer === undefined) return;
    void vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(result.targetDir), { forceNewWindow: answer === ANSWERS.openInNewWindow });
  });
}

function displayPath(root: string): string {
  const rel = vscode.workspace.asRelativePath(vscode.Uri.file(root), true);
  return rel === '' ? root : rel;
}

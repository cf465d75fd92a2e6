// The version commands of the Prompts tree and the palette: Show Prompt Versions, Diff Prompt Versions…,
// Release Prompt…, Promote Prompt… and Roll Back Prompt…. Each change is confirmed in a modal that says what
// moves (`production: 1.1.0 → 1.2.0`) and offers the diff first; the registry in core does the writing.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PromptyardError } from '../../core/errors';
import type { LabelResult } from '../../core/prompts/registry/labels';
import { LABEL_PATTERN, RESERVED_LABELS } from '../../core/prompts/registry/names';
import type { Registry } from '../../core/prompts/registry/registry';
import type { ReleaseResult } from '../../core/prompts/registry/release';
import { promptIdOf, topLevelString } from '../../core/prompts/registry/yamlKeys';
import { COMMANDS } from '../commandIds';
import { PROMPT_FILE_GLOB, type PromptsNode } from '../promptsTree';
import type { Registries } from './registries';
import { labelQuestion, orderLabels, previousOf, promoteQuestion, releaseChoices, releaseQuestion, rollbackQuestion } from './versionChanges';
import type { PromptVersionsInfo } from './versionTypes';
import { versionUri } from './versionUri';

export type VersionCommand = 'showPromptVersions' | 'diffPromptVersions' | 'releasePrompt' | 'promotePrompt' | 'rollBackPrompt';

export const SHOW_DIFF = 'Show Diff';
const WORKING = 'working';

interface Target {
  file: vscode.Uri;
  root: string;
  registry: Registry;
  /** Absent when the file was never released. */
  info?: PromptVersionsInfo;
  /** From a version node of the tree. */
  version?: string;
}

export function versionCommands(registries: Registries): Record<VersionCommand, (...args: unknown[]) => Promise<unknown>> {
  const target = async (arg: unknown): Promise<Target> => {
    const node = arg as Partial<Extract<PromptsNode, { kind: 'version' }>> | undefined;
    const file = fileOf(arg) ?? (await pickReleasedFile(registries));
    if (!file) throw new PromptyardError('no-prompt-file', 'No prompt file.', { hint: 'Open a .prompt.yml file, or pick one in the Prompts view, then run the command again.' });
    const { root, registry, summary } = await registries.summaryOf(file);
    const info = summary && summary.versions.length > 0 ? await registries.info(root, registry, summary) : undefined;
    const version = node?.kind === 'version' && typeof node.entry?.version === 'string' ? node.entry.version : undefined;
    return { file, root, registry, ...(info ? { info } : {}), ...(version ? { version } : {}) };
  };
  const released = async (arg: unknown): Promise<Target & { info: PromptVersionsInfo }> => {
    const t = await target(arg);
    if (!t.info) {
      throw new PromptyardError('not-released', `${path.basename(t.file.fsPath)} has no released version yet.`, { hint: 'Release it first with "Promptyard: Release Prompt…".' });
    }
    return t as Target & { info: PromptVersionsInfo };
  };
  const diff = (t: Target & { info: PromptVersionsInfo }, a: string, b: string) => openDiff(t, a, b);

  return {
    async showPromptVersions(arg) {
      const t = await target(arg);
      if (!t.info) {
        void vscode.window.showInformationMessage(`${path.basename(t.file.fsPath)} has no released version yet: "Release Prompt…" makes its first.`);
        return undefined;
      }
      const picked = await vscode.window.showQuickPick(
        t.info.versions.map((v) => ({ label: v.version, description: v.labels.join(', '), detail: [v.createdAt.slice(0, 16).replace('T', ' '), v.author, v.message].filter(Boolean).join(' · '), version: v.version })),
        { title: `Versions of ${t.info.id}`, placeHolder: 'Pick a version to open its snapshot (read-only)', matchOnDetail: true },
      );
      if (!picked) return undefined;
      const uri = versionUri({ root: t.root, id: t.info.id, version: picked.version });
      await vscode.window.showTextDocument(uri, { preview: true });
      return uri.toString();
    },

    async diffPromptVersions(arg, other) {
      const t = await released(arg);
      const versions = t.info.versions.map((v) => v.version);
      let a = t.version;
      if (a === undefined) {
        a = await pickVersion(t.info, versions, `Diff ${t.info.id}: the first version`);
        if (a === undefined) return undefined;
      }
      let b = typeof other === 'string' && (other === WORKING || versions.includes(other)) ? other : undefined;
      if (b === undefined) {
        const first = a;
        const picked = await vscode.window.showQuickPick(
          [
            { label: 'Working file', description: path.basename(t.file.fsPath), value: WORKING },
            ...t.info.versions.filter((v) => v.version !== first).map((v) => ({ label: v.version, description: v.labels.join(', '), value: v.version })),
          ],
          { title: `Diff ${t.info.id} ${a} with…` },
        );
        if (!picked) return undefined;
        b = picked.value;
      }
      return diff(t, a, b);
    },

    async releasePrompt(arg) {
      const t = await target(arg);
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === t.file.toString());
      const text = document?.getText() ?? (await vscode.workspace.fs.readFile(t.file)).toString();
      const id = t.info?.id ?? promptIdOf(text, t.file.fsPath);
      if (t.info && t.info.status === 'up-to-date' && !document?.isDirty) {
        void vscode.window.showInformationMessage(`${t.info.id} ${t.info.latest} is already the file as it is: nothing to release.`);
        return undefined;
      }
      const choices = releaseChoices(t.info?.latest, topLevelString(text, 'version'));
      let choice = choices[0]!;
      if (choices.length > 1) {
        const picked = await vscode.window.showQuickPick(
          choices.map((c) => ({ label: c.version, description: c.bump, choice: c })),
          { title: `Release ${t.info?.id ?? id}: the next version (latest ${t.info?.latest})` },
        );
        if (!picked) return undefined;
        choice = picked.choice;
      }
      const message = await vscode.window.showInputBox({ title: `Release ${t.info?.id ?? id} ${choice.version}`, prompt: 'A release message (optional): what changed and why', ignoreFocusOut: true });
      if (message === undefined) return undefined;
      const { question, detail } = releaseQuestion(t.info?.id ?? id, t.info?.latest, choice.version);
      const latest = t.info?.latest;
      const unsaved = document?.isDirty ? '\nThe file has unsaved changes: they are saved first.' : '';
      if (!(await confirm(question, detail + unsaved, 'Release', latest && t.info ? () => diff(t as Target & { info: PromptVersionsInfo }, latest, WORKING) : undefined))) return undefined;
      if (document?.isDirty && !(await document.save())) throw new PromptyardError('not-saved', `${path.basename(t.file.fsPath)} could not be saved.`, { hint: 'Save it, then release again.' });
      const result: ReleaseResult = await t.registry.release(t.file.fsPath, { ...(choice.bump ? { bump: choice.bump } : {}), message });
      await refreshTree();
      const notes = result.notes.length ? ` (${result.notes.join('; ')})` : '';
      void vscode.window.showInformationMessage(
        result.status === 'released' ? `Released ${result.id} ${result.version}${notes}.` : `${result.id} ${result.version} already holds this content: nothing released${notes}.`,
      );
      return result;
    },

    async promotePrompt(arg) {
      const t = await released(arg);
      const { id, labels } = t.info;
      let result: LabelResult | undefined;
      if (t.version !== undefined) {
        // From a version: point a label at it.
        const version = t.version;
        const label = await pickLabel(orderLabels(Object.keys(labels).filter((l) => labels[l] !== version)), `Promote ${id} ${version} to…`, true);
        if (!label) return undefined;
        const { question, detail } = labelQuestion(id, label, labels[label], version);
        const current = labels[label];
        if (!(await confirm(question, detail, 'Promote', current ? () => diff(t, current, version) : undefined))) return undefined;
        result = await t.registry.label(id, label, version);
      } else {
        const names = orderLabels(Object.keys(labels));
        if (names.length === 0) {
          throw new PromptyardError('no-labels', `${id} has no labels yet.`, { hint: 'Promote a version from the Prompts view (right-click a version, "Promote Prompt…") to set its first label.' });
        }
        const from = names.length === 1 ? names[0]! : await pickLabel(names.filter((l) => l !== 'production').concat(names.includes('production') ? ['production'] : []), `Promote ${id} from…`, false, labels);
        if (!from) return undefined;
        const to = await pickLabel(orderLabels(names.filter((l) => l !== from)), `Promote ${id}@${from} (${labels[from]}) to…`, true, labels);
        if (!to) return undefined;
        const version = labels[from]!;
        const current = labels[to];
        if (current === version) {
          void vscode.window.showInformationMessage(`${id}@${to} already points at ${version}.`);
          return undefined;
        }
        const { question, detail } = promoteQuestion(id, from, to, current, version);
        if (!(await confirm(question, detail, 'Promote', current ? () => diff(t, current, version) : undefined))) return undefined;
        result = await t.registry.promote(id, from, to);
      }
      await refreshTree();
      return result;
    },

    async rollBackPrompt(arg) {
      const t = await released(arg);
      const { id, labels } = t.info;
      const candidates = orderLabels(Object.keys(labels).filter((l) => t.version === undefined || labels[l] === t.version));
      if (candidates.length === 0) {
        throw new PromptyardError('no-labels', t.version ? `No label points at ${id} ${t.version}.` : `${id} has no labels to roll back.`, {
          hint: 'Roll back moves a label (e.g. production) to the version released before the one it points at.',
        });
      }
      const label = candidates.length === 1 ? candidates[0]! : await pickLabel(candidates, `Roll back which label of ${id}?`, false, labels);
      if (!label) return undefined;
      const current = labels[label]!;
      const previous = previousOf(t.info.versions.map((v) => v.version), current);
      if (previous === undefined) {
        throw new PromptyardError('nothing-to-roll-back', `${id}@${label} is at ${current}, the first released version: there is no earlier version to roll back to.`, {
          hint: 'Promote another version to the label instead.',
        });
      }
      const { question, detail } = rollbackQuestion(id, label, current, previous);
      if (!(await confirm(question, detail, 'Roll Back', () => diff(t, previous, current)))) return undefined;
      const result = await t.registry.rollback(id, label);
      await refreshTree();
      return result;
    },
  };
}

/** A tree node (file or version), an explorer Uri, or the active editor's prompt file. */
function fileOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const node = arg as { kind?: unknown; uri?: unknown } | undefined;
  if (node && (node.kind === 'file' || node.kind === 'version') && node.uri instanceof vscode.Uri) return node.uri;
  const active = vscode.window.activeTextEditor?.document.uri;
  return active && active.scheme === 'file' && /\.prompt\.ya?ml$/i.test(active.path) ? active : undefined;
}

/** From the palette with no prompt file at hand: pick one of the workspace's released prompts. */
async function pickReleasedFile(registries: Registries): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles(PROMPT_FILE_GLOB, '**/{node_modules,.git,.versions,.promptyard}/**', 5_000);
  const released = await registries.describe(files);
  if (released.size === 0) return undefined;
  const picked = await vscode.window.showQuickPick(
    files
      .filter((f) => released.has(f.fsPath))
      .map((f) => {
        const info = released.get(f.fsPath)!;
        return { label: info.id, description: vscode.workspace.asRelativePath(f), detail: `latest ${info.latest}${Object.keys(info.labels).length ? ` · ${Object.entries(info.labels).map(([l, v]) => `${l} ${v}`).join(', ')}` : ''}`, file: f };
      })
      .sort((a, b) => a.label.localeCompare(b.label)),
    { title: 'Which prompt?', matchOnDescription: true },
  );
  return picked?.file;
}

async function openDiff(t: Target & { info: PromptVersionsInfo }, a: string, b: string): Promise<{ left: string; right: string }> {
  const uriOf = (v: string) => (v === WORKING ? t.file : versionUri({ root: t.root, id: t.info.id, version: v }));
  // Older on the left; the working file always on the right.
  const order = t.info.versions.map((v) => v.version);
  const [left, right] = b === WORKING || order.indexOf(a) > order.indexOf(b) ? [a, b] : [b, a];
  const title = `${t.info.id}: ${left} ↔ ${right === WORKING ? `${path.basename(t.file.fsPath)} (working file)` : right}`;
  await vscode.commands.executeCommand('vscode.diff', uriOf(left), uriOf(right), title, { preview: true });
  return { left: uriOf(left).toString(), right: uriOf(right).toString() };
}

/** A modal that says what changes; "Show Diff" opens the diff and asks again. */
async function confirm(question: string, detail: string, action: string, showDiff?: () => Promise<unknown>): Promise<boolean> {
  for (;;) {
    const choice = await vscode.window.showWarningMessage(question, { modal: true, detail }, ...(showDiff ? [action, SHOW_DIFF] : [action]));
    if (choice === action) return true;
    if (choice !== SHOW_DIFF || !showDiff) return false;
    await showDiff();
  }
}

async function pickVersion(info: PromptVersionsInfo, versions: string[], title: string): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    versions.map((v) => ({ label: v, description: info.versions.find((e) => e.version === v)?.labels.join(', ') ?? '' })),
    { title },
  );
  return picked?.label;
}

const NEW_LABEL = 'New label…';

async function pickLabel(names: string[], title: string, allowNew: boolean, labels?: Record<string, string>): Promise<string | undefined> {
  const items = names.map((name) => ({ label: name, description: labels?.[name] ?? '' }));
  if (allowNew) items.push({ label: NEW_LABEL, description: 'a label name such as production or staging' });
  const picked = await vscode.window.showQuickPick(items, { title });
  if (!picked) return undefined;
  if (picked.label !== NEW_LABEL) return picked.label;
  return vscode.window.showInputBox({
    title,
    prompt: 'Label name: a letter first, then letters, digits, "_" or "-"',
    validateInput: (value) => (!LABEL_PATTERN.test(value) || RESERVED_LABELS.includes(value) ? 'A label starts with a letter and holds letters, digits, "_" and "-" (not latest or all).' : undefined),
  });
}

async function refreshTree(): Promise<void> {
  await vscode.commands.executeCommand(COMMANDS.refreshPrompts);
}

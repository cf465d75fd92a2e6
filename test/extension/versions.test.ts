// The versions view and the eval results view: the Prompts tree lists released versions and labels (and
// follows the lock file), Diff opens VS Code's diff editor on the snapshots, Release / Promote / Roll Back
// change the lock file exactly as core's registry does (the same operations on a mirror through core are
// compared), each after a modal that says what moves; the results panel renders stored runs with its charts
// under a nonce'd CSP and compares two runs case by case through its validated protocol.
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createRun, runsDir } from '../../src/core/evals/store/runStore';
import type { CaseRecord, RunMeta } from '../../src/core/evals/types';
import { openRegistry, type Registry } from '../../src/core/prompts/registry/registry';
import type { VersionTestingHooks } from '../../src/extension/prompts/versionTestingHooks';
import { activated, stubWindow, waitUntil } from './support/harness';

const TONE_V1 = `id: tone
name: Tone
model: openai/gpt-4o-mini
messages:
  - role: system
    content: You rewrite text in a friendly tone.
  - role: user
    content: "{{text}}"
`;
const TONE_V2 = TONE_V1.replace('a friendly tone', 'a friendly, concise tone');
const TONE_V3 = TONE_V2.replace('concise tone', 'concise tone. Keep names as written');

const RUN_OLD = '20250102-090000-a1a1a1';
const RUN_NEW = '20250103-090000-b2b2b2';
const RUN_LATEST = '20250104-090000-c3c3c3';

type VersionNode = { kind: 'version'; uri: vscode.Uri; root: string; id: string; entry: { version: string; labels: string[]; createdAt: string; message: string } };

describe('prompt versions and eval results', function () {
  this.timeout(60_000);
  let hooks: VersionTestingHooks;
  let workspace: string;
  /** The registry the commands work on (inside the workspace) and its mirror driven through core directly. */
  let dir: string;
  let mirror: string;
  let file: vscode.Uri;
  let core: Registry;
  let restore: Array<{ restore(): void }> = [];

  before(async () => {
    const { hooks: all } = await activated();
    hooks = all.versions();
    workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    dir = path.join(workspace, 'versioned');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.join(dir, 'prompts'), { recursive: true });
    writeFileSync(path.join(dir, 'prompts', 'tone.prompt.yml'), TONE_V1);
    const seed = openRegistry(dir, { git: false, author: 'seed' });
    await seed.release(path.join(dir, 'prompts', 'tone.prompt.yml'), { message: 'first' });
    writeFileSync(path.join(dir, 'prompts', 'tone.prompt.yml'), TONE_V2.replace('id: tone', 'id: tone\nversion: 1.0.0'));
    await seed.release(path.join(dir, 'prompts', 'tone.prompt.yml'), { bump: 'minor', message: 'second' });
    await seed.label('tone', 'production', '1.0.0');
    await seed.label('tone', 'staging', '1.1.0');
    mirror = path.join(mkdtempSync(path.join(os.tmpdir(), 'promptyard-versions-')), 'versioned');
    cpSync(dir, mirror, { recursive: true });
    core = openRegistry(mirror, { git: false });
    file = vscode.Uri.file(path.join(dir, 'prompts', 'tone.prompt.yml'));
  });

  afterEach(() => {
    restore.forEach((s) => s.restore());
    restore = [];
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.dirname(mirror), { recursive: true, force: true });
    for (const run of [RUN_OLD, RUN_NEW, RUN_LATEST]) rmSync(path.join(runsDir(workspace), run), { recursive: true, force: true });
  });

  const versionNode = (version: string): VersionNode => ({ kind: 'version', uri: file, root: dir, id: 'tone', entry: { version, labels: [], createdAt: '', message: '' } });
  const snapshot = (root: string, version: string) => readFileSync(path.join(root, 'prompts', '.versions', 'tone', `${version}.prompt.yml`), 'utf8');

  /** Answers the modal with `answers` in turn and records what it said. */
  const answerModal = (...answers: Array<string | undefined>) => {
    const asked: Array<{ message: string; detail?: string; items: string[]; modal?: boolean }> = [];
    restore.push(
      stubWindow({
        showWarningMessage: async (message: string, options: vscode.MessageOptions, ...items: string[]) => {
          asked.push({ message, items, ...(options?.detail !== undefined ? { detail: options.detail } : {}), ...(options?.modal !== undefined ? { modal: options.modal } : {}) });
          return answers.shift();
        },
      }),
    );
    return asked;
  };
  const answerPicks = (...labels: string[]) => {
    const titles: string[] = [];
    restore.push(
      stubWindow({
        showQuickPick: async (items: readonly vscode.QuickPickItem[], options?: vscode.QuickPickOptions) => {
          titles.push(options?.title ?? '');
          const want = labels.shift();
          const found = (await items).find((i) => i.label === want || i.description === want);
          if (!found) throw new Error(`no quick pick item ${want} in ${JSON.stringify(items)}`);
          return found;
        },
      }),
    );
    return titles;
  };

  const activeDiff = async (): Promise<{ left: string; right: string; leftUri: vscode.Uri; rightUri: vscode.Uri }> => {
    let input: unknown;
    await waitUntil(() => (input = vscode.window.tabGroups.activeTabGroup.activeTab?.input) instanceof vscode.TabInputTextDiff, 'a diff editor');
    const diff = input as vscode.TabInputTextDiff;
    const [left, right] = await Promise.all([vscode.workspace.openTextDocument(diff.original), vscode.workspace.openTextDocument(diff.modified)]);
    return { left: left.getText(), right: right.getText(), leftUri: diff.original, rightUri: diff.modified };
  };

  /** The lock file with what differs between two honest runs (times, author, git commit) blanked. */
  const lockOf = (root: string): unknown => {
    const lock = JSON.parse(readFileSync(path.join(root, 'prompts', 'prompts.lock.json'), 'utf8')) as {
      prompts: Record<string, { versions: Record<string, Record<string, unknown>>; history?: Record<string, Array<Record<string, unknown>>> }>;
    };
    for (const entry of Object.values(lock.prompts)) {
      for (const v of Object.values(entry.versions)) Object.assign(v, { createdAt: 'T', author: 'A', commit: undefined });
      for (const moves of Object.values(entry.history ?? {})) for (const m of moves) Object.assign(m, { at: 'T', by: 'A' });
    }
    return JSON.parse(JSON.stringify(lock));
  };
  const assertSameAsCore = () => {
    assert.deepEqual(lockOf(dir), lockOf(mirror), 'the lock file is what core writes for the same operation');
    assert.deepEqual(readdirSync(path.join(dir, 'prompts', '.versions', 'tone')).sort(), readdirSync(path.join(mirror, 'prompts', '.versions', 'tone')).sort());
    for (const name of readdirSync(path.join(mirror, 'prompts', '.versions', 'tone'))) assert.equal(snapshot(dir, name.replace('.prompt.yml', '')), snapshot(mirror, name.replace('.prompt.yml', '')));
    assert.equal(readFileSync(file.fsPath, 'utf8'), readFileSync(path.join(mirror, 'prompts', 'tone.prompt.yml'), 'utf8'));
  };

  it('lists each released version with its labels under the prompt file', async () => {
    const tree = await hooks.tree();
    const folder = tree.find((n) => n.label === 'versioned/prompts');
    assert.ok(folder, `the tree has the folder: ${JSON.stringify(tree.map((n) => n.label))}`);
    const tone = folder.children.find((n) => n.label === 'tone.prompt.yml')!;
    assert.equal(tone.description, 'production 1.0.0 · staging 1.1.0');
    const today = new Date().toISOString().slice(0, 10);
    assert.deepEqual(
      tone.children.map((c) => [c.label, c.description, c.contextValue]),
      [
        ['1.1.0', `staging · ${today}`, 'promptyard.promptVersion'],
        ['1.0.0', `production · ${today}`, 'promptyard.promptVersion'],
      ],
    );
    const hello = tree.find((n) => n.label === '.')?.children.find((n) => n.label === 'hello.prompt.yml');
    assert.deepEqual(hello?.children, [], 'a file never released has no versions');
  });

  it('follows the lock file: a label moved outside the editor shows without a refresh by hand', async () => {
    const before = hooks.treeRefreshes();
    await openRegistry(dir, { git: false, author: 'elsewhere' }).label('tone', 'canary', '1.1.0');
    await waitUntil(() => hooks.treeRefreshes() > before, 'the tree to see the changed lock file', 20_000);
    const tone = (await hooks.tree()).find((n) => n.label === 'versioned/prompts')!.children[0]!;
    assert.equal(tone.description, 'canary 1.1.0 · production 1.0.0 · staging 1.1.0');
    await core.label('tone', 'canary', '1.1.0');
    assertSameAsCore();
  });

  it('diffs two versions in the diff editor, each side the snapshot served read-only', async () => {
    const opened = (await vscode.commands.executeCommand(COMMAND.diff, versionNode('1.1.0'), '1.0.0')) as { left: string; right: string };
    const diff = await activeDiff();
    assert.equal(diff.leftUri.scheme, 'promptyard-version');
    assert.equal(diff.leftUri.toString(), opened.left);
    assert.equal(diff.left, snapshot(dir, '1.0.0'), 'the older version on the left');
    assert.equal(diff.right, snapshot(dir, '1.1.0'));
    assert.notEqual(diff.left, diff.right);
    assert.equal(diff.rightUri.scheme, 'promptyard-version', 'both sides are snapshot documents');

    // From the file node: pick the version, then the working file.
    const titles = answerPicks('1.0.0', 'Working file');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(COMMAND.diff, { kind: 'file', uri: file });
    const working = await activeDiff();
    assert.equal(titles.length, 2);
    assert.equal(working.left, snapshot(dir, '1.0.0'));
    assert.equal(working.rightUri.fsPath, file.fsPath);
    assert.equal(working.right, readFileSync(file.fsPath, 'utf8'));

    // From the palette with no prompt file open: pick the prompt, then the two versions.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const paletteTitles = answerPicks('tone', '1.1.0', '1.0.0');
    await vscode.commands.executeCommand(COMMAND.diff);
    const fromPalette = await activeDiff();
    assert.deepEqual(paletteTitles, ['Which prompt?', 'Diff tone: the first version', 'Diff tone 1.1.0 with…']);
    assert.equal(fromPalette.left, snapshot(dir, '1.0.0'));
    assert.equal(fromPalette.right, snapshot(dir, '1.1.0'));
  });

  it('lists the versions of a prompt and opens the picked snapshot read-only', async () => {
    const titles = answerPicks('1.0.0');
    const opened = (await vscode.commands.executeCommand(COMMAND.show, { kind: 'file', uri: file })) as string;
    assert.deepEqual(titles, ['Versions of tone']);
    const document = vscode.window.activeTextEditor?.document;
    assert.equal(document?.uri.toString(), opened);
    assert.equal(document?.uri.scheme, 'promptyard-version');
    assert.equal(document?.getText(), snapshot(dir, '1.0.0'));
  });

  it('releases after a confirmation that shows the version change and offers the diff; cancelling writes nothing', async () => {
    writeFileSync(file.fsPath, TONE_V3.replace('id: tone', 'id: tone\nversion: 1.1.0'));
    writeFileSync(path.join(mirror, 'prompts', 'tone.prompt.yml'), TONE_V3.replace('id: tone', 'id: tone\nversion: 1.1.0'));
    const lockBefore = readFileSync(path.join(dir, 'prompts', 'prompts.lock.json'), 'utf8');
    const edited = (await hooks.tree()).find((n) => n.label === 'versioned/prompts')!.children[0]!;
    assert.equal(edited.description, 'canary 1.1.0 · production 1.0.0 · staging 1.1.0 · edited', 'the file differs from its latest release');

    answerPicks('minor');
    restore.push(stubWindow({ showInputBox: async () => 'third' }));
    const cancelled = answerModal(undefined);
    assert.equal(await vscode.commands.executeCommand(COMMAND.release, file), undefined);
    assert.equal(cancelled.length, 1);
    assert.equal(readFileSync(path.join(dir, 'prompts', 'prompts.lock.json'), 'utf8'), lockBefore, 'nothing written when the modal is dismissed');
    restore.forEach((s) => s.restore());
    restore = [];

    answerPicks('minor');
    restore.push(stubWindow({ showInputBox: async () => 'third', showInformationMessage: async () => undefined }));
    const asked = answerModal('Show Diff', 'Release');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const result = (await vscode.commands.executeCommand(COMMAND.release, { kind: 'file', uri: file })) as { status: string; version: string };
    assert.equal(result.status, 'released');
    assert.equal(result.version, '1.2.0');
    assert.equal(asked.length, 2, 'asked again after showing the diff');
    assert.equal(asked[0]!.modal, true);
    assert.equal(asked[0]!.message, 'Release tone 1.2.0?');
    assert.match(asked[0]!.detail!, /^tone: 1\.1\.0 → 1\.2\.0$/m);
    assert.deepEqual(asked[0]!.items, ['Release', 'Show Diff']);
    const shown = await activeDiff();
    assert.equal(shown.left, snapshot(dir, '1.1.0'), 'Show Diff compared the latest release…');
    assert.equal(shown.rightUri.fsPath, file.fsPath, '…with the working file');

    await core.release(path.join(mirror, 'prompts', 'tone.prompt.yml'), { bump: 'minor', message: 'third' });
    assertSameAsCore();
    assert.match(readFileSync(file.fsPath, 'utf8'), /^version: 1\.2\.0$/m);
  });

  it('promotes one label to another: "staging: 1.1.0 → …" confirmed, then the lock as core writes it', async () => {
    // staging is at 1.1.0, production at 1.0.0: promote staging → production.
    const titles = answerPicks('staging', 'production');
    const asked = answerModal('Promote');
    const result = (await vscode.commands.executeCommand(COMMAND.promote, { kind: 'file', uri: file })) as { from: string; to: string; action: string };
    assert.equal(titles.length, 2);
    assert.deepEqual([result.from, result.to, result.action], ['1.0.0', '1.1.0', 'promote']);
    assert.equal(asked[0]!.message, 'Promote tone: production: 1.0.0 → 1.1.0?');
    assert.deepEqual(asked[0]!.items, ['Promote', 'Show Diff']);
    await core.promote('tone', 'staging', 'production');
    assertSameAsCore();

    // From a version node: point a label at that version.
    answerPicks('staging');
    const asked2 = answerModal('Promote');
    await vscode.commands.executeCommand(COMMAND.promote, versionNode('1.2.0'));
    assert.equal(asked2[0]!.message, 'Point tone@staging at 1.2.0? staging: 1.1.0 → 1.2.0');
    await core.label('tone', 'staging', '1.2.0');
    assertSameAsCore();
    const tone = (await hooks.tree()).find((n) => n.label === 'versioned/prompts')!.children[0]!;
    assert.equal(tone.description, 'canary 1.1.0 · production 1.1.0 · staging 1.2.0');
  });

  it('rolls back a label to the version before it, after "production: 1.1.0 → 1.0.0" is confirmed', async () => {
    answerPicks('production');
    const asked = answerModal('Roll Back');
    const result = (await vscode.commands.executeCommand(COMMAND.rollBack, { kind: 'file', uri: file })) as { from: string; to: string; action: string };
    assert.deepEqual([result.from, result.to, result.action], ['1.1.0', '1.0.0', 'rollback']);
    assert.equal(asked[0]!.message, 'Roll back tone: production: 1.1.0 → 1.0.0?');
    await core.rollback('tone', 'production');
    assertSameAsCore();

    // Nothing before 1.0.0: the command says so and writes nothing.
    const errors: string[] = [];
    restore.push(stubWindow({ showErrorMessage: async (m: string) => void errors.push(m) }));
    const lockBefore = readFileSync(path.join(dir, 'prompts', 'prompts.lock.json'), 'utf8');
    await vscode.commands.executeCommand(COMMAND.rollBack, versionNode('1.0.0'));
    assert.match(errors[0] ?? '', /production is at 1\.0\.0, the first released version/);
    assert.equal(readFileSync(path.join(dir, 'prompts', 'prompts.lock.json'), 'utf8'), lockBefore);
  });

  it('opens the results view on stored runs: chart SVGs, a nonce\'d CSP, and a case-by-case comparison', async () => {
    const sha = (JSON.parse(readFileSync(path.join(dir, 'prompts', 'prompts.lock.json'), 'utf8')) as { prompts: { tone: { versions: Record<string, { sha256: string }> } } }).prompts.tone.versions;
    await storeRun(workspace, RUN_OLD, '2025-01-02T09:00:00.000Z', sha['1.0.0']!.sha256, { a: true, b: true, c: false });
    await storeRun(workspace, RUN_NEW, '2025-01-03T09:00:00.000Z', sha['1.1.0']!.sha256, { a: true, b: false, c: true, d: true });

    const shown = (await vscode.commands.executeCommand(COMMAND.results, file)) as { promptId: string; runs: string[] };
    assert.equal(shown.promptId, 'tone');
    assert.deepEqual(shown.runs, [RUN_OLD, RUN_NEW]);
    const panel = hooks.results('tone')!;
    const html = panel.html;
    for (const id of ['chart-pass-rate-time', 'chart-cost-per-run']) assert.match(html, new RegExp(`<svg id="${id}" class="chart"`), id);
    assert.match(html, /<div class="minis" id="chart-latency">.*<svg class="chart"/s);
    assert.match(html, /<circle class="dot s\d"[^>]*><title>1\.0\.0 · testllm\/gpt-4o-mini · 2025-01-02 09:00 UTC: 66\.7% \(2 of 3\)/, 'the working-file run is named after the release it matches');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1]!;
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), [`'nonce-${nonce}'`]);
    const img = directives.get('img-src') ?? [];
    assert.ok(img.length > 0 && !img.some((v) => v === '*' || v === 'https:' || v === 'http:'), `img-src ${img.join(' ')}`);
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline/);
    assert.ok(nonce.length >= 16);
    assert.match(html, new RegExp(`<script nonce="${nonce}" src="[^"]+/dist/webview/results\\.js"></script>`));
    assert.match(html, new RegExp(`<style nonce="${nonce}">`));

    await vscode.commands.executeCommand(COMMAND.results, file);
    const again = /script-src 'nonce-([^']+)'/.exec(hooks.results('tone')!.html)![1];
    assert.notEqual(again, nonce, 'a fresh nonce per render');

    const reply = await panel.handle({ kind: 'request', id: 7, method: 'results/compare', params: { runId: RUN_NEW, baselineRunId: RUN_OLD } });
    assert.equal(reply?.id, 7);
    const comparison = reply!.result as { counts: Record<string, number>; cases: Array<{ status: string; caseId: string; currentVersion?: string; baselineVersion?: string }> };
    assert.deepEqual(comparison.counts, { fixed: 1, broken: 1, unchanged: 1, new: 1, removed: 0 });
    assert.deepEqual(comparison.cases.map((c) => [c.status, c.caseId]), [['broken', 'b'], ['fixed', 'c'], ['new', 'd'], ['unchanged', 'a']]);
    assert.deepEqual([comparison.cases[0]!.currentVersion, comparison.cases[0]!.baselineVersion], ['1.1.0', '1.0.0']);

    for (const bad of [
      { kind: 'request', id: 8, method: 'results/compare', params: { runId: RUN_NEW } },
      { kind: 'request', id: 9, method: 'results/compare', params: { runId: RUN_NEW, baselineRunId: '../../etc' } },
      { kind: 'request', id: 10, method: 'results/compare', params: { runId: RUN_NEW, baselineRunId: RUN_OLD, extra: 1 } },
      { kind: 'request', id: 11, method: 'run/start', params: {} },
      JSON.parse('{"kind":"request","id":12,"method":"results/compare","params":{"__proto__":{"x":1},"runId":"a","baselineRunId":"b"}}'),
      'results/compare',
    ]) {
      assert.equal(await panel.handle(bad), undefined, `dropped: ${JSON.stringify(bad)}`);
    }
    const unknown = await panel.handle({ kind: 'request', id: 13, method: 'results/compare', params: { runId: RUN_NEW, baselineRunId: '20240101-000000-ffffff' } });
    assert.match(unknown?.error?.message ?? '', /is not a stored run of tone/);

    // A run stored while the panel is open shows without reopening it.
    await storeRun(workspace, RUN_LATEST, '2025-01-04T09:00:00.000Z', sha['1.2.0']!.sha256, { a: true });
    await waitUntil(() => hooks.results('tone')!.html.includes(`<option value="${RUN_LATEST}" selected>`), 'the panel to show the new run', 15_000);

    // "Open report of the run" opens core's HTML report of that run.
    const report = await panel.handle({ kind: 'request', id: 14, method: 'results/openReport', params: { runId: RUN_OLD } });
    assert.deepEqual(report, { kind: 'response', id: 14, result: { opened: true } });
    await waitUntil(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label === `Eval report ${RUN_OLD}`)), 'the report of the run');
  });
});

const COMMAND = {
  show: 'promptyard.showPromptVersions',
  diff: 'promptyard.diffPromptVersions',
  release: 'promptyard.releasePrompt',
  promote: 'promptyard.promotePrompt',
  rollBack: 'promptyard.rollBackPrompt',
  results: 'promptyard.openEvalResults',
};

/** A stored run in core's format (meta.json and results.jsonl through the run store): one case per entry. */
async function storeRun(workspace: string, runId: string, createdAt: string, sha256: string, outcomes: Record<string, boolean>): Promise<void> {
  const modelId = 'testllm/gpt-4o-mini';
  const meta: RunMeta = {
    runId,
    createdAt,
    origin: 'extension-host test',
    suites: ['versioned/prompts/tone.prompt.yml'],
    promptVersions: [{ id: 'tone', sha256 }],
    models: [modelId],
    total: Object.keys(outcomes).length,
    status: 'complete',
  };
  const writer = await createRun(path.join(runsDir(workspace), runId), meta);
  let i = 0;
  for (const [caseId, pass] of Object.entries(outcomes)) {
    const record: CaseRecord = {
      key: `tone|${modelId}|${caseId}|0`,
      promptId: 'tone',
      modelId,
      caseId,
      repeat: 0,
      promptSha256: sha256,
      suiteFile: 'versioned/prompts/tone.prompt.yml',
      vars: { text: caseId },
      output: `out ${caseId}`,
      pass,
      score: pass ? 1 : 0,
      results: [{ pass, score: pass ? 1 : 0, reason: pass ? 'ok' : 'expected friendlier', assertion: 'contains' }],
      latencyMs: 120 + 40 * i++,
      usage: { inputTokens: 20, outputTokens: 10, cachedInputTokens: 0 },
      cost: 0.0001,
      cached: false,
      finishedAt: createdAt,
    };
    await writer.append(record);
  }
  await writer.close();
}

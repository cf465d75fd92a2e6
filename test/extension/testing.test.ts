// The Test Explorer over the example workspace, against the test LLM server started here: the discovered
// tree (prompt → case → model), the run profiles, runs with their passes, failures (reason, diff, testData
// row) and the trust refusal, the cache and "Run without cache", "all configured models", results streaming
// while a call is still open, cancel closing the requests, stored runs opened as the HTML report, and the
// tree kept current as files are edited, created and deleted.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EvalTestingHooks, TestItemSnapshot } from '../../src/extension/testingHooks';
import type { RunLog } from '../../src/extension/testing/runSink';
import { startLlmServer, type LlmServer } from '../support/llmServer';
import { activated, revertDocument, stubWindow, waitUntil } from './support/harness';

const config = () => vscode.workspace.getConfiguration('promptyard');
const ids = (items: TestItemSnapshot[]) => items.map((i) => i.id);
const stateOf = (log: RunLog, id: string) => log.results.get(id)?.state;

describe('evals in the Test Explorer', function () {
  this.timeout(60_000);
  let server: LlmServer;
  let evals: EvalTestingHooks;
  let workspace: string;
  let greet: string;
  let promptfoo: string;
  const at = (rel: string) => path.join(workspace, rel);
  const suiteOf = async (file: string) => (await evals.tree()).find((s) => s.id === file);
  const caseOf = async (file: string, caseId: string) => (await suiteOf(file))?.children.find((c) => c.id === `${file}#${caseId}`);

  before(async () => {
    const { hooks } = await activated();
    evals = hooks.evals();
    workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    greet = at('evals/greet.prompt.yml');
    promptfoo = at('evals/promptfooconfig.yaml');
    // Runs of earlier test sessions stay (like the CLI's), but their cached answers would hide the requests.
    rmSync(at('.promptyard/cache'), { recursive: true, force: true });
    server = await startLlmServer();
    await config().update('endpoints', { testllm: { baseURL: server.openaiBaseURL, models: ['gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4o'] } }, vscode.ConfigurationTarget.Global);
    await config().update('requests.maxRetries', 0, vscode.ConfigurationTarget.Global);
    await waitUntil(() => hooks.endpoints().names.includes('testllm'), 'the test endpoint to be read');
    // VS Code in the browser saves after a delay by default: an edit of the fixture would land on disk.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await config().update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    await config().update('requests.maxRetries', undefined, vscode.ConfigurationTarget.Global);
    await config().update('evals.models', undefined, vscode.ConfigurationTarget.Global);
    // Never leave the fixture dirty: closing a dirty editor here may save it.
    await revertDocument(vscode.Uri.file(greet));
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    server.setLatency({});
  });

  it('discovers prompt files and promptfoo configs as prompt → case, and → model when there are several', async () => {
    const tree = await evals.tree();
    assert.ok(!ids(tree).includes(at('hello.prompt.yml')), 'a prompt file without testData is no suite');
    const g = tree.find((s) => s.id === greet)!;
    assert.equal(g.label, 'Greeter');
    assert.equal(g.description, 'evals/greet.prompt.yml');
    assert.deepEqual(
      g.children.map((c) => [c.label, c.range?.[0], c.children.length]),
      [
        ['Greets Ada by name', 10, 0],
        ['bob', 17, 0],
        ['cara', 23, 0],
        [g.children[3]!.label, 29, 0],
      ],
      'one case per testData row, at its row (0-based), no model leaves with a single model',
    );
    assert.match(g.children[3]!.description ?? '', /name=Dan/);
    const text = readFileSync(greet, 'utf8').split('\n');
    assert.match(text[17]!, /- id: bob/);

    const p = tree.find((s) => s.id === promptfoo)!;
    assert.equal(p.label, 'Echo words');
    assert.equal(p.children.length, 2);
    for (const c of p.children) assert.deepEqual(c.children.map((t) => t.label).sort(), ['testllm/gpt-4.1-mini', 'testllm/gpt-4o-mini']);
    assert.equal(p.children.find((c) => c.label === 'echoes apple')!.range![0], 8);

    const broken = tree.find((s) => s.id === at('language/problems.prompt.yml'));
    assert.ok(broken?.error, 'a suite that cannot load shows why');
  });

  it('offers "Run", "Run on all configured models" and "Run without cache", and no Debug profile', () => {
    const profiles = evals.profiles();
    assert.deepEqual(
      profiles.map((p) => [p.label, p.kind, p.isDefault]),
      [
        ['Run', 'run', true],
        ['Run on all configured models', 'run', false],
        ['Run without cache', 'run', false],
      ],
    );
  });

  it('runs a prompt file: passes, failures with reason, diff and testData row, and the trust refusal', async () => {
    const g = (await suiteOf(greet))!;
    const [ada, bob, cara, dan] = g.children;
    const log = await evals.run([greet], 'own');
    assert.equal(log.ended, true);
    assert.equal(stateOf(log, ada!.id), 'passed');
    assert.equal(stateOf(log, dan!.id), 'passed');
    assert.equal(stateOf(log, bob!.id), 'failed');
    const [failure] = log.results.get(bob!.id)!.messages;
    assert.match(failure!.text, /^equals: /);
    assert.equal(failure!.expected, 'Hello Bob');
    assert.equal(failure!.actual, 'Goodbye Bob');
    assert.equal(failure!.location?.file, greet);
    assert.equal(failure!.location!.line - 1, bob!.range![0], 'the failure points at its testData row');
    // The fixture workspace is untrusted in these tests: the case with a javascript assertion is refused.
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(stateOf(log, cara!.id), 'errored');
    assert.match(log.results.get(cara!.id)!.messages[0]!.text, /runs code.*not trusted.*Trust the workspace/s);
    assert.deepEqual(
      server.chatRequests().map((r) => (r.body as { messages: { content: string }[] }).messages.at(-1)!.content.split('.')[0]).sort(),
      ['Greet Ada', 'Greet Bob', 'Greet Dan'],
      'one call per runnable case, none for the refused one',
    );
    assert.equal(log.runIds.length, 1);
    assert.match(log.output.join('\n'), /2\/3 passed, 1 failed/);
  });

  it('stores the run like the CLI and opens it as the HTML report', async () => {
    const log = await evals.run([`${greet}#bob`], 'own');
    const runId = log.runIds[0]!;
    const dir = at(`.promptyard/runs/${runId}`);
    assert.ok(existsSync(path.join(dir, 'meta.json')) && existsSync(path.join(dir, 'results.jsonl')));
    const records = readFileSync(path.join(dir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { caseId: string; pass: boolean });
    assert.deepEqual(records.map((r) => [r.caseId, r.pass]), [['bob', false]]);
    const opened = (await vscode.commands.executeCommand('promptyard.openEvalReport', { workspace, runId })) as { runId: string } | undefined;
    assert.equal(opened?.runId, runId);
    await waitUntil(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label === `Eval report ${runId}`)), 'the report tab');

    // From a failure in the test peek: the workbench hands the command a copy of the message, not the one reported.
    const [failure] = log.results.get(`${greet}#bob`)!.messages;
    assert.equal(failure!.contextValue, `promptyard.evalResult/${runId}`);
    const later = await evals.run([`${greet}#ada`], 'own');
    assert.notEqual(later.runIds[0], runId);
    const copy = new vscode.TestMessage(failure!.text);
    copy.contextValue = failure!.contextValue;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const fromPeek = (await vscode.commands.executeCommand('promptyard.openEvalReport', { message: copy })) as { runId: string } | undefined;
    assert.equal(fromPeek?.runId, runId, 'the failure\'s run, not the last one');
    await waitUntil(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label === `Eval report ${runId}`)), 'the report tab again');
  });

  it('answers a second "Run" from the cache, and "Run without cache" calls the model again', async () => {
    await evals.run([`${greet}#ada`, `${greet}#bob`], 'own');
    server.reset();
    const cached = await evals.run([`${greet}#ada`, `${greet}#bob`], 'own');
    assert.equal(server.chatRequests().length, 0, 'both answers came from the cache');
    assert.equal(stateOf(cached, `${greet}#ada`), 'passed');
    assert.equal(stateOf(cached, `${greet}#bob`), 'failed');
    const fresh = await evals.run([`${greet}#ada`, `${greet}#bob`], 'noCache');
    assert.equal(server.chatRequests().length, 2);
    assert.equal(fresh.mode, 'noCache');
    assert.equal(stateOf(fresh, `${greet}#ada`), 'passed');
  });

  it('runs each case on its models, one leaf per model, and "all configured models" adds the configured ones', async () => {
    const p = (await suiteOf(promptfoo))!;
    const apple = p.children.find((c) => c.label === 'echoes apple')!;
    const pear = p.children.find((c) => c !== apple)!;
    const log = await evals.run([promptfoo], 'noCache');
    for (const leaf of apple.children) assert.equal(stateOf(log, leaf.id), 'passed', leaf.id);
    for (const leaf of pear.children) {
      assert.equal(stateOf(log, leaf.id), 'failed', leaf.id);
      assert.match(log.results.get(leaf.id)!.messages[0]!.text, /plum/);
    }
    assert.deepEqual(server.chatRequests().map((r) => r.model).sort(), ['gpt-4.1-mini', 'gpt-4.1-mini', 'gpt-4o-mini', 'gpt-4o-mini']);

    // One model leaf: that case on that model only.
    server.reset();
    const leaf = pear.children.find((t) => t.label === 'testllm/gpt-4.1-mini')!;
    const one = await evals.run([leaf.id], 'noCache');
    assert.deepEqual([...one.results.keys()], [leaf.id]);
    assert.equal(stateOf(one, leaf.id), 'failed');
    assert.deepEqual(server.chatRequests().map((r) => r.model), ['gpt-4.1-mini']);

    server.reset();
    await config().update('evals.models', ['testllm/gpt-4o'], vscode.ConfigurationTarget.Global);
    await waitUntil(() => config().get<string[]>('evals.models')?.length === 1, 'the setting');
    const all = await evals.run([apple.id], 'allModels');
    assert.equal(stateOf(all, apple.id), 'passed', 'all models report on the case');
    assert.deepEqual(server.chatRequests().map((r) => r.model).sort(), ['gpt-4.1-mini', 'gpt-4o', 'gpt-4o-mini'], 'the suite\'s two models and the configured one');
    const plan = all.output.find((l) => l.startsWith('Eval run '))!;
    for (const model of ['testllm/gpt-4o-mini', 'testllm/gpt-4.1-mini', 'testllm/gpt-4o,']) assert.ok(`${plan},`.includes(model), plan);
  });

  it('"Run on all configured models" asks which models when none are configured, and runs nothing when dismissed', async () => {
    await config().update('evals.models', undefined, vscode.ConfigurationTarget.Global);
    await waitUntil(() => config().get<string[]>('evals.models')?.length === 0, 'the setting to be cleared');
    const pear = (await suiteOf(promptfoo))!.children.find((c) => c.label !== 'echoes apple')!;
    let offered: string[] = [];
    let answer: string[] | undefined;
    const stub = stubWindow({
      showQuickPick: async (items: readonly vscode.QuickPickItem[], options?: vscode.QuickPickOptions) => {
        assert.equal(options?.canPickMany, true);
        offered = items.map((i) => i.label);
        return answer && items.filter((i) => answer!.includes(i.label));
      },
    });
    try {
      const dismissed = await evals.run([pear.id], 'allModels');
      assert.ok(offered.includes('testllm/gpt-4o'), offered.join(', '));
      assert.equal(dismissed.results.size, 0);
      assert.equal(server.chatRequests().length, 0);
      answer = ['testllm/gpt-4o'];
      const log = await evals.run([pear.id], 'allModels');
      assert.equal(stateOf(log, pear.id), 'failed');
      assert.deepEqual(server.chatRequests().map((r) => r.model).sort(), ['gpt-4.1-mini', 'gpt-4o', 'gpt-4o-mini']);
    } finally {
      stub.restore();
    }
  });

  it('streams results while a call is still open, and cancel stops the run and closes the request', async () => {
    server.setFaults(['stall-headers']);
    const cancel = new vscode.CancellationTokenSource();
    const runnable = (await suiteOf(greet))!.children.map((c) => c.id).filter((id) => id !== `${greet}#cara`);
    const running = evals.run(runnable, 'noCache', cancel.token);
    await server.waitFor(() => server.chatRequests().length === 3, 10_000);
    const stalled = () => server.chatRequests().find((r) => r.fault === 'stall-headers')!;
    await waitUntil(() => {
      const log = evals.lastLog();
      return !!log && [...log.results.values()].filter((r) => r.state === 'passed' || r.state === 'failed').length === 2;
    }, 'two results before the third call answered');
    const live = evals.lastLog()!;
    assert.equal(live.ended, false, 'the run is still going');
    assert.equal(stalled().endedAt, undefined, 'the stalled call is still open');
    cancel.cancel();
    const log = await running;
    assert.equal(log.ended, true);
    await server.waitFor(() => stalled().clientClosed, 5_000);
    const open = [...log.results.values()].filter((r) => r.state !== 'passed' && r.state !== 'failed');
    assert.deepEqual(open.map((r) => r.state), ['skipped'], 'the cancelled case ends as not run');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(server.chatRequests().length, 3, 'no call after cancel');
    cancel.dispose();
  });

  it('keeps the tree current: an edited testData row, a new suite file and a deleted one', async () => {
    const document = await vscode.workspace.openTextDocument(greet);
    await vscode.window.showTextDocument(document);
    const row = document.lineAt(17);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, row.range, row.text.replace('bob', 'robert'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      await waitUntil(async () => (await caseOf(greet, 'robert')) !== undefined, 'the renamed case');
      assert.equal(await caseOf(greet, 'bob'), undefined);
      assert.equal((await caseOf(greet, 'robert'))!.range![0], 17);
    } finally {
      await revertDocument(document.uri);
    }
    await waitUntil(async () => (await caseOf(greet, 'bob')) !== undefined, 'the reverted case');

    const added = at('evals/added.prompt.yml');
    writeFileSync(added, 'model: testllm/gpt-4o-mini\nmessages:\n  - role: user\n    content: "Hi {{who}}"\ntestData:\n  - id: one\n    who: you\n  - id: two\n    who: me\n');
    try {
      await waitUntil(async () => (await suiteOf(added))?.children.length === 2, 'the new suite with its two cases', 15_000);
    } finally {
      unlinkSync(added);
    }
    await waitUntil(async () => (await suiteOf(added)) === undefined, 'the deleted suite to go', 15_000);

    // A folder that arrives with its files (a checkout, a copy) and goes as a whole.
    const folder = at('evals-new');
    const inFolder = path.join(folder, 'deep', 'inside.prompt.yml');
    mkdirSync(path.dirname(inFolder), { recursive: true });
    writeFileSync(inFolder, 'model: testllm/gpt-4o-mini\nmessages:\n  - role: user\n    content: "Hi {{who}}"\ntestData:\n  - who: you\n');
    try {
      await waitUntil(async () => (await suiteOf(inFolder))?.children.length === 1, 'the suite of the new folder', 15_000);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    await waitUntil(async () => (await suiteOf(inFolder)) === undefined, 'the suite of the deleted folder to go', 15_000);
  });
});

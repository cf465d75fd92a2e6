// The CodeLenses of prompt files, as VS Code asks for them (vscode.executeCodeLensProvider): the file's
// lenses on its first line and "Run this case" on each testData row, each command run as a click would run it
// (against the test LLM server started here), and the case count following an unsaved edit.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunLog } from '../../src/extension/testing/runSink';
import { startLlmServer, type LlmServer } from '../support/llmServer';
import { activated, revertDocument, stubWindow, waitUntil } from './support/harness';

const config = () => vscode.workspace.getConfiguration('promptyard');

async function lensesOf(uri: vscode.Uri): Promise<Array<{ line: number; title: string; command: vscode.Command }>> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses
    .filter((l) => l.command && (l.command.command === '' || l.command.command.startsWith('promptyard.')))
    .map((l) => ({ line: l.range.start.line, title: l.command!.title, command: l.command! }));
}

const run = (lens: { command: vscode.Command }) => vscode.commands.executeCommand<unknown>(lens.command.command, ...(lens.command.arguments ?? []));

describe('prompt file CodeLenses', function () {
  this.timeout(60_000);
  let server: LlmServer;
  let greet: vscode.Uri;
  let releaseRegistered: boolean;

  before(async () => {
    const { hooks } = await activated();
    const workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    greet = vscode.Uri.file(path.join(workspace, 'evals/greet.prompt.yml'));
    server = await startLlmServer();
    await config().update('endpoints', { testllm: { baseURL: server.openaiBaseURL } }, vscode.ConfigurationTarget.Global);
    await waitUntil(() => hooks.endpoints().names.includes('testllm'), 'the test endpoint to be read');
    releaseRegistered = (await vscode.commands.getCommands(true)).includes('promptyard.releasePrompt');
    // VS Code in the browser saves after a delay by default: an edit of the fixture would land on disk.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    await vscode.window.showTextDocument(greet);
  });
  after(async () => {
    // Never leave the fixture dirty: closing a dirty editor here may save it.
    await revertDocument(greet);
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await config().update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });
  beforeEach(() => server.reset());

  it('shows the file\'s lenses on its first line and "Run this case" on each testData row', async () => {
    const lenses = await lensesOf(greet);
    const top = lenses.filter((l) => l.line === 0);
    assert.deepEqual(
      top.map((l) => [l.title, l.command.command]),
      [
        ['Open in Playground', 'promptyard.openInPlayground'],
        ['Run evals (4 cases)', 'promptyard.runEvalTests'],
        ...(releaseRegistered ? [['Release…', 'promptyard.releasePrompt']] : []),
        ['History', 'promptyard.showEvalHistory'],
      ],
    );
    for (const lens of top) assert.equal((lens.command.arguments?.[0] as vscode.Uri).toString(), greet.toString());
    const rows = lenses.filter((l) => l.line > 0);
    assert.deepEqual(
      rows.map((l) => [l.line, l.title, l.command.arguments?.[1]]),
      [
        [10, 'Run this case', 'ada'],
        [17, 'Run this case', 'bob'],
        [23, 'Run this case', 'cara'],
        [29, 'Run this case', rows[3]?.command.arguments?.[1]],
      ],
    );
    const document = await vscode.workspace.openTextDocument(greet);
    for (const row of rows) assert.match(document.lineAt(row.line).text, /^ {2}- /, `line ${row.line} starts a testData row`);
  });

  it('"Run this case" runs that one case in the Test Explorer', async () => {
    const bob = (await lensesOf(greet)).find((l) => l.command.arguments?.[1] === 'bob')!;
    const log = (await run(bob)) as RunLog;
    assert.deepEqual([...log.results.keys()], [`${greet.fsPath}#bob`]);
    assert.equal(log.results.get(`${greet.fsPath}#bob`)!.state, 'failed');
    assert.equal(server.chatRequests().length <= 1, true, 'one call at most (none when cached)');
  });

  it('"Run evals (4 cases)" runs every case of the file, and "History" opens one of its stored runs', async () => {
    const all = (await lensesOf(greet)).find((l) => l.title.startsWith('Run evals'))!;
    const log = (await run(all)) as RunLog;
    assert.equal(log.results.size, 4);
    assert.deepEqual([...log.results.values()].map((r) => r.state).sort(), ['errored', 'failed', 'passed', 'passed']);

    const history = (await lensesOf(greet)).find((l) => l.title === 'History')!;
    let offered: string[] = [];
    const stub = stubWindow({
      showQuickPick: async (items: readonly (vscode.QuickPickItem & { run: unknown })[]) => {
        offered = items.map((i) => i.detail ?? '');
        return items[0];
      },
    });
    try {
      const opened = (await run(history)) as { runId: string } | undefined;
      assert.equal(opened?.runId, log.runIds[0], 'the newest run comes first');
      assert.ok(offered.length >= 2 && offered.every((d) => d.includes('evals/greet.prompt.yml')), 'only runs of this file are offered');
    } finally {
      stub.restore();
    }
    await waitUntil(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label === `Eval report ${log.runIds[0]}`)), 'the report tab');
  });

  it('counts the cases of the unsaved text: a new testData row adds a lens and one to the count', async () => {
    const editor = await vscode.window.showTextDocument(greet);
    const end = editor.document.lineCount - 1;
    assert.equal(editor.document.lineAt(end).text, '', 'the file ends with a newline');
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(end, 0), '  - id: eve\n    name: Eve\n    answer: Hello Eve\n')));
    try {
      await waitUntil(async () => (await lensesOf(greet)).some((l) => l.title === 'Run evals (5 cases)'), 'the new count');
      const eve = (await lensesOf(greet)).find((l) => l.command.arguments?.[1] === 'eve');
      assert.equal(eve?.line, end);
    } finally {
      await revertDocument(greet);
    }
    await waitUntil(async () => (await lensesOf(greet)).some((l) => l.title === 'Run evals (4 cases)'), 'the count after revert');
  });

  it('"Open in Playground" opens the file in a playground panel', async () => {
    const open = (await lensesOf(greet)).find((l) => l.title === 'Open in Playground')!;
    const opened = (await run(open)) as vscode.Uri;
    assert.equal(opened.toString(), greet.toString());
    await waitUntil(
      () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Playground: greet.prompt.yml')),
      'the playground panel',
    );
    // The panel is bound to the file (edits flow both ways): close it so nothing else writes there.
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Playground: greet.prompt.yml');
    await vscode.window.tabGroups.close(tabs);
  });
});

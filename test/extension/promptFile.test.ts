// Prompt files and the playground: Save as Prompt File writes a file that parses back to the same draft;
// a panel bound to a file takes its draft from the document, edits it with undoable workspace edits, hears
// typing in the editor (parse errors included), saves through the file, and files feedback next to it.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parsePromptFile } from '../../src/core/prompts/parse';
import { draftFromPrompt } from '../../src/extension/playground/draft';
import type { TestingHooks } from '../../src/extension/testingHooks';
import type { PlaygroundDraft } from '../../src/shared/protocol';
import { startLlmServer, type LlmServer } from '../support/llmServer';
import { activated, captureMessages, FakeWebview, stubWindow, waitUntil } from './support/harness';

const PROMPT = `# A prompt for the panel tests
name: Greeter
model: testllm/gpt-4o-mini
modelParameters:
  temperature: 0.5 # warm
messages:
  - role: system
    content: You greet people.
  - role: user
    content: Say hello to {{name}}.
testData:
  - name: Ada
`;

describe('extension prompt files and the bound playground', function () {
  this.timeout(30_000);
  let hooks: TestingHooks;
  let server: LlmServer;
  let dir: string;
  const webviews: FakeWebview[] = [];

  before(async () => {
    ({ hooks } = await activated());
    server = await startLlmServer();
    await vscode.workspace.getConfiguration('promptyard').update('endpoints', { testllm: { baseURL: server.openaiBaseURL } }, vscode.ConfigurationTarget.Global);
    await waitUntil(() => hooks.endpoints().names.includes('testllm'), 'the user endpoint to be read');
    dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-ext-'));
  });
  after(async () => {
    for (const w of webviews) w.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('promptyard').update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  const bound = (file: string) => {
    const w = new FakeWebview().attach(hooks, vscode.Uri.file(file));
    webviews.push(w);
    return w;
  };
  const promptFile = (name: string, text = PROMPT) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('Save as Prompt File writes a .prompt.yml that parses back to the same draft', async () => {
    const draft: PlaygroundDraft = {
      name: 'Notes',
      messages: [
        { role: 'system', content: 'Summarize.\nKeep it short.' },
        { role: 'user', content: '{{notes}}' },
      ],
      variables: { notes: 'a, b' },
      modelIds: ['openai/gpt-4o-mini'],
      parameters: { temperature: 0.1, stop: ['END'] },
      responseFormat: { type: 'json_object' },
    };
    const target = vscode.Uri.file(path.join(dir, 'notes'));
    const stub = stubWindow({ showSaveDialog: async () => target });
    const messages = captureMessages();
    const w = new FakeWebview().attach(hooks);
    webviews.push(w);
    try {
      const { file } = await w.request<{ file: string }>('draft/save', { draft });
      assert.ok(file.endsWith('notes.prompt.yml'), file);
      const written = path.join(dir, 'notes.prompt.yml');
      const parsed = parsePromptFile(readFileSync(written, 'utf8'), written);
      assert.ok(parsed.prompt, JSON.stringify(parsed.diagnostics));
      assert.deepEqual(draftFromPrompt(parsed.prompt), { ...draft, variables: {} });

      // The palette command saves the draft the playground last sent.
      const second = vscode.Uri.file(path.join(dir, 'again.prompt.yml'));
      stub.restore();
      const stub2 = stubWindow({ showSaveDialog: async () => second });
      try {
        assert.deepEqual(await vscode.commands.executeCommand('promptyard.saveAsPromptFile'), { file: second.fsPath });
        assert.equal(readFileSync(second.fsPath, 'utf8'), readFileSync(written, 'utf8'));
      } finally {
        stub2.restore();
      }
    } finally {
      stub.restore();
      messages.restore();
    }
  });

  it('opens a panel bound to the file: its draft comes from the document', async () => {
    const file = promptFile('greeter.prompt.yml');
    await vscode.commands.executeCommand('promptyard.openInPlayground', vscode.Uri.file(file));
    await waitUntil(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label === 'Playground: greeter.prompt.yml')), 'the playground panel to open');
    const w = bound(file);
    w.session.receive({ kind: 'ready' });
    const init = await w.waitFor(() => w.notifications('init')[0]);
    assert.equal(init.mode, 'panel');
    assert.ok(init.boundFile?.endsWith('greeter.prompt.yml'));
    assert.deepEqual(init.draft.messages.map((m) => m.content), ['You greet people.', 'Say hello to {{name}}.']);
    assert.deepEqual(init.draft.modelIds, ['testllm/gpt-4o-mini']);
    assert.deepEqual(init.draft.variables, { name: 'Ada' });
  });

  it('applies the panel\'s edits as an undoable workspace edit that keeps comments, and saves through the file', async () => {
    const file = promptFile('edit.prompt.yml');
    const w = bound(file);
    const uri = vscode.Uri.file(file);
    const document = await vscode.workspace.openTextDocument(uri);
    const draft = draftFromPrompt(parsePromptFile(PROMPT, file).prompt!);
    draft.messages[1]!.content = 'Say hello to {{name}} in French.';
    assert.deepEqual(await w.request('draft/edit', { draft }), { applied: true });
    assert.match(document.getText(), /content: Say hello to \{\{name\}\} in French\./);
    assert.match(document.getText(), /# warm/);
    assert.equal(document.isDirty, true);
    assert.equal(readFileSync(file, 'utf8'), PROMPT, 'nothing is written until the file is saved');
    await w.waitFor(() => w.notifications('draft/changed').find((c) => c.draft.messages[1]?.content === 'Say hello to {{name}} in French.'));

    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), PROMPT, 'undo in the editor reverts the panel\'s edit');

    assert.ok((await w.request<{ file: string }>('draft/save', { draft })).file.endsWith('edit.prompt.yml'));
    assert.match(readFileSync(file, 'utf8'), /in French/);
    assert.equal(document.isDirty, false);
  });

  it('sends typing in the editor to the panel, and a parse error without a draft to lose', async () => {
    const file = promptFile('typing.prompt.yml');
    const w = bound(file);
    const uri = vscode.Uri.file(file);
    const document = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    const at = document.getText().indexOf('You greet people.');
    edit.replace(uri, new vscode.Range(document.positionAt(at), document.positionAt(at + 'You greet people.'.length)), 'You greet people warmly.');
    await vscode.workspace.applyEdit(edit);
    const changed = await w.waitFor(() => w.notifications('draft/changed').find((c) => c.draft.messages[0]?.content === 'You greet people warmly.'));
    assert.equal(changed.error, undefined);
    assert.deepEqual(changed.draft.variables, {}, 'the webview keeps the values typed there');

    const breakIt = new vscode.WorkspaceEdit();
    breakIt.insert(uri, new vscode.Position(0, 0), 'name: [oops\n');
    await vscode.workspace.applyEdit(breakIt);
    const broken = await w.waitFor(() => w.notifications('draft/changed').find((c) => c.error));
    assert.match(broken.error!, /Line \d+/);
    assert.match(broken.error!, /Fix it in the editor/);

    const refused = await w.request<{ applied: boolean; error?: string }>('draft/edit', { draft: changed.draft });
    assert.equal(refused.applied, false);
    assert.match(refused.error!, /YAML/);
  });

  it('files feedback on an answer next to the prompt and lists the dataset under datasets:', async () => {
    const file = promptFile('feedback.prompt.yml');
    const w = bound(file);
    const draft = { ...draftFromPrompt(parsePromptFile(PROMPT, file).prompt!), variables: { name: 'Grace' } };
    const { runId } = await w.request<{ runId: string }>('run/start', { draft });
    const done = await w.waitFor(() => w.notifications('run/done').find((d) => d.runId === runId));
    const { dataset } = await w.request<{ dataset: string }>('feedback/add', { runId, columnId: 'c1', rating: 'down', note: 'Too formal.' });
    assert.ok(dataset.endsWith('feedback.feedback.jsonl'), dataset);
    const line = JSON.parse(readFileSync(path.join(dir, 'feedback.feedback.jsonl'), 'utf8').trim()) as { vars: unknown; assert: { type: string; value: string }[]; metadata: { rejected: string } };
    assert.deepEqual(line.vars, { name: 'Grace' });
    assert.equal(line.assert[0]!.type, 'llm-rubric');
    assert.match(line.assert[0]!.value, /Too formal\./);
    assert.equal(line.metadata.rejected, done.result.text);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await waitUntil(() => /datasets:\n\s+- feedback\.feedback\.jsonl/.test(document.getText()), 'the dataset to be listed in the prompt file');
  });

  it('answers a tool call from a fixture next to the prompt', async () => {
    const file = promptFile('tools.prompt.yml');
    mkdirSync(path.join(dir, 'tools.fixtures'), { recursive: true });
    writeFileSync(path.join(dir, 'tools.fixtures', 'get_weather.json'), '{"temp": 21}\n');
    const w = bound(file);
    assert.deepEqual(await w.request('tools/fixture', { toolName: 'get_weather' }), { content: '{"temp": 21}' });
    assert.deepEqual(await w.request('tools/fixture', { toolName: 'unknown_tool' }), {});
  });
});

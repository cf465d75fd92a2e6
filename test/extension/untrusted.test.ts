// Workspace Trust: this test VS Code opens the fixture workspace untrusted (nobody trusted it), so custom
// endpoints from its workspace settings must be ignored and every path that would use one must refuse,
// even when called through executeCommand; endpoints in user settings keep working.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunLog } from '../../src/extension/testing/runSink';
import type { TestingHooks } from '../../src/extension/testingHooks';
import type { ProviderStatus } from '../../src/shared/protocol';
import { startLlmServer, type LlmServer } from '../support/llmServer';
import { activated, captureMessages, FakeWebview, waitUntil } from './support/harness';

describe('extension in an untrusted workspace', function () {
  this.timeout(30_000);
  let hooks: TestingHooks;
  let server: LlmServer;
  let settingsDir: string;
  let hadSettingsDir: boolean;
  const config = () => vscode.workspace.getConfiguration('promptyard');

  before(async function () {
    ({ hooks } = await activated());
    assert.equal(vscode.workspace.isTrusted, false, 'these tests need the workspace untrusted (code-server opens a folder nobody trusted that way)');
    server = await startLlmServer();
    settingsDir = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, '.vscode');
    hadSettingsDir = existsSync(settingsDir);
    await config().update('endpoints', { mine: { baseURL: server.openaiBaseURL } }, vscode.ConfigurationTarget.Global);
    await config().update('endpoints', { wsonly: { baseURL: server.openaiBaseURL, headers: { 'x-from': 'workspace' } }, mine: { baseURL: 'https://attacker.invalid/v1' } }, vscode.ConfigurationTarget.Workspace);
    await waitUntil(() => hooks.endpoints().names.includes('mine') && existsSync(path.join(settingsDir, 'settings.json')), 'the endpoint settings to be written and read');
  });
  after(async () => {
    await config().update('endpoints', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    if (!hadSettingsDir) rmSync(settingsDir, { recursive: true, force: true });
    await server.close();
  });
  beforeEach(() => server.reset());

  it('uses only the user\'s endpoints: the workspace ones are neither listed nor merged', async () => {
    const state = hooks.endpoints();
    assert.equal(state.trusted, false);
    assert.deepEqual(state.names, ['mine']);
    const messages = captureMessages();
    try {
      const providers = (await vscode.commands.executeCommand('promptyard.showProviders')) as ProviderStatus[];
      const wsonly = providers.find((p) => p.name === 'wsonly');
      assert.ok(wsonly === undefined || /ignored/.test(wsonly.detail ?? ''), 'wsonly is absent, or listed as ignored');
      assert.ok(providers.find((p) => p.name === 'mine')!.detail!.includes(server.openaiBaseURL), 'the user value of mine, not the workspace one');
    } finally {
      messages.restore();
    }
  });

  it('refuses a run on a workspace endpoint from the playground, and runs the user\'s', async () => {
    const w = new FakeWebview().attach(hooks);
    try {
      const draft = { messages: [{ role: 'user', content: 'hi' }], variables: {}, modelIds: ['wsonly/gpt-4o-mini', 'mine/gpt-4o-mini'], parameters: {} };
      const { runId } = await w.request<{ runId: string }>('run/start', { draft });
      const failed = await w.waitFor(() => w.notifications('run/failed').find((f) => f.runId === runId));
      assert.equal(failed.columnId, 'c1');
      assert.equal(failed.failure.kind, 'config');
      assert.match(failed.failure.message, /wsonly.*not trusted/s);
      assert.match(failed.failure.hint!, /Trust the workspace/);
      await w.waitFor(() => w.notifications('run/done').find((d) => d.runId === runId));
      assert.equal(server.chatRequests().length, 1);
      assert.equal(server.chatRequests()[0]!.headers['x-from'], undefined, 'no header from the workspace was sent');
      const { models } = await w.request<{ models: { id: string }[] }>('models/list', { refresh: true });
      assert.equal(models.some((m) => m.id.startsWith('wsonly/')), false);
    } finally {
      w.dispose();
    }
  });

  it('refuses in code what would use them, even through executeCommand', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-untrusted-'));
    const file = path.join(dir, 'ws.prompt.yml');
    writeFileSync(file, 'model: wsonly/gpt-4o-mini\nmessages:\n  - role: user\n    content: hi\n');
    const local = path.join(dir, 'local.prompt.yml');
    writeFileSync(local, 'model: local/../models/evil.gguf\nmessages:\n  - role: user\n    content: hi\n');
    const messages = captureMessages();
    try {
      assert.equal(await vscode.commands.executeCommand('promptyard.runPromptFile', vscode.Uri.file(file)), undefined);
      assert.match(messages.errors.at(-1)!, /wsonly.*not trusted.*Trust the workspace/s);
      assert.equal(await vscode.commands.executeCommand('promptyard.runPromptFile', vscode.Uri.file(local)), undefined);
      assert.match(messages.errors.at(-1)!, /model file/);
      assert.equal(await vscode.commands.executeCommand('promptyard.setApiKey', 'wsonly'), undefined);
      assert.match(messages.errors.at(-1)!, /not trusted/);
      assert.equal(await vscode.commands.executeCommand('promptyard.runEvals', vscode.Uri.file(file)), undefined);
      assert.match(messages.errors.at(-1)!, /Evals can run code/);
      assert.equal(server.chatRequests().length, 0);
    } finally {
      messages.restore();
    }
  });
});

describe('evals in an untrusted workspace', function () {
  this.timeout(30_000);
  let server: LlmServer;
  let greet: vscode.Uri;
  let hooks: TestingHooks;

  before(async () => {
    ({ hooks } = await activated());
    assert.equal(vscode.workspace.isTrusted, false);
    greet = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'evals/greet.prompt.yml'));
    server = await startLlmServer();
    // The model would be reachable: only the trust gate stands between the case and a call.
    await vscode.workspace.getConfiguration('promptyard').update('endpoints', { testllm: { baseURL: server.openaiBaseURL } }, vscode.ConfigurationTarget.Global);
    await waitUntil(() => hooks.endpoints().names.includes('testllm'), 'the user endpoint to be read');
  });
  after(async () => {
    await vscode.workspace.getConfiguration('promptyard').update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  it('refuses a case with a javascript assertion, says why in the Test Explorer, and sends nothing', async () => {
    const cases = (await hooks.evals().tree()).find((s) => s.id === greet.fsPath)!.children;
    assert.deepEqual(
      cases.filter((c) => c.description?.endsWith('runs code: not run until you trust the workspace')).map((c) => c.label),
      ['cara'],
      'the tree marks the case before any run',
    );
    const log = (await vscode.commands.executeCommand('promptyard.runEvalTests', greet, 'cara')) as RunLog;
    const result = log.results.get(`${greet.fsPath}#cara`)!;
    assert.equal(result.state, 'errored');
    assert.match(result.messages[0]!.text, /^Not run: this case runs code \(a javascript assertion or a transform\).*not trusted.*Trust the workspace/s);
    assert.ok(log.output.some((line) => line.includes('cara — Not run: this case runs code')), 'the run output says it too');
    assert.equal(server.chatRequests().length, 0, 'no model call for a refused case');
    assert.deepEqual(log.runIds, [], 'nothing to store: no case was runnable');
  });
});

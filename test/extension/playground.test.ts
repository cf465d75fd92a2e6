// The playground host driven through its message router with a fake webview, against the test LLM server
// started here: init, models, a streamed run kept in history, Stop, failures with hints, Copy as code, and
// thousands of malformed messages that change nothing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingHooks } from '../../src/extension/testingHooks';
import { PROTOCOL_VERSION, type PlaygroundDraft } from '../../src/shared/protocol';
import { startLlmServer, type LlmServer } from '../support/llmServer';
import { activated, FakeWebview, waitUntil } from './support/harness';

const draft = (over: Partial<PlaygroundDraft> = {}): PlaygroundDraft => ({
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Tell me about {{topic}}.' },
  ],
  variables: { topic: 'otters' },
  modelIds: ['testllm/gpt-4o-mini'],
  parameters: {},
  ...over,
});

describe('extension playground host', function () {
  this.timeout(30_000);
  let server: LlmServer;
  let hooks: TestingHooks;
  const webviews: FakeWebview[] = [];
  const open = () => {
    const w = new FakeWebview().attach(hooks);
    webviews.push(w);
    return w;
  };

  before(async () => {
    ({ hooks } = await activated());
    server = await startLlmServer();
    const endpoints = { testllm: { baseURL: server.openaiBaseURL, models: ['gpt-4o-mini'] }, down: { baseURL: 'http://127.0.0.1:9/v1' } };
    await vscode.workspace.getConfiguration('promptyard').update('endpoints', endpoints, vscode.ConfigurationTarget.Global);
    await waitUntil(() => hooks.endpoints().names.includes('testllm'), 'the user endpoint to be read');
  });
  after(async () => {
    for (const w of webviews) w.dispose();
    await vscode.workspace.getConfiguration('promptyard').update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    server.setLatency({});
  });

  it('answers ready with init: protocol version, view mode, trust and a draft', async () => {
    const w = open();
    w.session.receive({ kind: 'ready' });
    const init = await w.waitFor(() => w.notifications('init')[0]);
    assert.equal(init.protocolVersion, PROTOCOL_VERSION);
    assert.equal(init.mode, 'view');
    assert.equal(init.trusted, vscode.workspace.isTrusted);
    assert.ok(init.draft.messages.length > 0);
    assert.ok(Array.isArray(init.history));
  });

  it('lists the models of the configured providers, with local/default always there', async () => {
    const w = open();
    const { models, providers } = await w.request<{ models: { id: string; unavailable?: string }[]; providers: { name: string }[] }>('models/list', { refresh: true });
    assert.ok(models.some((m) => m.id === 'testllm/gpt-4o-mini' && !m.unavailable));
    assert.ok(models.some((m) => m.id === 'testllm/gpt-4.1-mini'), 'the endpoint was asked for its models');
    assert.ok(models.some((m) => m.id === 'local/default'));
    assert.deepEqual(providers.map((p) => p.name).slice(0, 4), ['openai', 'anthropic', 'ollama', 'local']);
  });

  it('streams a run in batches, ends it with usage and latency, and keeps it in the history', async () => {
    const w = open();
    const { runId, columns } = await w.request<{ runId: string; columns: unknown[] }>('run/start', { draft: draft() });
    assert.equal(columns.length, 1);
    const done = await w.waitFor(() => w.notifications('run/done').find((d) => d.runId === runId));
    const streamed = w.notifications('run/delta').filter((d) => d.runId === runId).map((d) => d.text ?? '').join('');
    assert.equal(streamed, done.result.text);
    assert.ok(done.result.usage.outputTokens > 0);
    assert.ok(done.result.latencyMs >= 0);
    assert.equal((server.chatRequests()[0]!.body as { messages: { content: string }[] }).messages[1]!.content, 'Tell me about otters.');

    const later = open();
    later.session.receive({ kind: 'ready' });
    const init = await later.waitFor(() => later.notifications('init')[0]);
    assert.ok(init.history.some((h) => h.runId === runId), 'a new view (or a reload) gets the run from workspaceState');
  });

  it('Stop aborts the request and the server sees the connection close', async () => {
    server.setLatency({ chunkMs: 150 });
    const w = open();
    const { runId } = await w.request<{ runId: string }>('run/start', { draft: draft({ parameters: { maxTokens: 300 } }) });
    await server.waitFor(() => (server.chatRequests()[0]?.chunksSent ?? 0) > 0);
    assert.deepEqual(await w.request('run/stop', { runId }), { stopped: true });
    const failed = await w.waitFor(() => w.notifications('run/failed').find((f) => f.runId === runId));
    assert.equal(failed.failure.kind, 'cancelled');
    await server.waitFor(() => server.chatRequests()[0]!.clientClosed);
  });

  it('a render failure and an unreachable endpoint end in run/failed with a hint; the session stays usable', async () => {
    const w = open();
    const render = await w.request<{ runId: string }>('run/start', { draft: draft({ variables: {} }) });
    const renderFailure = await w.waitFor(() => w.notifications('run/failed').find((f) => f.runId === render.runId));
    assert.equal(renderFailure.failure.kind, 'render');
    assert.match(renderFailure.failure.message, /topic/);
    assert.ok(renderFailure.failure.hint);

    const down = await w.request<{ runId: string }>('run/start', { draft: draft({ modelIds: ['down/model', 'openai/fault-401'] }) });
    const failures = await w.waitFor(() => {
      const f = w.notifications('run/failed').filter((x) => x.runId === down.runId);
      return f.length === 2 ? f : undefined;
    });
    const unreachable = failures.find((f) => f.columnId === 'c1')!.failure;
    assert.equal(unreachable.kind, 'network');
    assert.match(unreachable.hint!, /reachable/);
    const noKey = failures.find((f) => f.columnId === 'c2')!.failure;
    assert.equal(noKey.kind, 'auth');
    assert.match(noKey.hint!, /Set API Key/);

    const again = await w.request<{ runId: string }>('run/start', { draft: draft() });
    await w.waitFor(() => w.notifications('run/done').find((d) => d.runId === again.runId));
  });

  it('drops thousands of malformed messages without a reply or a change of state, then still answers', async () => {
    const w = open();
    await w.request('models/list', {});
    const before = { snapshot: w.session.snapshot(), messages: w.messages.length, requests: server.requests.length };
    const junk: unknown[] = [
      null, 42, 'ready', [], { kind: 'ready', x: 1 }, { kind: 'request', id: 1, method: 'run/start', params: { draft: { __proto__: { evil: 1 } } } },
      JSON.parse('{"kind":"request","id":2,"method":"run/start","params":{"draft":{"messages":[],"variables":{"__proto__":"x"},"modelIds":[],"parameters":{}}}}'),
      { kind: 'request', id: 3, method: 'run/start', params: { draft: { ...draft(), messages: [{ role: 'user', content: 'x'.repeat(2_500_000) }] } } },
      { kind: 'request', id: 4, method: 'tools/fixture', params: { toolName: '../../secrets' } },
      { kind: 'request', id: 5, method: 'constructor', params: {} },
    ];
    let seed = 1;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const methods = ['run/start', 'draft/save', 'draft/edit', 'feedback/add', 'code/copy', 'keys/open', 'history/clear', 'nope'];
    for (let i = 0; i < 3_000; i++) {
      const kind = random() < 0.9 ? 'request' : 'reply';
      junk.push({ kind, id: Math.floor(random() * 1e6) * (random() < 0.1 ? -1 : 1), method: methods[Math.floor(random() * methods.length)], params: { draft: random() < 0.5 ? 'x'.repeat(Math.floor(random() * 100)) : { messages: [{ role: 'root', content: 1 }] }, n: random() } });
    }
    for (const m of junk) w.session.receive(m);
    await w.session.idle();
    assert.equal(w.messages.length, before.messages, 'no reply to anything malformed');
    assert.deepEqual(w.session.snapshot(), before.snapshot);
    assert.equal(server.requests.length, before.requests, 'no model call');
    assert.equal(({} as Record<string, unknown>).evil, undefined);
    const { models } = await w.request<{ models: unknown[] }>('models/list', {});
    assert.ok(models.length > 0);
  });

  it('copies the draft as TypeScript and Python code to the clipboard', async () => {
    const w = open();
    assert.deepEqual(await w.request('code/copy', { draft: draft(), language: 'typescript' }), { copied: true });
    const tsCode = await vscode.env.clipboard.readText();
    assert.match(tsCode, /import OpenAI from 'openai'/);
    assert.match(tsCode, /Tell me about otters\./);
    assert.match(tsCode, new RegExp(server.openaiBaseURL.replace(/[.]/g, '\\.')));
    await w.request('code/copy', { draft: draft(), language: 'python' });
    assert.match(await vscode.env.clipboard.readText(), /from openai import OpenAI/);
  });
});

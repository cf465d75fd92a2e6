// Playground runs against the test LLM server through the real OpenAI SDK: streamed deltas in batches,
// done with usage and cost, compare columns, Stop closing the connection, tool calls continued, and
// failures (render, unreachable, 401, unknown provider) that say what to do.
import assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/core/config';
import { silentLogger, type SecretStore } from '../../../src/core/ports';
import { EMPTY_PARTIALS } from '../../../src/core/prompts/partials';
import { createProviderRegistry } from '../../../src/core/providers/registry';
import { RunManager } from '../../../src/extension/playground/runs';
import type { HistoryEntry, NotificationMap, PlaygroundDraft } from '../../../src/shared/protocol';
import { startLlmServer, type LlmServer } from '../../support/llmServer';

type Sent = { method: keyof NotificationMap; params: NotificationMap[keyof NotificationMap] };

function memorySecrets(values: Record<string, string>): SecretStore {
  const map = new Map(Object.entries(values));
  return { get: async (n) => map.get(n), set: async (n, v) => void map.set(n, v), delete: async (n) => map.delete(n) };
}

function setup(server: LlmServer, options: { deltaIntervalMs?: number } = {}) {
  const config = defaultConfig();
  config.requests = { maxRetries: 0, timeoutMs: 5_000, deadlineMs: 10_000 };
  config.endpoints = {
    testllm: { name: 'testllm', baseURL: server.openaiBaseURL },
    down: { name: 'down', baseURL: 'http://127.0.0.1:9/v1' },
  };
  const registry = createProviderRegistry({ config, secrets: memorySecrets({ openai: 'sk-test-key-1234567890abcdef', testllm: 'k-0123456789' }), env: { OPENAI_BASE_URL: server.openaiBaseURL } });
  const sent: Sent[] = [];
  const history: HistoryEntry[] = [];
  const runs = new RunManager({
    resolve: (id) => registry.resolve(id),
    partials: async () => EMPTY_PARTIALS,
    notify: (method, params) => sent.push({ method, params }),
    recorded: (e) => history.push(e),
    file: () => '/tmp/playground.prompt.yml',
    logger: silentLogger,
    ...(options.deltaIntervalMs !== undefined ? { deltaIntervalMs: options.deltaIntervalMs } : {}),
  });
  return { runs, sent, history, of: <M extends keyof NotificationMap>(m: M) => sent.filter((s) => s.method === m).map((s) => s.params as NotificationMap[M]) };
}

const draft = (over: Partial<PlaygroundDraft> = {}): PlaygroundDraft => ({
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Tell me about {{topic}}.' },
  ],
  variables: { topic: 'otters' },
  modelIds: ['openai/gpt-4o-mini'],
  parameters: { temperature: 0.2 },
  ...over,
});

describe('extension playground runs', function () {
  this.timeout(20_000);
  let server: LlmServer;
  before(async () => (server = await startLlmServer()));
  after(() => server.close());
  beforeEach(() => {
    server.reset();
    server.setLatency({});
  });

  it('streams an answer in batches and ends with usage, latency and cost', async () => {
    server.setLatency({ chunkMs: 1 });
    const t = setup(server, { deltaIntervalMs: 50 });
    const reply = t.runs.start({ draft: draft() });
    assert.match(reply.runId, /^run-[\w-]+$/);
    assert.deepEqual(reply.columns, [{ columnId: 'c1', modelId: 'openai/gpt-4o-mini', variant: 'a' }]);
    await t.runs.idle();
    const done = t.of('run/done');
    assert.equal(done.length, 1);
    const result = done[0]!.result;
    const streamed = t.of('run/delta').map((d) => d.text ?? '').join('');
    assert.equal(streamed, result.text);
    assert.ok(result.text.length > 0);
    assert.ok(t.of('run/delta').length < server.chatRequests()[0]!.chunksSent, 'deltas are batched');
    assert.ok(result.usage.inputTokens > 0 && result.usage.outputTokens > 0);
    assert.equal(typeof result.cost, 'number');
    assert.ok(result.latencyMs >= 0);
    const body = server.chatRequests()[0]!.body as { messages: { content: string }[]; temperature: number };
    assert.equal(body.messages[1]!.content, 'Tell me about otters.');
    assert.equal(body.temperature, 0.2);
    assert.equal(t.history.length, 1);
    assert.equal(t.history[0]!.results.length, 1);
  });

  it('runs one column per model, or per variant, and refuses more than four', async () => {
    const t = setup(server);
    const models = t.runs.start({ draft: draft({ modelIds: ['openai/gpt-4o-mini', 'testllm/gpt-4o'] }) });
    assert.deepEqual(models.columns.map((c) => c.modelId), ['openai/gpt-4o-mini', 'testllm/gpt-4o']);
    const variants = t.runs.start({ draft: draft({ variant: [{ role: 'user', content: 'Describe {{topic}} in French.' }] }) });
    assert.deepEqual(variants.columns.map((c) => c.variant), ['a', 'b']);
    await t.runs.idle();
    assert.equal(t.of('run/done').length, 4);
    const texts = server.chatRequests().map((r) => JSON.stringify(r.body));
    assert.ok(texts.some((x) => x.includes('in French')));
    assert.throws(() => t.runs.start({ draft: draft({ modelIds: ['openai/a', 'openai/b', 'openai/c'], variant: [{ role: 'user', content: 'x' }] }) }), /at most 4/);
  });

  it('Stop aborts the request: the server sees the connection close', async () => {
    server.setLatency({ chunkMs: 200 });
    const t = setup(server);
    const { runId } = t.runs.start({ draft: draft({ parameters: { maxTokens: 400 } }) });
    await server.waitFor(() => (server.chatRequests()[0]?.chunksSent ?? 0) >= 1);
    assert.equal(t.runs.stop(runId), true);
    await t.runs.idle();
    const failed = t.of('run/failed');
    assert.equal(failed[0]?.failure.kind, 'cancelled');
    await server.waitFor(() => server.chatRequests()[0]!.clientClosed);
    assert.equal(t.runs.stop(runId), false, 'a finished run cannot be stopped again');
  });

  it('a render failure names the variable and says what to do', async () => {
    const t = setup(server);
    t.runs.start({ draft: draft({ variables: {} }) });
    await t.runs.idle();
    const f = t.of('run/failed')[0]!.failure;
    assert.equal(f.kind, 'render');
    assert.match(f.message, /topic/);
    assert.ok(f.hint && f.hint.length > 10);
    assert.equal(server.chatRequests().length, 0, 'nothing is sent when the prompt does not render');
  });

  it('an unreachable endpoint, a rejected key and an unknown provider each come with a hint', async () => {
    const t = setup(server);
    t.runs.start({ draft: draft({ modelIds: ['down/model', 'openai/fault-401', 'nope/model'] }) });
    await t.runs.idle();
    const byModel = new Map(t.of('run/failed').map((f) => [f.columnId, f.failure]));
    const [down, auth, unknown] = [byModel.get('c1')!, byModel.get('c2')!, byModel.get('c3')!];
    assert.equal(down.kind, 'network');
    assert.match(down.hint!, /reachable/);
    assert.match(down.hint!, /promptyard\.endpoints/);
    assert.equal(auth.kind, 'auth');
    assert.match(auth.hint!, /Set API Key/);
    assert.doesNotMatch(JSON.stringify(auth), /sk-test-key/);
    assert.equal(unknown.kind, 'config');
    assert.match(unknown.hint!, /promptyard\.endpoints|model from the list/);
  });

  it('continues a column after its tool calls with the answers, and refuses unknown runs', async () => {
    const t = setup(server);
    const tools = [{ name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
    const first = t.runs.start({ draft: draft({ tools }) });
    await t.runs.idle();
    const call = t.of('run/done')[0]!.result.toolCalls[0]!;
    assert.equal(call.name, 'get_weather');
    assert.ok(t.of('run/delta').some((d) => d.toolCall?.name === 'get_weather'), 'tool calls stream as they arrive');
    const next = t.runs.start({ draft: draft({ tools }), continueFrom: { runId: first.runId, columnId: 'c1', toolResults: [{ toolCallId: call.id, content: '{"temp": 21}' }] } });
    assert.equal(next.columns.length, 1);
    await t.runs.idle();
    const answer = t.of('run/done')[1]!.result;
    assert.match(answer.text, /temp/);
    const messages = (server.chatRequests()[1]!.body as { messages: { role: string }[] }).messages.map((m) => m.role);
    assert.deepEqual(messages, ['system', 'user', 'assistant', 'tool']);
    assert.throws(() => t.runs.start({ draft: draft(), continueFrom: { runId: 'run-gone', columnId: 'c1', toolResults: [] } }), /no longer in memory/);
    assert.throws(() => t.runs.start({ draft: draft({ tools }), continueFrom: { runId: first.runId, columnId: 'c1', toolResults: [] } }), /No result for get_weather/);
  });
});

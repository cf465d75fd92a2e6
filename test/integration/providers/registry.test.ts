// The registry end to end: model ids resolve to providers whose SDK clients reach the endpoint the
// environment or the configuration names, with the key from the SecretStore.
import assert from 'node:assert/strict';
import { defaultConfig, type PromptyardConfig } from '../../../src/core/config';
import type { SecretStore } from '../../../src/core/ports';
import { createProviderRegistry } from '../../../src/core/providers/registry';
import { startLlmServer, type LlmServer } from '../../support/llmServer';

function memorySecrets(values: Record<string, string>): SecretStore {
  return {
    get: async (name) => values[name],
    set: async (name, value) => void (values[name] = value),
    delete: async (name) => delete values[name],
  };
}

describe('provider registry over HTTP', () => {
  let server: LlmServer;
  let config: PromptyardConfig;
  before(async () => (server = await startLlmServer()));
  after(() => server.close());
  beforeEach(() => {
    server.reset();
    config = defaultConfig();
    config.requests = { maxRetries: 0, timeoutMs: 2000, deadlineMs: 5000 };
  });

  const hello = [{ role: 'user' as const, content: 'hello registry' }];

  it('openai/… honours OPENAI_BASE_URL and sends the key from the SecretStore', async () => {
    const registry = createProviderRegistry({ config, secrets: memorySecrets({ openai: 'sk-openai-key-1234567890' }), env: { OPENAI_BASE_URL: ` ${server.openaiBaseURL} ` } });
    const { provider, model, modelId } = await registry.resolve('openai/gpt-4o-mini');
    assert.deepEqual([model, modelId], ['gpt-4o-mini', 'openai/gpt-4o-mini']);
    const result = await provider.complete({ model, messages: hello });
    assert.match(result.text, /hello registry/);
    assert.equal(result.cost?.pricedAt, '2026-12-01');
    assert.equal(server.chatRequests()[0]!.keyLength, 'sk-openai-key-1234567890'.length);
    assert.equal((await registry.resolve('openai/gpt-4o')).provider, provider, 'one provider (one client) per name');
  });

  it('anthropic/… honours ANTHROPIC_BASE_URL', async () => {
    const registry = createProviderRegistry({ config, secrets: memorySecrets({ anthropic: 'sk-ant-key-1234567890' }), env: { ANTHROPIC_BASE_URL: server.anthropicBaseURL } });
    const { provider, model } = await registry.resolve('anthropic/claude-haiku-4-5');
    const result = await provider.complete({ model, messages: hello });
    assert.equal(result.modelId, 'anthropic/claude-haiku-4-5');
    assert.equal(server.chatRequests()[0]!.path, '/v1/messages');
  });

  it('ollama/… goes to OLLAMA_HOST/v1 without a key and costs nothing', async () => {
    const registry = createProviderRegistry({ config, secrets: memorySecrets({}), env: { OLLAMA_HOST: `127.0.0.1:${server.port}` } });
    const { provider, model } = await registry.resolve('ollama/llama3.2');
    const result = await provider.complete({ model, messages: hello, parameters: { maxTokens: 50 } });
    assert.deepEqual(result.cost, { input: 0, output: 0, total: 0, pricedAt: '2026-12-01' });
    const rec = server.chatRequests()[0]!;
    assert.equal(rec.hadAuth, false);
    assert.equal((rec.body as { max_tokens?: number }).max_tokens, 50);
  });

  it('a named endpoint gets its base URL, headers and key; the model part keeps its slashes', async () => {
    config.endpoints.router = { name: 'router', baseURL: server.openaiBaseURL, headers: { 'X-Title': 'promptyard' } };
    config.prices['router/meta-llama/llama-3.1-8b'] = { input: 1, output: 2 };
    const registry = createProviderRegistry({ config, secrets: memorySecrets({ router: 'or-key-abcdef' }), env: {} });
    const { provider, model } = await registry.resolve('router/meta-llama/llama-3.1-8b');
    assert.equal(model, 'meta-llama/llama-3.1-8b');
    const result = await provider.complete({ model, messages: hello });
    assert.equal(result.cost?.pricedAt, 'override');
    const rec = server.chatRequests()[0]!;
    assert.equal((rec.body as { model: string }).model, 'meta-llama/llama-3.1-8b');
    assert.equal(rec.headers['x-title'], 'promptyard');
    assert.equal(rec.keyLength, 'or-key-abcdef'.length);
  });

  it('uses the configured retries: maxRetries 0 means one attempt', async () => {
    const registry = createProviderRegistry({ config, secrets: memorySecrets({ openai: 'sk-k' }), env: { OPENAI_BASE_URL: server.openaiBaseURL } });
    const { provider } = await registry.resolve('openai/fault-503');
    await assert.rejects(provider.complete({ model: 'fault-503', messages: hello }), { kind: 'server' });
    assert.equal(server.chatRequests().length, 1);
  });
});

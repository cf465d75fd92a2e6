// Model-id resolution, keys and key sources, without network.
import assert from 'node:assert/strict';
import { defaultConfig, type PromptyardConfig } from '../../../src/core/config';
import { PromptyardError } from '../../../src/core/errors';
import type { SecretStore } from '../../../src/core/ports';
import { createProviderRegistry, ollamaBaseURL, readEnv, type LocalProviderFactory } from '../../../src/core/providers/registry';
import type { Provider } from '../../../src/core/providers/types';

function store(values: Record<string, string>): SecretStore & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    get: async (name) => (reads.push(name), values[name]),
    set: async (name, value) => void (values[name] = value),
    delete: async (name) => delete values[name],
  };
}

function configWith(endpoints: PromptyardConfig['endpoints'] = {}): PromptyardConfig {
  return { ...defaultConfig(), endpoints };
}

async function rejection(promise: Promise<unknown>): Promise<PromptyardError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof PromptyardError, String(e));
    return e;
  }
  assert.fail('expected a rejection');
}

describe('provider registry', () => {
  it('splits model ids at the first slash and keeps one provider per name', async () => {
    const config = configWith({ router: { name: 'router', baseURL: 'http://127.0.0.1:9/v1' } });
    const registry = createProviderRegistry({ config, secrets: store({ router: 'k' }), env: {} });
    const a = await registry.resolve('router/meta-llama/llama-3.1-8b');
    assert.deepEqual([a.model, a.modelId, a.provider.name], ['meta-llama/llama-3.1-8b', 'router/meta-llama/llama-3.1-8b', 'router']);
    const b = await registry.resolve('router/qwen/qwen3');
    assert.equal(a.provider, b.provider);
    registry.reset('router');
    assert.notEqual((await registry.resolve('router/x')).provider, a.provider);
  });

  it('rejects an id without a provider, exit code 2', async () => {
    const error = await rejection(createProviderRegistry({ config: configWith(), secrets: store({}), env: {} }).resolve('gpt-4o-mini'));
    assert.equal(error.code, 'invalid-model-id');
    assert.equal(error.exitCode, 2);
    assert.match(error.hint ?? '', /openai\/gpt-4o-mini/);
  });

  it('rejects an unknown provider and lists the known ones, endpoints included', async () => {
    const config = configWith({ router: { name: 'router', baseURL: 'http://x/v1' } });
    const error = await rejection(createProviderRegistry({ config, secrets: store({}), env: {} }).resolve('mistral/large'));
    assert.equal(error.code, 'unknown-provider');
    assert.equal(error.exitCode, 2);
    assert.match(error.message, /'mistral'/);
    assert.match(error.hint ?? '', /openai, anthropic, ollama, local, router/);
  });

  for (const [name, env] of [
    ['openai', 'OPENAI_API_KEY'],
    ['anthropic', 'ANTHROPIC_API_KEY'],
  ] as const) {
    it(`a missing ${name} key is a missing-key error that says how to add one, and is not cached`, async () => {
      const secrets = store({});
      const registry = createProviderRegistry({ config: configWith(), secrets, env: {} });
      const error = await rejection(registry.resolve(`${name}/m`));
      assert.equal(error.code, 'missing-key');
      assert.equal(error.exitCode, 2);
      assert.equal(error.hint, `Run \`promptyard keys set ${name}\` or set ${env}.`);
      await secrets.set(name, 'sk-now-there-is-one');
      assert.equal((await registry.resolve(`${name}/m`)).provider.name, name);
    });
  }

  it('an endpoint needs a key only when the configuration names its variable', async () => {
    const config = configWith({ open: { name: 'open', baseURL: 'http://x/v1' }, keyed: { name: 'keyed', baseURL: 'http://x/v1', apiKeyEnv: 'KEYED_TOKEN' } });
    const registry = createProviderRegistry({ config, secrets: store({}), env: {} });
    assert.equal((await registry.resolve('open/m')).provider.name, 'open');
    const error = await rejection(registry.resolve('keyed/m'));
    assert.equal(error.code, 'missing-key');
    assert.equal(error.hint, 'Run `promptyard keys set keyed` or set KEYED_TOKEN.');
  });

  it('asks the SecretStore, by name, only for the provider in use', async () => {
    const secrets = store({ openai: 'sk-1' });
    const registry = createProviderRegistry({ config: configWith({ lab: { name: 'lab', baseURL: 'http://x/v1' } }), secrets, env: {} });
    await registry.resolve('openai/gpt-4o');
    await registry.resolve('ollama/llama3.2');
    await registry.resolve('lab/model');
    assert.deepEqual(secrets.reads, ['openai', 'lab'], 'ollama needs no key; an endpoint key is optional');
  });

  it('builds the local provider lazily, once, from config.local', async () => {
    const calls: unknown[] = [];
    const fake: Provider = { name: 'local', stream: async function* () {}, complete: async () => assert.fail() };
    const localFactory: LocalProviderFactory = (cfg, opts) => (calls.push([cfg, typeof opts.logger.info]), fake);
    const config = configWith();
    config.local = { model: '/models/tiny.gguf', threads: 1 };
    const registry = createProviderRegistry({ config, secrets: store({ openai: 'k' }), env: {}, localFactory });
    await registry.resolve('openai/gpt-4o');
    assert.equal(calls.length, 0);
    const { provider, model } = await registry.resolve('local/default');
    await registry.resolve('local/other.gguf');
    assert.equal(provider, fake);
    assert.equal(model, 'default');
    assert.deepEqual(calls, [[{ model: '/models/tiny.gguf', threads: 1 }, 'function']]);
  });

  it('reports where each key comes from, never the key', async () => {
    const config = configWith({ lab: { name: 'lab', baseURL: 'http://lab.local/v1', apiKeyEnv: 'LAB_KEY' } });
    const keys = { openai: 'sk-from-env-123456', anthropic: 'sk-ant-from-keychain-123456' };
    const env = { OPENAI_API_KEY: keys.openai, OPENAI_BASE_URL: 'http://proxy.local/v1', OLLAMA_HOST: '0.0.0.0' };
    const list = await createProviderRegistry({ config, secrets: store(keys), env }).configuredProviders();
    assert.deepEqual(list, [
      { name: 'openai', kind: 'openai', keyRequired: true, keySource: 'env', keyEnv: 'OPENAI_API_KEY', baseURL: 'http://proxy.local/v1' },
      { name: 'anthropic', kind: 'anthropic', keyRequired: true, keySource: 'keychain', keyEnv: 'ANTHROPIC_API_KEY', baseURL: 'https://api.anthropic.com' },
      { name: 'ollama', kind: 'ollama', keyRequired: false, keySource: 'none', baseURL: 'http://127.0.0.1:11434/v1' },
      { name: 'local', kind: 'local', keyRequired: false, keySource: 'none' },
      { name: 'lab', kind: 'openai-compatible', keyRequired: true, keySource: 'none', keyEnv: 'LAB_KEY', baseURL: 'http://lab.local/v1' },
    ]);
    assert.ok(!JSON.stringify(list).includes('from-'));
  });

  it("uses the SecretStore's own answer about sources when it has one", async () => {
    const secrets = Object.assign(store({}), { source: async (name: string) => ({ source: name === 'anthropic' ? ('env' as const) : ('none' as const) }) });
    const list = await createProviderRegistry({ config: configWith(), secrets, env: {} }).configuredProviders();
    assert.equal(list.find((p) => p.name === 'anthropic')!.keySource, 'env');
    assert.equal(list.find((p) => p.name === 'openai')!.keySource, 'none');
    assert.deepEqual(secrets.reads, [], 'no key was read to answer');
  });

  it('reads OLLAMA_HOST the way Ollama does', () => {
    const cases: [string | undefined, string][] = [
      [undefined, 'http://127.0.0.1:11434/v1'],
      ['', 'http://127.0.0.1:11434/v1'],
      ['0.0.0.0', 'http://127.0.0.1:11434/v1'],
      ['0.0.0.0:9000', 'http://127.0.0.1:9000/v1'],
      ['gpu-box', 'http://gpu-box:11434/v1'],
      ['http://gpu-box', 'http://gpu-box/v1'],
      ['https://ollama.example.com/', 'https://ollama.example.com/v1'],
      ['https://example.com/ollama', 'https://example.com/ollama/v1'],
    ];
    for (const [value, expected] of cases) assert.equal(ollamaBaseURL(value === undefined ? {} : { OLLAMA_HOST: value }), expected, String(value));
    assert.throws(() => ollamaBaseURL({ OLLAMA_HOST: 'http://[bad' }), /OLLAMA_HOST/);
  });

  it('reads env variables as the SDKs do: trimmed, empty means unset', () => {
    assert.equal(readEnv({ A: '  http://x  ' }, 'A'), 'http://x');
    assert.equal(readEnv({ A: '   ' }, 'A'), undefined);
    assert.equal(readEnv({}, 'A'), undefined);
  });
});

import * as assert from 'node:assert/strict';
import { defaultConfig, type PromptyardConfig } from '../../../src/core/config';
import { PromptyardError } from '../../../src/core/errors';
import type { SecretStore } from '../../../src/core/ports';
import { parsePromptFile } from '../../../src/core/prompts/parse';
import { createProviderRegistry } from '../../../src/core/providers/registry';
import { defaultModelId, parseVariableAssignments, prepareCall } from '../../../src/core/runPrompt';

class MemorySecrets implements SecretStore {
  constructor(private readonly values: Record<string, string> = {}) {}
  async get(name: string) {
    return this.values[name];
  }
  async set(name: string, value: string) {
    this.values[name] = value;
  }
  async delete(name: string) {
    return delete this.values[name];
  }
}

const PROMPT = `name: T
model: openai/gpt-4o-mini
modelParameters: { temperature: 0.2, maxTokens: 50 }
inputs:
  n: { type: number }
  on: { type: boolean }
  tags: { type: array }
  who: { type: string, default: world }
messages:
  - role: user
    content: "{{who}} {{n}}"
`;

function prompt() {
  const { prompt: p, diagnostics } = parsePromptFile(PROMPT, '/w/t.prompt.yml');
  assert.ok(p, JSON.stringify(diagnostics));
  return p;
}

function registry(config: PromptyardConfig, keys: Record<string, string> = {}) {
  return createProviderRegistry({ config, secrets: new MemorySecrets(keys), env: {} });
}

describe('running a prompt', () => {
  it('types --var values by the prompt inputs', () => {
    const vars = parseVariableAssignments(['n=3.5', 'on=false', 'tags=["a","b"]', 'who=a=b', 'free=1'], prompt());
    assert.deepEqual(vars, { n: 3.5, on: false, tags: ['a', 'b'], who: 'a=b', free: '1' });
  });

  it('refuses values that do not fit the declared type, and malformed assignments', () => {
    const isUsage = (code: string) => (e: unknown) => e instanceof PromptyardError && e.code === code && e.exitCode === 2;
    assert.throws(() => parseVariableAssignments(['n=three'], prompt()), isUsage('invalid-variable'));
    assert.throws(() => parseVariableAssignments(['on=yes'], prompt()), isUsage('invalid-variable'));
    assert.throws(() => parseVariableAssignments(['tags={"a":1}'], prompt()), isUsage('invalid-variable'));
    assert.throws(() => parseVariableAssignments(['novalue'], prompt()), isUsage('invalid-variable'));
  });

  it('picks the default model: config, then a provider with a key, then local', async () => {
    const config = defaultConfig();
    assert.equal(await defaultModelId(config, registry(config)), 'local/default');
    assert.equal(await defaultModelId(config, registry(config, { anthropic: 'sk-ant-test-123456789' })), 'anthropic/claude-haiku-4-5');
    assert.equal(await defaultModelId(config, registry(config, { anthropic: 'a-key-123456', openai: 'sk-test-123456789' })), 'openai/gpt-4o-mini');
    config.defaultModel = 'ollama/llama3.2';
    assert.equal(await defaultModelId(config, registry(config, { openai: 'sk-test-123456789' })), 'ollama/llama3.2');
  });

  it('prepares the request: rendered messages, merged parameters, resolved model', async () => {
    const config = defaultConfig();
    const prepared = await prepareCall({
      prompt: prompt(),
      variables: { n: 2 },
      parameters: { temperature: 0.9 },
      config,
      registry: registry(config, { openai: 'sk-test-123456789' }),
    });
    assert.equal(prepared.modelId, 'openai/gpt-4o-mini');
    assert.equal(prepared.request.model, 'gpt-4o-mini');
    assert.deepEqual(prepared.messages, [{ role: 'user', content: 'world 2' }]);
    assert.deepEqual(prepared.request.parameters, { temperature: 0.9, maxTokens: 50 });
  });

  it('says how to set a missing key', async () => {
    const config = defaultConfig();
    await assert.rejects(
      prepareCall({ prompt: prompt(), variables: { n: 1 }, config, registry: registry(config) }),
      (e: unknown) => e instanceof PromptyardError && e.code === 'missing-key' && /promptyard keys set openai/.test(e.format()),
    );
  });
});

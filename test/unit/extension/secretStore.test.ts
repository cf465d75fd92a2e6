// The SecretStore adapter: stored keys win over the environment, the environment can be turned off, the
// source is reported without the key, and every key read is redacted from then on.
import assert from 'node:assert/strict';
import { redact } from '../../../src/core/redact';
import { ExtensionSecretStore, keyProblem, providerOfSecret, secretName, type SecretStorageLike } from '../../../src/extension/secrets/secretStore';

function storage(): SecretStorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, get: async (k) => map.get(k), store: async (k, v) => void map.set(k, v), delete: async (k) => void map.delete(k) };
}

describe('extension secret store', () => {
  it('stores under a namespaced name and prefers it to the environment', async () => {
    const s = storage();
    let useEnv = true;
    const store = new ExtensionSecretStore(s, { env: { OPENAI_API_KEY: 'env-key-1234567890' }, useEnvironment: () => useEnv, envNameOf: () => 'OPENAI_API_KEY' });
    assert.equal(await store.get('openai'), 'env-key-1234567890');
    assert.deepEqual(await store.source('openai'), { source: 'env' });
    await store.set('openai', '  stored-key-1234567890 \n');
    assert.equal(s.map.get('promptyard.apiKey.openai'), 'stored-key-1234567890');
    assert.equal(await store.get('openai'), 'stored-key-1234567890');
    assert.deepEqual(await store.source('openai'), { source: 'keychain' });
    assert.equal(await store.delete('openai'), true);
    assert.equal(await store.delete('openai'), false);
    useEnv = false;
    assert.equal(await store.get('openai'), undefined);
    assert.deepEqual(await store.source('openai'), { source: 'none' });
  });

  it('redacts every key it handed out', async () => {
    const store = new ExtensionSecretStore(storage(), { env: {}, useEnvironment: () => true, envNameOf: () => 'X' });
    await store.set('vllm', 'zz-custom-secret-42');
    await store.get('vllm');
    assert.equal(redact('sent zz-custom-secret-42 to the server'), 'sent [REDACTED] to the server');
  });

  it('refuses values that cannot be keys', async () => {
    assert.match(keyProblem('')!, /Paste/);
    assert.match(keyProblem('two words here')!, /no spaces/);
    assert.equal(keyProblem('sk-abcdefghijk'), undefined);
    const store = new ExtensionSecretStore(storage(), { env: {}, useEnvironment: () => true, envNameOf: () => 'X' });
    await assert.rejects(store.set('openai', 'a b'), /no spaces/);
  });

  it('maps storage names to providers', () => {
    assert.equal(providerOfSecret(secretName('anthropic')), 'anthropic');
    assert.equal(providerOfSecret('other.thing'), undefined);
  });
});

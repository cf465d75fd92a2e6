// Errors to what the playground shows: each kind with a hint in the editor's words.
import assert from 'node:assert/strict';
import { InputError, PromptyardError, ProviderError } from '../../../src/core/errors';
import { failureOf } from '../../../src/extension/playground/failure';

describe('extension run failures', () => {
  it('a missing key points to Set API Key and the local model', () => {
    const f = failureOf(new PromptyardError('missing-key', 'no key for openai', { hint: 'Run `promptyard keys set openai` or set OPENAI_API_KEY.' }), 'openai/gpt-4o-mini');
    assert.equal(f.kind, 'auth');
    assert.match(f.hint!, /Set API Key/);
    assert.match(f.hint!, /local\/default/);
    assert.doesNotMatch(f.hint!, /promptyard keys/);
  });

  it('provider errors keep their kind and get editor hints', () => {
    const auth = failureOf(new ProviderError('auth', 'openai', '401 bad key sk-proj-abcdefghijklmnopqrstuvwxyz', { status: 401 }), 'openai/x');
    assert.equal(auth.kind, 'auth');
    assert.doesNotMatch(auth.message, /sk-proj/);
    const notFound = failureOf(new ProviderError('invalid_request', 'vllm', 'model not found', { status: 404 }), 'vllm/nope');
    assert.match(notFound.hint!, /vllm\/nope was not found/);
    const timeout = failureOf(new ProviderError('timeout', 'openai', 'timed out', { hint: 'Raise requests.timeoutMs in promptyard.config.yaml.' }), 'openai/x');
    assert.match(timeout.hint!, /promptyard\.requests\.timeoutMs/);
  });

  it('the local model offline: the editor\'s ways to a model, not the CLI\'s', () => {
    const hint = 'Instead: point local/<path-to-file.gguf> at a model you already have; set local.model in promptyard.config.yaml; run Ollama and use ollama/<model>; or set a key: promptyard keys set openai|anthropic.';
    const f = failureOf(new ProviderError('network', 'local', 'Cannot download the local model from huggingface.co: no network (ENOTFOUND).', { hint }), 'local/default');
    assert.equal(f.kind, 'network');
    assert.match(f.message, /no network/);
    assert.match(f.hint!, /Pick Local Model…/);
    assert.match(f.hint!, /Set API Key…/);
    assert.doesNotMatch(f.hint!, /promptyard keys|promptyard\.config\.yaml|promptyard\.endpoints/);
    const remote = failureOf(new ProviderError('network', 'ollama', 'connect ECONNREFUSED 127.0.0.1:11434'), 'ollama/llama3.2');
    assert.doesNotMatch(remote.hint!, /Pick Local Model/);
  });

  it('render errors are render failures with their place and hint', () => {
    const f = failureOf(new InputError([{ severity: 'error', code: 'missing-variable', message: 'Variable "topic" is not set', location: { file: '/ws/prompts/a.prompt.yml', line: 3, column: 5 } }], 'Fill in topic.'));
    assert.equal(f.kind, 'render');
    assert.equal(f.message, 'Variable "topic" is not set (a.prompt.yml:3:5)');
    assert.equal(f.hint, 'Fill in topic.');
  });

  it('anything else is internal and says where to look', () => {
    const f = failureOf(new TypeError('x is undefined'));
    assert.equal(f.kind, 'internal');
    assert.match(f.hint!, /Show Log/);
  });
});

// The Workspace Trust gate over `promptyard.endpoints` and the refusal of model ids it implies.
import assert from 'node:assert/strict';
import { resolveEndpoints, trustRefusal } from '../../../src/extension/endpoints';

const user = { vllm: { baseURL: 'http://127.0.0.1:8000/v1', models: ['llama'] } };
const workspace = {
  evil: { baseURL: 'https://attacker.example/v1', headers: { 'x-tenant': 'a' } },
  vllm: { baseURL: 'https://attacker.example/v1' },
};

describe('extension endpoints and Workspace Trust', () => {
  it('merges user, workspace and folder endpoints in a trusted workspace', () => {
    const r = resolveEndpoints({ user, workspace, workspaceFolder: undefined }, true);
    assert.deepEqual(Object.keys(r.endpoints).sort(), ['evil', 'vllm']);
    assert.equal(r.endpoints.vllm!.baseURL, 'https://attacker.example/v1', 'the workspace value wins when trusted');
    assert.deepEqual(r.endpoints.evil!.headers, { 'x-tenant': 'a' });
    assert.deepEqual(r.ignored, []);
  });

  it('keeps only the user values in an untrusted workspace and names what it ignored', () => {
    const r = resolveEndpoints({ user, workspace, workspaceFolder: { other: { baseURL: 'http://x/v1' } } }, false);
    assert.deepEqual(Object.keys(r.endpoints), ['vllm']);
    assert.equal(r.endpoints.vllm!.baseURL, 'http://127.0.0.1:8000/v1', 'a redefinition from the workspace is ignored');
    assert.deepEqual(r.ignored, ['evil', 'other', 'vllm']);
  });

  it('does not report a workspace copy equal to the user value as ignored', () => {
    const r = resolveEndpoints({ user, workspace: { vllm: user.vllm }, workspaceFolder: undefined }, false);
    assert.deepEqual(r.ignored, []);
  });

  it('refuses bad entries with a reason, and drops key headers (keys belong in SecretStorage)', () => {
    const r = resolveEndpoints(
      {
        user: {
          openai: { baseURL: 'http://x/v1' },
          'Bad Name': { baseURL: 'http://x/v1' },
          nourl: { baseURL: 'ftp://x' },
          keyed: { baseURL: 'http://x/v1', headers: { Authorization: 'Bearer sk-abc', 'x-org': 'o' } },
        },
        workspace: undefined,
        workspaceFolder: undefined,
      },
      true,
    );
    assert.deepEqual(Object.keys(r.endpoints), ['keyed']);
    assert.deepEqual(r.endpoints.keyed!.headers, { 'x-org': 'o' });
    assert.equal(r.problems.length, 4);
    assert.match(r.problems.join('\n'), /not openai/);
    assert.match(r.problems.join('\n'), /Set API Key/);
  });

  it('refuses ignored endpoints and model files from an untrusted workspace', () => {
    const untrusted = resolveEndpoints({ user, workspace, workspaceFolder: undefined }, false);
    assert.match(trustRefusal('evil/model', false, untrusted)!, /not trusted/);
    assert.equal(trustRefusal('evil/model', true, untrusted), undefined);
    assert.equal(trustRefusal('vllm/llama', false, untrusted), undefined, 'the user\'s own vllm still runs');
    assert.equal(trustRefusal('openai/gpt-4o-mini', false, untrusted), undefined);
    assert.match(trustRefusal('local/../models/x.gguf', false, untrusted)!, /model file/);
    assert.equal(trustRefusal('local/default', false, untrusted), undefined);
  });
});

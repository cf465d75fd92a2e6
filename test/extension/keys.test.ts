// Set, read and clear a key through the commands (the QuickPick and the password InputBox are stubbed: the
// one thing a test cannot click here), checked in the extension's own SecretStorage and the provider list.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingHooks } from '../../src/extension/testingHooks';
import type { ProviderStatus } from '../../src/shared/protocol';
import { activated, captureMessages, FakeWebview, stubWindow } from './support/harness';

const KEY = 'sk-ant-canary-0123456789abcdef';

describe('extension API keys', () => {
  let hooks: TestingHooks;
  before(async () => ({ hooks } = await activated()));
  afterEach(async () => {
    await hooks.secrets.delete(hooks.secretName('anthropic'));
    await hooks.secrets.delete(hooks.secretName('openai'));
  });

  it('Set API Key… stores the typed key in SecretStorage; the pick never shows it; the playground hears of it', async () => {
    const webview = new FakeWebview().attach(hooks);
    const picks: vscode.QuickPickItem[][] = [];
    const inputs: vscode.InputBoxOptions[] = [];
    const stub = stubWindow({
      showQuickPick: async (items: readonly vscode.QuickPickItem[]) => {
        picks.push([...items]);
        return items.find((i) => i.label === 'anthropic');
      },
      showInputBox: async (options: vscode.InputBoxOptions) => {
        inputs.push(options);
        return KEY;
      },
    });
    const messages = captureMessages();
    try {
      const provider = await vscode.commands.executeCommand('promptyard.setApiKey');
      assert.equal(provider, 'anthropic');
      assert.equal(hooks.secretName('anthropic'), 'promptyard.apiKey.anthropic', 'a namespaced name');
      assert.equal(await hooks.secrets.get(hooks.secretName('anthropic')), KEY);
      assert.equal(inputs[0]?.password, true, 'the key is typed into a password box');
      assert.deepEqual(picks[0]!.map((i) => i.label).slice(0, 2), ['openai', 'anthropic']);
      assert.doesNotMatch(JSON.stringify(picks), /canary/);
      assert.doesNotMatch(messages.infos.join('\n'), /canary/);
      const changed = await webview.waitFor(() => webview.notifications('models/changed').at(-1));
      assert.doesNotMatch(JSON.stringify(webview.messages), /canary/, 'the key never reaches the webview');
      const anthropicModels = changed.models.filter((m) => m.provider === 'anthropic');
      assert.ok(anthropicModels.length > 0 && anthropicModels.every((m) => !m.unavailable));
    } finally {
      stub.restore();
      messages.restore();
      webview.dispose();
    }
  });

  it('Show Providers reports where each key comes from, never the key; Clear API Key… removes it', async () => {
    await hooks.secrets.store(hooks.secretName('anthropic'), KEY);
    const stub = stubWindow({
      showQuickPick: async (items: readonly (vscode.QuickPickItem & { provider?: string })[]) => items.find((i) => i.provider === 'anthropic'),
    });
    const messages = captureMessages();
    try {
      const listed = (await vscode.commands.executeCommand('promptyard.showProviders')) as ProviderStatus[];
      const byName = new Map(listed.map((p) => [p.name, p]));
      assert.deepEqual([...byName.keys()].slice(0, 4), ['openai', 'anthropic', 'ollama', 'local']);
      assert.equal(byName.get('anthropic')!.keySource, 'secret-storage');
      assert.equal(byName.get('ollama')!.keySource, 'not-needed');
      assert.match(byName.get('ollama')!.detail!, /running|not running|detection/);
      assert.doesNotMatch(JSON.stringify(listed), /canary/);

      assert.equal(await vscode.commands.executeCommand('promptyard.clearApiKey'), 'anthropic');
      assert.equal(await hooks.secrets.get(hooks.secretName('anthropic')), undefined);
      const after = (await vscode.commands.executeCommand('promptyard.showProviders')) as ProviderStatus[];
      const expected = process.env.ANTHROPIC_API_KEY ? 'env' : 'none';
      assert.equal(after.find((p) => p.name === 'anthropic')!.keySource, expected);
    } finally {
      stub.restore();
      messages.restore();
    }
  });

  it('takes the provider as an argument, and refuses unknown providers and values that are not keys', async () => {
    const stub = stubWindow({ showInputBox: async () => 'sk-openai-0123456789abcdef' });
    const messages = captureMessages();
    try {
      assert.equal(await vscode.commands.executeCommand('promptyard.setApiKey', 'openai'), 'openai');
      assert.equal(await hooks.secrets.get(hooks.secretName('openai')), 'sk-openai-0123456789abcdef');

      assert.equal(await vscode.commands.executeCommand('promptyard.setApiKey', 'nosuch'), undefined);
      assert.match(messages.errors.at(-1)!, /no provider 'nosuch'/);
      assert.equal(await vscode.commands.executeCommand('promptyard.setApiKey', 'ollama'), undefined);
      assert.match(messages.errors.at(-1)!, /needs no key/);

      stub.restore();
      const bad = stubWindow({ showInputBox: async () => 'two words' });
      try {
        assert.equal(await vscode.commands.executeCommand('promptyard.setApiKey', 'anthropic'), undefined);
        assert.match(messages.errors.at(-1)!, /no spaces/);
        assert.equal(await hooks.secrets.get(hooks.secretName('anthropic')), undefined);
      } finally {
        bad.restore();
      }
    } finally {
      stub.restore();
      messages.restore();
    }
  });
});

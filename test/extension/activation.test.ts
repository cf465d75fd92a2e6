import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('extension activation', () => {
  it('activates and registers its commands under the Promptyard category', async () => {
    const extension = vscode.extensions.getExtension('promptyard.promptyard');
    assert.ok(extension, 'the extension is installed');
    await extension.activate();
    assert.equal(extension.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('promptyard.showLog'));
  });
});

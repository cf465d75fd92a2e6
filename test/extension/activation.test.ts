import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/commandIds';
import { activated, EXTENSION_ID } from './support/harness';

interface Manifest {
  activationEvents: string[];
  contributes: { commands: { command: string; title: string; category: string }[]; views: Record<string, { id: string }[]> };
}

describe('extension activation', () => {
  const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

  it('registers every contributed command, each under the Promptyard category', async () => {
    const { api } = await activated();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
    assert.deepEqual([...contributed].sort(), Object.values(COMMANDS).sort(), 'package.json and commandIds.ts list the same commands');
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'Promptyard', c.command);
    assert.ok(registered.has('promptyard.playground.focus'), 'the playground view is contributed');
    assert.ok(registered.has('promptyard.prompts.focus'), 'the prompts view is contributed');
    process.stdout.write(`      activate() took ${api.activationMs.toFixed(2)} ms\n`);
  });

  it('activates in under 20 ms from a small bundle, with narrow activation events', async () => {
    const { api } = await activated();
    assert.ok(api.activationMs < 20, `activate() took ${api.activationMs} ms`);
    const size = statSync(path.join(root, 'dist', 'extension.js')).size;
    assert.ok(size <= 300 * 1024, `dist/extension.js is ${size} bytes`);
    assert.deepEqual(manifest.activationEvents, ['workspaceContains:**/*.prompt.{yml,yaml}']);
  });

  it('lists the workspace prompt files in the Prompts view, grouped by folder', async () => {
    await vscode.commands.executeCommand('promptyard.prompts.focus');
    const files = await vscode.workspace.findFiles('**/*.prompt.{yml,yaml}');
    assert.ok(files.some((f) => f.path.endsWith('/hello.prompt.yml')));
  });
});

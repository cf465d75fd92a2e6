// The typed settings module against contributes.configuration: the same keys, types and defaults.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_REQUESTS } from '../../src/core/config';
import { readSettings, SECTION, SETTINGS } from '../../src/extension/config';
import { EXTENSION_ID } from './support/harness';

interface Property {
  type: string;
  default: unknown;
}

describe('extension settings', () => {
  const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  const properties = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Property> } } })
    .contributes.configuration.properties;

  it('declares in package.json exactly the settings config.ts reads, with the same type and default', () => {
    const declared = Object.keys(properties).sort();
    const typed = Object.keys(SETTINGS).map((k) => `${SECTION}.${k}`).sort();
    assert.deepEqual(declared, typed);
    for (const [key, spec] of Object.entries(SETTINGS)) {
      const property = properties[`${SECTION}.${key}`]!;
      assert.equal(property.type, spec.type, `type of ${key}`);
      assert.deepEqual(property.default, spec.default, `default of ${key}`);
    }
  });

  it('reads the defaults VS Code reports, and request limits equal to the engine\'s', () => {
    const config = vscode.workspace.getConfiguration(SECTION);
    for (const [key, spec] of Object.entries(SETTINGS)) assert.deepEqual(config.inspect(key)?.defaultValue, spec.default, key);
    const settings = readSettings();
    assert.deepEqual(settings.requests, DEFAULT_REQUESTS);
    assert.equal(settings.historySize, 50);
    assert.equal(settings.useEnvironmentKeys, true);
  });

  it('falls back to the default when a setting holds the wrong type', async () => {
    const config = vscode.workspace.getConfiguration(SECTION);
    await config.update('playground.historySize', 'many', vscode.ConfigurationTarget.Global);
    try {
      assert.equal(readSettings().historySize, 50);
    } finally {
      await config.update('playground.historySize', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

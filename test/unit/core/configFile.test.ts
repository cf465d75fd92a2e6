import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findConfigFile, loadConfigFile, parseConfig } from '../../../src/core/configFile';
import { InputError } from '../../../src/core/errors';

const FILE = '/w/promptyard.config.yaml';

describe('promptyard.config.yaml', () => {
  it('reads endpoints, prices, local and request settings', () => {
    const { config, diagnostics } = parseConfig(
      [
        'defaultModel: anthropic/claude-haiku-4-5',
        'requests: { maxRetries: 1, timeoutMs: 500, deadlineMs: 2000 }',
        'endpoints:',
        '  openrouter:',
        '    baseURL: https://openrouter.ai/api/v1',
        '    apiKeyEnv: OPENROUTER_API_KEY',
        '    headers: { X-Title: demo }',
        '    models: [meta-llama/llama-3.1-8b-instruct]',
        'local:',
        '  model: models/tiny.gguf',
        '  threads: 1',
        'prices:',
        '  openai/gpt-4o-mini: { input: 0.15, output: 0.6, cachedInput: 0.075 }',
      ].join('\n'),
      FILE,
    );
    assert.deepEqual(diagnostics, []);
    assert.equal(config.defaultModel, 'anthropic/claude-haiku-4-5');
    assert.deepEqual(config.requests, { maxRetries: 1, timeoutMs: 500, deadlineMs: 2000 });
    assert.deepEqual(config.endpoints.openrouter, {
      name: 'openrouter',
      baseURL: 'https://openrouter.ai/api/v1',
      apiKeyEnv: 'OPENROUTER_API_KEY',
      headers: { 'X-Title': 'demo' },
      models: ['meta-llama/llama-3.1-8b-instruct'],
    });
    assert.equal(config.local.model, '/w/models/tiny.gguf');
    assert.equal(config.local.threads, 1);
    assert.deepEqual(config.prices['openai/gpt-4o-mini'], { input: 0.15, output: 0.6, cachedInput: 0.075 });
  });

  it('locates every error and warns about unknown keys', () => {
    const { diagnostics } = parseConfig(
      ['defaultModel: gpt4', 'colour: blue', 'endpoints:', '  openai:', '    baseURL: http://x', '  mine:', '    baseURL: ftp://x', 'requests:', '  maxRetries: many'].join('\n'),
      FILE,
    );
    const brief = diagnostics.map((d) => [d.severity, d.code, d.location?.line, d.location?.column]);
    assert.deepEqual(brief, [
      ['error', 'config-type', 1, 15],
      ['warning', 'unknown-key', 2, 1],
      ['error', 'config-endpoint', 4, 3],
      ['error', 'config-endpoint', 7, 5],
      ['error', 'config-type', 9, 15],
    ]);
  });

  it('reports YAML syntax errors at their position and never throws', () => {
    const { diagnostics } = parseConfig('endpoints:\n  x: [unclosed\n', FILE);
    assert.equal(diagnostics[0]?.code, 'yaml-syntax');
    assert.equal(diagnostics[0]?.location?.file, FILE);
    for (const text of ['', '- a\n- b', '42', ': :', 'prices: [1, 2]']) assert.doesNotThrow(() => parseConfig(text, FILE));
  });

  it('is found by walking up, and a bad file throws a located InputError', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'py-config-'));
    try {
      mkdirSync(path.join(dir, 'a/b'), { recursive: true });
      writeFileSync(path.join(dir, 'promptyard.config.yaml'), 'requests:\n  timeoutMs: -1\n');
      const found = findConfigFile(path.join(dir, 'a/b'));
      assert.equal(found, path.join(dir, 'promptyard.config.yaml'));
      await assert.rejects(loadConfigFile(found!), (e: unknown) => e instanceof InputError && e.location?.line === 2 && e.exitCode === 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

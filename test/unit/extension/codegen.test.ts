// "Copy as code": the TypeScript snippets type-check against the installed `openai` and `@anthropic-ai/sdk`,
// the Python snippets parse, keys come from the environment, and local models say what to do instead.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { generateCode, py, type CodeCall, type CodeTarget } from '../../../src/extension/playground/codegen';

const ROOT = path.resolve(__dirname, '../../..');

const call: CodeCall = {
  title: 'Weather "helper"',
  messages: [
    { role: 'system', content: 'Answer about weather.\nUse "quotes" and \\ backslashes and ${not_interpolated}.' },
    { role: 'user', content: 'Weather in Oslo? \u2028 done' },
  ],
  parameters: { temperature: 0.2, maxTokens: 300, topP: 0.9, stop: ['END'], seed: 3 },
  responseFormat: { type: 'json_schema', name: 'weather', schema: { type: 'object', properties: { t: { type: 'number' } }, required: ['t'] }, strict: true },
  tools: [{ name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }],
};

const targets: Record<string, CodeTarget> = {
  openai: { modelId: 'openai/gpt-4o-mini', kind: 'openai', model: 'gpt-4o-mini' },
  anthropic: { modelId: 'anthropic/claude-haiku-4-5', kind: 'anthropic', model: 'claude-haiku-4-5' },
  endpoint: { modelId: 'vllm/llama-3', kind: 'openai-compatible', model: 'llama-3', baseURL: 'http://127.0.0.1:8000/v1', headers: { 'x-team': 'a' }, keyEnv: 'PROMPTYARD_VLLM_API_KEY' },
};

function typeCheck(files: Record<string, string>): string[] {
  // Inside the repository, so `openai` and `@anthropic-ai/sdk` resolve from its node_modules.
  const dir = mkdtempSync(path.join(ROOT, 'node_modules', '.codegen-'));
  try {
    const names = Object.entries(files).map(([name, code]) => {
      const file = path.join(dir, `${name}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      return file;
    });
    const program = ts.createProgram(names, {
      strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
      esModuleInterop: true, skipLibCheck: true, types: ['node'], lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    });
    return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('extension copy as code', function () {
  this.timeout(60_000);

  it('writes TypeScript that type-checks against the official SDKs', () => {
    const files = Object.fromEntries(Object.entries(targets).map(([name, target]) => [name, generateCode('typescript', target, call)]));
    assert.deepEqual(typeCheck(files), []);
    assert.match(files.openai!, /new OpenAI\(\); \/\/ reads OPENAI_API_KEY/);
    assert.match(files.endpoint!, /apiKey: process\.env\.PROMPTYARD_VLLM_API_KEY/);
    assert.match(files.endpoint!, /baseURL: "http:\/\/127\.0\.0\.1:8000\/v1"/);
    assert.match(files.anthropic!, /"system": "Answer about weather/);
    assert.match(files.anthropic!, /input_schema/);
    assert.match(files.anthropic!, /output_config/);
    assert.doesNotMatch(files.anthropic!, /temperature"/);
  });

  it('writes Python that parses', () => {
    for (const target of Object.values(targets)) {
      const code = generateCode('python', target, call);
      const check = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: code, encoding: 'utf8' });
      assert.equal(check.status, 0, `${target.modelId}:\n${check.stderr}\n${code}`);
    }
    const py1 = generateCode('python', targets.endpoint!, call);
    assert.match(py1, /api_key=os\.environ\.get\("PROMPTYARD_VLLM_API_KEY", "none"\)/);
    assert.match(generateCode('python', targets.anthropic!, call), /anthropic\.Anthropic\(\)/);
  });

  it('never puts a key in the code and explains local models', () => {
    assert.doesNotMatch(Object.values(targets).map((t) => generateCode('typescript', t, call)).join('\n'), /sk-/);
    assert.throws(() => generateCode('python', { modelId: 'local/default', kind: 'local', model: 'default' }, call), /runs inside Promptyard/);
  });

  it('writes Python literals', () => {
    assert.equal(py({ a: [true, null, 1.5, 'x'] }), '{\n    "a": [\n        True,\n        None,\n        1.5,\n        "x",\n    ],\n}');
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contentSha256 } from '../../../../src/core/prompts/registry/hash';
import { loadSuite, type LoadSuiteOptions } from '../../../../src/core/evals/suites/loadSuite';
import { at, inputError, memoryFiles, only, plain } from './helpers';

const dir = path.join(__dirname, '..', '..', '..', 'fixtures', 'evals', 'promptfoo');
const CONFIG = 'cfg/promptfooconfig.yaml';
const PROMPTS = 'prompts:\n  - "Answer: {{question}}"\n';
const PROVIDERS = 'providers:\n  - openai:gpt-4o-mini\n';

function load(config: string, files: Record<string, string> = {}, options: LoadSuiteOptions = {}) {
  return loadSuite(CONFIG, { readText: memoryFiles({ [CONFIG]: config, ...files }), ...options });
}

describe('loadSuite: promptfoo configs', () => {
  it('loads prompts, providers, tests, defaultTest and evaluateOptions into the suite', async () => {
    const file = path.join(dir, 'promptfooconfig.yaml');
    const { suite, diagnostics } = await loadSuite(file);
    assert.deepEqual(diagnostics, []);
    assert.equal(suite.kind, 'promptfoo');
    assert.equal(suite.description, 'Translate greetings');
    const txt = readFileSync(path.join(dir, 'prompts.txt'), 'utf8');
    assert.deepEqual(
      suite.prompts.map((p) => [p.id, p.prompt.file, p.prompt.messages.map((m) => `${m.role}: ${m.content}`), p.sha256]),
      [
        ['prompt-1', file, ['user: Translate to {{ language }}: {{ text }}'], contentSha256('Translate to {{ language }}: {{ text }}')],
        ['prompts-1', path.join(dir, 'prompts.txt'), ['user: Say {{ text }} in {{ language }}, {{ tone }}.'], contentSha256(txt.split('\n---\n')[0]!)],
        ['prompts-2', path.join(dir, 'prompts.txt'), ['user: You translate.\n{{ text }} ({{ language }})\n'], contentSha256(txt.split('\n---\n')[1]!)],
        ['chat', path.join(dir, 'chat.json'), ['system: Be brief and {{ tone }}.', 'user: {{ text }} -> {{ language }}'], contentSha256(readFileSync(path.join(dir, 'chat.json'), 'utf8'))],
        ['from-prompt-file', path.join(dir, 'ask.prompt.yml'), ['user: Translate {{text}} into {{language}}'], contentSha256(readFileSync(path.join(dir, 'ask.prompt.yml'), 'utf8'))],
      ],
    );
    assert.deepEqual(suite.prompts[0]!.prompt.messages[0]!.location, { file, line: 3, column: 6 });
    assert.equal(suite.prompts[4]!.prompt.name, 'from-prompt-file');
    assert.deepEqual(suite.models, ['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5', 'ollama/llama3.2']);
    assert.deepEqual(plain(suite.modelSettings), { 'anthropic/claude-haiku-4-5': { label: 'haiku', parameters: { temperature: 0.2, maxTokens: 128 } } });
    assert.equal(suite.modelSettings?.['anthropic/claude-haiku-4-5']?.location?.line, 10);
    assert.equal(suite.graderModelId, 'openai/gpt-4o');
    assert.deepEqual(suite.options, { maxConcurrency: 2, repeat: 3, delayMs: 100 });
    assert.deepEqual(plain(suite.defaultAssert), [{ type: 'not-contains', value: 'sorry' }]);
    assert.deepEqual(suite.defaultAssert[0]!.location, { file, line: 20, column: 7, endLine: 22, endColumn: 1 });
    const trim = { transform: 'output.trim()' };
    const rowAssert = [{ type: 'icontains-any', value: ['bonjour', 'hallo'] }];
    assert.deepEqual(plain(suite.cases), [
      { id: 'test-1.1', description: 'two languages', vars: { tone: 'friendly', language: 'French', text: 'Hello' }, assert: rowAssert, options: trim },
      { id: 'test-1.2', description: 'two languages', vars: { tone: 'friendly', language: 'German', text: 'Hello' }, assert: rowAssert, options: trim },
      { id: 'test-2', vars: { tone: 'friendly', language: 'Spanish', text: 'Good morning, everyone.' }, assert: [], threshold: 0.5, options: { transform: 'output.toLowerCase()' } },
      {
        id: 'more-tests.csv:2',
        vars: { tone: 'friendly', language: 'Italian', text: 'Thanks', expected: 'Grazie' },
        expected: 'Grazie',
        assert: [{ type: 'contains', value: 'Grazie' }],
        options: trim,
      },
    ]);
    assert.deepEqual(suite.cases.map((c) => [c.location?.file, c.location?.line, c.location?.column]), [
      [file, 26, 5], [file, 26, 5], [file, 33, 5], [path.join(dir, 'more-tests.csv'), 2, 1],
    ]);
  });

  it('expands list variables into their cartesian product, unless disableVarExpansion', async () => {
    const config = `${PROMPTS}${PROVIDERS}tests:\n  - vars: {a: [x, y], b: [1, 2], c: ["p", "q"]}\n  - vars: {a: [x, y]}\n    options: {disableVarExpansion: true}\n  - vars: {obj: [{k: 1}, {k: 2}]}\n`;
    const { suite } = await load(config);
    assert.deepEqual(suite.cases.map((c) => [c.id, c.vars]), [
      ['test-1.1', { a: 'x', b: [1, 2], c: 'p' }],
      ['test-1.2', { a: 'x', b: [1, 2], c: 'q' }],
      ['test-1.3', { a: 'y', b: [1, 2], c: 'p' }],
      ['test-1.4', { a: 'y', b: [1, 2], c: 'q' }],
      ['test-2', { a: ['x', 'y'] }],
      ['test-3', { obj: [{ k: 1 }, { k: 2 }] }],
    ]);
  });

  it('reads file:// variables: text as is, JSON and YAML parsed, a glob as one case per file', async () => {
    const config = `${PROMPTS}${PROVIDERS}tests:\n  - vars: {doc: file://doc.md, data: file://data.json, list: file://list.yaml}\n`;
    const { suite } = await load(config, { 'cfg/doc.md': '# Title\n', 'cfg/data.json': '{"a": [1]}', 'cfg/list.yaml': '- one\n- two\n' });
    assert.deepEqual(suite.cases[0]!.vars, { doc: '# Title\n', data: { a: [1] }, list: ['one', 'two'] });
    const globbed = await loadSuite(path.join(dir, 'missing.yaml'), {
      readText: async (f) => (f.endsWith('missing.yaml') ? `${PROMPTS}${PROVIDERS}tests:\n  - vars: {q: file://sections/*.txt}\n` : readFileSync(f, 'utf8')),
    });
    assert.deepEqual(globbed.suite.cases.map((c) => [c.id, c.vars.q]), [['test-1.1', 'A: {{ q }}\n'], ['test-1.2', 'B: {{ q }}\n']]);
  });

  it('runs each scenario config with each of its tests', async () => {
    const config = [
      PROMPTS, PROVIDERS,
      'scenarios:',
      '  - config:',
      '      - {vars: {lang: French}, description: fr}',
      '      - {vars: {lang: German}, assert: [{type: is-json}]}',
      '    tests:',
      '      - {vars: {question: hi}, description: greet, assert: [{type: contains, value: a}]}',
      '',
    ].join('\n');
    const { suite } = await load(config);
    assert.deepEqual(plain(suite.cases), [
      { id: 'scenario-1/1/test-1', description: 'fr: greet', vars: { lang: 'French', question: 'hi' }, assert: [{ type: 'contains', value: 'a' }] },
      { id: 'scenario-1/2/test-1', description: 'greet', vars: { lang: 'German', question: 'hi' }, assert: [{ type: 'is-json' }, { type: 'contains', value: 'a' }] },
    ]);
  });

  it('runs each prompt once with the default test when there are no tests', async () => {
    const { suite } = await load(`${PROMPTS}${PROVIDERS}defaultTest:\n  vars: {question: Why?}\n`);
    assert.deepEqual(plain(suite.cases), [{ id: 'default', vars: { question: 'Why?' }, assert: [] }]);
  });

  it('reads the map forms of prompts and providers, and a model-graded rubric for a test', async () => {
    const config = [
      'prompts:',
      '  file://p.txt: short',
      'providers:',
      '  openai:chat:gpt-4o:',
      '    config: {top_p: 0.5, stop: END}',
      'tests:',
      '  - vars: {q: x}',
      '    assert: [{type: llm-rubric, value: ok}, {type: contains, value: x}]',
      '    options: {rubricPrompt: [{role: system, content: judge}], provider: {id: "anthropic:claude-haiku-4-5"}}',
      '',
    ].join('\n');
    const { suite } = await load(config, { 'cfg/p.txt': 'Q: {{q}}' });
    assert.deepEqual(suite.prompts.map((p) => [p.id, p.prompt.name]), [['short', 'short']]);
    assert.deepEqual(plain(suite.modelSettings), { 'openai/gpt-4o': { parameters: { topP: 0.5, stop: ['END'] } } });
    assert.deepEqual(plain(suite.cases[0]!.assert), [
      { type: 'llm-rubric', value: 'ok', rubricPrompt: '[{"role":"system","content":"judge"}]' },
      { type: 'contains', value: 'x' },
    ]);
    assert.deepEqual(suite.cases[0]!.options, { provider: 'anthropic/claude-haiku-4-5' });
  });
});

describe('loadSuite: promptfoo providers', () => {
  const provider = async (id: string, options: LoadSuiteOptions = {}, config = '') => {
    const text = `${PROMPTS}providers:\n  - id: ${JSON.stringify(id)}\n${config}`;
    return (await load(text, {}, options)).suite.models;
  };

  it('maps provider ids to model ids', async () => {
    const cases: Array<[string, string]> = [
      ['openai:gpt-4o-mini', 'openai/gpt-4o-mini'],
      ['openai:chat:gpt-4o', 'openai/gpt-4o'],
      ['anthropic:messages:claude-sonnet-4-5', 'anthropic/claude-sonnet-4-5'],
      ['anthropic:claude-haiku-4-5', 'anthropic/claude-haiku-4-5'],
      ['ollama:chat:llama3.2', 'ollama/llama3.2'],
      ['ollama:llama3.2:1b', 'ollama/llama3.2:1b'],
      ['azureopenai:chat:my-deployment', 'azure/my-deployment'],
      ['openrouter:meta-llama/llama-3.1-8b-instruct', 'openrouter/meta-llama/llama-3.1-8b-instruct'],
      ['openai/gpt-4o-mini', 'openai/gpt-4o-mini'],
    ];
    for (const [id, model] of cases) assert.deepEqual(await provider(id), [model], id);
  });

  it('maps openai:chat with an apiBaseUrl to the configured endpoint of that URL', async () => {
    const endpoints = { vllm: { baseURL: 'http://127.0.0.1:8000/v1' } };
    const config = '    config: {apiBaseUrl: "http://127.0.0.1:8000/v1/", apiKey: abc}\n';
    const { suite, diagnostics } = await load(`${PROMPTS}providers:\n  - id: openai:chat:qwen2.5\n${config}`, {}, { endpoints });
    assert.deepEqual(suite.models, ['vllm/qwen2.5']);
    const key = only(diagnostics, 'ignored-key');
    assert.deepEqual(at(key), [5, 55]);
    assert.match(key.message, /config\.apiKey is not read: keys come from `promptyard keys set <provider>`/);
    const unknown = only((await inputError(load(`${PROMPTS}providers:\n  - id: openai:chat:qwen2.5\n${config}`))).diagnostics, 'unsupported-provider');
    assert.deepEqual(at(unknown), [4, 9]);
    assert.match(unknown.message, /apiBaseUrl http:\/\/127\.0\.0\.1:8000\/v1\/ is not a configured endpoint.+endpoints: \{ my-endpoint: \{ baseURL/);
  });

  it('needs an endpoint for an OpenAI-compatible service when endpoints are known', async () => {
    assert.deepEqual(await provider('groq:llama-3.1-8b-instant', { endpoints: { groq: { baseURL: 'https://api.groq.com/openai/v1' } } }), ['groq/llama-3.1-8b-instant']);
    const d = only((await inputError(load(`${PROMPTS}providers: [groq:llama-3.1-8b-instant]\n`, {}, { endpoints: {} }))).diagnostics, 'unsupported-provider');
    assert.deepEqual(at(d), [3, 13]);
    assert.match(d.message, /No endpoint named "groq" is configured.+baseURL: https:\/\/api\.groq\.com\/openai\/v1/);
  });

  for (const [id, pattern] of [
    ['python:provider.py', /Providers that run code \(python:\) can't run in Promptyard\. Promptyard runs openai:<model>/],
    ['exec:./run.sh', /Providers that run code \(exec:\)/],
    ['https://example.com/generate', /HTTP providers \(https:\) can't run/],
    ['bedrock:anthropic.claude-3-haiku', /"bedrock:anthropic\.claude-3-haiku" can't be mapped\. Promptyard runs openai:<model>, anthropic:messages:<model>/],
    ['openai:embedding:text-embedding-3-small', /is an embedding model; it can grade \(similar\) but not answer prompts/],
    ['anthropic:completion:claude-2', /uses the completion API, which Promptyard does not call; use anthropic:messages:claude-2/],
  ] as const) {
    it(`reports an unmappable provider at its location: ${id}`, async () => {
      const text = `${PROMPTS}providers:\n  - openai:gpt-4o-mini\n  - ${JSON.stringify(id)}\n`;
      const d = only((await inputError(load(text))).diagnostics, 'unsupported-provider');
      assert.deepEqual(at(d), [5, 5]);
      assert.match(d.message, pattern);
    });
  }

  it('reports provider config it cannot send, and a provider listed twice with different config', async () => {
    const text = `${PROMPTS}providers:\n  - id: openai:gpt-4o\n    config: {response_format: {type: json_object}, temperature: 3}\n  - id: openai:chat:gpt-4o\n    config: {temperature: 1}\n`;
    const error = await inputError(load(text));
    const config = only(error.diagnostics, 'unsupported-provider-config');
    assert.deepEqual(at(config), [5, 14]);
    assert.match(config.message, /config\.response_format is not supported; Promptyard sends temperature, max_tokens/);
    assert.deepEqual(at(only(error.diagnostics, 'invalid-value')), [5, 65]);
    const twice = only(error.diagnostics, 'duplicate-provider');
    assert.deepEqual(at(twice), [6, 9]);
    assert.match(twice.message, /openai\/gpt-4o is listed twice with different config \(first on line 4\)/);
  });
});

describe('loadSuite: bad promptfoo configs', () => {
  it('warns about an unknown top-level key, with a suggestion', async () => {
    const { diagnostics } = await load(`${PROMPTS}${PROVIDERS}test:\n  - vars: {question: x}\n`);
    const d = only(diagnostics, 'unknown-key');
    assert.equal(d.severity, 'warning');
    assert.deepEqual(at(d), [5, 1]);
    assert.match(d.message, /Unknown key "test" in the promptfoo config; it is ignored\. Did you mean "tests"\?/);
  });

  it('warns about a misspelt test key and an unknown option, and rejects prefix', async () => {
    const text = `${PROMPTS}${PROVIDERS}tests:\n  - vars: {question: x}\n    asert: [{type: equals, value: y}]\n    options: {prefix: "Q: ", transfrom: x}\n`;
    const error = await inputError(load(text));
    assert.deepEqual(error.diagnostics.map((d) => [d.severity, d.code, ...at(d)]), [
      ['warning', 'unknown-key', 7, 5],
      ['error', 'unsupported-key', 8, 15],
      ['warning', 'unknown-key', 8, 30],
    ]);
    assert.match(error.diagnostics[0]!.message, /Unknown key "asert" in tests item 1; it is ignored\. Did you mean "assert"\?/);
    assert.match(error.diagnostics[2]!.message, /Did you mean "transform"\?/);
  });

  it('reports keys it cannot honor: code hooks as errors, output settings as warnings', async () => {
    const error = await inputError(load(`${PROMPTS}${PROVIDERS}extensions: [file://hooks.js:beforeAll]\noutputPath: out.json\n`));
    assert.deepEqual(error.diagnostics.map((d) => [d.severity, d.code, ...at(d)]), [
      ['error', 'unsupported-key', 5, 1],
      ['warning', 'ignored-key', 6, 1],
    ]);
  });

  it('reports a file:// that does not exist where it is named: prompt, tests, variable, defaultTest', async () => {
    const text = [
      'prompts: [file://missing.txt]',
      PROVIDERS.trim(),
      'defaultTest: file://defaults.yaml',
      'tests:',
      '  - file://tests.csv',
      '  - vars:',
      '      doc: file://docs/readme.md',
      '',
    ].join('\n');
    const error = await inputError(load(text));
    const missing = error.diagnostics.filter((d) => d.code === 'file-not-found');
    assert.deepEqual(missing.map((d) => [...at(d), d.message]), [
      [1, 11, 'Prompt file cfg/missing.txt does not exist; check the path (relative paths start at the folder of the file that names them).'],
      [4, 14, 'defaultTest file cfg/defaults.yaml does not exist; check the path (relative paths start at the folder of the file that names them).'],
      [6, 5, 'Dataset cfg/tests.csv does not exist; check the path (relative paths start at the folder of the file that names them).'],
      [8, 12, 'Variable doc: file cfg/docs/readme.md does not exist; check the path (relative paths start at the folder of the file that names them).'],
    ]);
    assert.equal(error.diagnostics.length, 4);
  });

  it('reports invalid YAML at its line and column', async () => {
    const error = await inputError(load('prompts:\n  - "open\nproviders: [openai:gpt-4o]\n'));
    const d = error.diagnostics[0]!;
    assert.equal(d.code, 'yaml-syntax');
    assert.equal(d.location?.file, CONFIG);
    assert.ok(d.location && d.location.line >= 2, JSON.stringify(d));
    assert.match(error.format(), /^cfg\/promptfooconfig\.yaml:\d+:\d+: YAML syntax error: /);
  });

  it('reports a Nunjucks filter inside an inline prompt at the filter', async () => {
    const d = only((await inputError(load(`prompts:\n  - "Hi {{ name | upper }}"\n${PROVIDERS}`))).diagnostics, 'unsupported-jinja');
    assert.deepEqual(at(d), [2, 17]);
    assert.match(d.message, /Jinja filter "upper" is not supported/);
  });

  it('reports prompts and tests written as code, and test keys it cannot run', async () => {
    const text = `prompts: [file://prompt.py]\n${PROVIDERS}tests:\n  - file://gen_tests.js\n  - vars: {q: a}\n    providers: [gpt]\n`;
    const error = await inputError(load(text));
    assert.deepEqual(error.diagnostics.map((d) => [d.code, ...at(d)]), [
      ['unsupported-prompt', 1, 11],
      ['unsupported-dataset', 5, 5],
      ['unsupported-key', 7, 5],
    ]);
    assert.match(error.diagnostics[0]!.message, /prompt written as code/);
    assert.match(error.diagnostics[1]!.message, /tests generated by code are not supported/);
  });

  it('reports bad evaluateOptions and warns about the ones it does not read', async () => {
    const error = await inputError(load(`${PROMPTS}${PROVIDERS}evaluateOptions: {repeat: 0, cache: false}\n`));
    assert.deepEqual(error.diagnostics.map((d) => [d.severity, d.code, ...at(d)]), [
      ['error', 'invalid-value', 5, 27],
      ['warning', 'ignored-key', 5, 30],
    ]);
  });

  it('reports a config without prompts, and a YAML file that is not a suite', async () => {
    assert.deepEqual(at(only((await inputError(load(`${PROVIDERS}tests: []\n`))).diagnostics, 'missing-key')), [1, 1]);
    const other = await inputError(loadSuite('cfg/data.yaml', { readText: memoryFiles({ 'cfg/data.yaml': '- a: 1\n' }) }));
    assert.match(only(other.diagnostics, 'unsupported-file').message, /neither a prompt file nor a promptfoo config/);
  });
});

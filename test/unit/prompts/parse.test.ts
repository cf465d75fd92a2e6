import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InputError } from '../../../src/core/errors';
import { loadPromptFile, parsePromptFile } from '../../../src/core/prompts/parse';
import { at, only, rejected } from './helpers';

const FILE = 'prompts/demo.prompt.yml';

function errorsOf(text: string) {
  const result = parsePromptFile(text, FILE);
  assert.equal(result.prompt, undefined, 'a file with errors gives no prompt');
  return result.diagnostics;
}

describe('parsePromptFile', () => {
  it('reads a GitHub Models prompt file with Promptyard keys', () => {
    const text = [
      'name: Demo',
      'description: A demo prompt',
      'model: openai/gpt-4o-mini',
      'version: 1.2.0',
      'modelParameters:',
      '  maxTokens: 200',
      '  temperature: 0.5',
      '  stop: END',
      'inputs:',
      '  topic: {type: string, default: cats}',
      'messages:',
      '  - role: system',
      '    content: Be brief.',
      '  - role: user',
      '    content: Tell me about {{topic}}',
      'testData:',
      '  - topic: dogs',
      '    expected: Dogs bark.',
      '',
    ].join('\n');
    const { prompt, diagnostics } = parsePromptFile(text, FILE);
    assert.deepEqual(diagnostics, []);
    assert.ok(prompt);
    assert.equal(prompt.id, 'demo');
    assert.equal(prompt.model, 'openai/gpt-4o-mini');
    assert.deepEqual(prompt.modelParameters, { maxTokens: 200, temperature: 0.5, stop: ['END'] });
    assert.deepEqual(prompt.inputs?.topic?.default, 'cats');
    assert.deepEqual(
      prompt.messages.map((m) => [m.role, m.content]),
      [['system', 'Be brief.'], ['user', 'Tell me about {{topic}}']],
    );
    assert.deepEqual(prompt.testData?.[0]?.vars, { topic: 'dogs' });
    assert.equal(prompt.testData?.[0]?.expected, 'Dogs bark.');
  });

  it('keeps the location of each message content and each testData row', () => {
    const text = 'messages:\n  - role: user\n    content: |\n      Hi\n  - role: assistant\n    content: "Hello"\ntestData:\n  - a: 1\n  -   b: 2\n';
    const { prompt } = parsePromptFile(text, FILE);
    assert.ok(prompt);
    assert.deepEqual(prompt.messages.map((m) => [m.location?.line, m.location?.column]), [[3, 14], [6, 14]]);
    assert.deepEqual(prompt.testData?.map((r) => [r.location?.line, r.location?.column]), [[8, 5], [9, 7]]);
  });

  it('reports malformed YAML as yaml-syntax at the error position', () => {
    const d = only(errorsOf('name: demo\nname: again\nmessages: []\n'), 'yaml-syntax');
    assert.equal(d.severity, 'error');
    assert.equal(d.message, 'YAML syntax error: Map keys must be unique; remove or rename one of the two keys.');
    assert.deepEqual(at(d), [2, 1]);

    const indent = only(errorsOf('messages:\n  - role: user\n    content: hi\n   - role: user\n'), 'yaml-syntax');
    assert.match(indent.message, /^YAML syntax error: All sequence items must start at the same column; check the indentation/);
    assert.deepEqual(at(indent), [4, 4]);

    const tabs = only(errorsOf('messages:\n\t- role: user\n'), 'yaml-syntax');
    assert.match(tabs.message, /indent with spaces/);
    assert.deepEqual(at(tabs), [2, 1]);
  });

  it('reports a value of the wrong type at that value', () => {
    const temp = only(errorsOf('modelParameters:\n  temperature: hot\nmessages:\n  - {role: user, content: hi}\n'), 'invalid-type');
    assert.equal(temp.message, 'modelParameters.temperature must be a number from 0 to 2, got the string "hot".');
    assert.deepEqual(at(temp), [2, 16]);

    const list = only(errorsOf('messages: hello\n'), 'invalid-type');
    assert.equal(list.message, 'messages must be a list (items starting with "- "), got the string "hello".');
    assert.deepEqual(at(list), [1, 11]);

    const role = only(errorsOf('messages:\n  - role: robot\n    content: beep\n'), 'invalid-value');
    assert.equal(role.message, 'role must be one of system, user, assistant; got "robot".');
    assert.deepEqual(at(role), [2, 11]);

    const content = only(errorsOf('messages:\n  - role: user\n    content: [1, 2]\n'), 'invalid-type');
    assert.equal(content.message, 'messages item 1 content must be a string, got a list; quote the value.');
    assert.deepEqual(at(content), [3, 14]);
  });

  it('reports numbers out of range and non-integers', () => {
    const d = errorsOf('modelParameters:\n  maxTokens: 1.5\n  topP: 3\nmessages:\n  - {role: user, content: hi}\n');
    assert.deepEqual(at(only(d, 'invalid-type')), [2, 14]);
    const range = only(d, 'invalid-value');
    assert.equal(range.message, 'modelParameters.topP must be a number from 0 to 1, got 3.');
    assert.deepEqual(at(range), [3, 9]);
  });

  it('rejects a model that is not provider/model', () => {
    const d = only(errorsOf('model: gpt-4o\nmessages:\n  - {role: user, content: hi}\n'), 'invalid-model');
    assert.match(d.message, /^model "gpt-4o" is not a provider\/model id; write it as provider\/model/);
    assert.deepEqual(at(d), [1, 8]);
  });

  it('warns about unknown keys, suggests the near one, and still parses', () => {
    const text = 'name: x\nlabels: [a]\nmodelParameters: {temprature: 1}\nmessages:\n  - role: user\n    content: hi\n    name: bob\n';
    const { prompt, diagnostics } = parsePromptFile(text, FILE);
    assert.ok(prompt, 'unknown keys are warnings, not errors');
    assert.deepEqual(prompt.modelParameters, {});
    const unknown = diagnostics.filter((d) => d.code === 'unknown-key');
    assert.equal(unknown.length, 3);
    assert.ok(unknown.every((d) => d.severity === 'warning'));
    assert.match(unknown[0]!.message, /^Unknown key "labels" in the prompt file; it is ignored\. Known keys: name, description, model,/);
    assert.deepEqual(at(unknown[0]!), [2, 1]);
    assert.match(unknown[1]!.message, /^Unknown key "temprature" in modelParameters; it is ignored\. Did you mean "temperature"\? Known keys:/);
    assert.deepEqual(at(unknown[1]!), [3, 19]);
    assert.equal(unknown[2]!.message, 'Unknown key "name" in messages item 1; it is ignored. Known keys: role, content.');
    assert.deepEqual(at(unknown[2]!), [7, 5]);
  });

  it('requires messages, roles and content', () => {
    assert.deepEqual(at(only(errorsOf('name: x\n'), 'missing-key')), [1, 1]);
    assert.equal(only(errorsOf('messages: []\n'), 'empty-messages').severity, 'error');
    const noContent = only(errorsOf('messages:\n  - role: user\n'), 'missing-key');
    assert.equal(noContent.message, 'messages item 1 has no content; add `content:` with the message text.');
    assert.deepEqual(at(noContent), [2, 5]);
    assert.equal(only(errorsOf(''), 'empty-file').location?.line, 1);
  });

  it('accepts jsonSchema as the JSON string gh writes and as a YAML map', () => {
    const asString = parsePromptFile(
      'responseFormat: json_schema\njsonSchema: \'{"name": "person", "strict": true, "schema": {"type": "object"}}\'\nmessages:\n  - {role: user, content: hi}\n',
      FILE,
    );
    const asMap = parsePromptFile(
      'responseFormat: json_schema\njsonSchema:\n  name: person\n  strict: true\n  schema:\n    type: object\nmessages:\n  - {role: user, content: hi}\n',
      FILE,
    );
    const expected = { type: 'json_schema', name: 'person', strict: true, schema: { type: 'object' } };
    assert.deepEqual(asString.prompt?.responseFormat, expected);
    assert.deepEqual(asMap.prompt?.responseFormat, expected);
  });

  it('reports a jsonSchema string that is not JSON, and a schema that is not a JSON Schema', () => {
    const notJson = only(errorsOf('responseFormat: json_schema\njsonSchema: "{name: x"\nmessages:\n  - {role: user, content: hi}\n'), 'invalid-json-schema');
    assert.match(notJson.message, /^jsonSchema is not valid JSON \(/);
    assert.deepEqual(at(notJson), [2, 13]);
    const badSchema = only(
      errorsOf('responseFormat: json_schema\njsonSchema:\n  name: x\n  schema:\n    type: strin\nmessages:\n  - {role: user, content: hi}\n'),
      'invalid-json-schema',
    );
    assert.match(badSchema.message, /^jsonSchema\.schema: it is not a valid JSON Schema: at \/type/);
    assert.deepEqual(at(badSchema), [5, 5]);
    const missing = only(errorsOf('responseFormat: json_schema\nmessages:\n  - {role: user, content: hi}\n'), 'missing-key');
    assert.deepEqual(at(missing), [1, 17]);
  });

  it('reads tools in the long and short form, and promptfoo assert lists', () => {
    const text = [
      'messages:',
      '  - {role: user, content: hi}',
      'tools:',
      '  - type: function',
      '    function: {name: get_weather, description: Weather now, parameters: {type: object, properties: {city: {type: string}}}}',
      '  - {name: lookup_order}',
      'testData:',
      '  - q: a',
      '    assert:',
      '      - {type: contains, value: a, weight: 2}',
      '      - {type: llm-rubric, value: is polite, threshold: 0.8, metric: tone}',
      '',
    ].join('\n');
    const { prompt, diagnostics } = parsePromptFile(text, FILE);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(prompt?.tools, [
      { name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      { name: 'lookup_order', parameters: { type: 'object', properties: {} } },
    ]);
    assert.deepEqual(prompt?.testData?.[0]?.assert, [
      { type: 'contains', value: 'a', weight: 2 },
      { type: 'llm-rubric', value: 'is polite', threshold: 0.8, metric: 'tone' },
    ]);
    const bad = only(errorsOf('messages:\n  - {role: user, content: hi}\ntestData:\n  - assert:\n      - {value: 1}\n'), 'missing-key');
    assert.deepEqual(at(bad), [5, 9]);
  });

  it('validates evaluators', () => {
    const both = only(
      errorsOf('messages:\n  - {role: user, content: hi}\nevaluators:\n  - name: x\n    uses: github/similarity\n    string: {contains: a}\n'),
      'invalid-value',
    );
    assert.match(both.message, /has uses and string; an evaluator has exactly one/);
    assert.deepEqual(at(both), [6, 5]);
    const uses = only(errorsOf('messages:\n  - {role: user, content: hi}\nevaluators:\n  - {name: x, uses: github/vibes}\n'), 'invalid-value');
    assert.match(uses.message, /must be one of github\/similarity/);
    assert.deepEqual(at(uses), [4, 21]);
  });

  it('reports a Handlebars syntax error in a message at its place in the file', () => {
    const d = only(errorsOf('messages:\n  - role: user\n    content: |\n      Hello\n      {{#if vip}}VIP\n'), 'template-syntax');
    assert.match(d.message, /^Handlebars syntax error: the template ends inside a mustache or an open block/);
    assert.deepEqual(at(d), [5, 7]);
  });

  it('never throws, even for input that is not text', () => {
    const result = parsePromptFile(undefined as unknown as string, FILE);
    assert.equal(result.prompt, undefined);
    assert.equal(result.diagnostics[0]?.severity, 'error');
  });
});

describe('loadPromptFile', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'promptyard-parse-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the prompt and its warnings', async () => {
    const file = path.join(dir, 'ok.prompt.yml');
    await writeFile(file, 'messages:\n  - {role: user, content: hi}\nextra: 1\n');
    const { prompt, warnings } = await loadPromptFile(file);
    assert.equal(prompt.id, 'ok');
    assert.equal(warnings[0]?.code, 'unknown-key');
  });

  it('throws InputError carrying every diagnostic when the file has errors', async () => {
    const file = path.join(dir, 'bad.prompt.yml');
    await writeFile(file, 'model: nope\nmessages:\n  - role: robot\n    content: hi\n');
    const e = await rejected(loadPromptFile(file));
    assert.ok(e instanceof InputError);
    assert.equal(e.code, 'invalid-model');
    assert.equal(e.exitCode, 2);
    assert.deepEqual(at(e), [1, 8]);
    assert.equal(e.diagnostics.length, 2);
    assert.match(e.hint ?? '', /^Fix the file and run again \(1 more error in this file\)\.$/);
  });

  it('throws InputError file-not-found for a missing file', async () => {
    const e = await rejected(loadPromptFile(path.join(dir, 'missing.prompt.yml')));
    assert.equal(e.code, 'file-not-found');
    assert.match(e.hint ?? '', /Check the path/);
  });
});

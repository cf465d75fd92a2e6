// schemas/prompt.schema.json (editor validation) and the validator must agree: every example is valid in
// both, every bad file below is invalid in both.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { parsePromptFile } from '../../../src/core/prompts/parse';
import { isPromptFileName } from '../../../src/core/prompts/promptFile';

const root = path.join(__dirname, '..', '..', '..');
const schema = JSON.parse(readFileSync(path.join(root, 'schemas', 'prompt.schema.json'), 'utf8')) as object;
const validateWithSchema = new Ajv({ strict: true, allErrors: true }).compile(schema);

function schemaErrors(text: string): string[] {
  const ok = validateWithSchema(parse(text));
  return ok ? [] : (validateWithSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

function validatorErrors(text: string): string[] {
  return parsePromptFile(text, 'case.prompt.yml')
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.code}: ${d.message}`);
}

const MESSAGES = 'messages:\n  - {role: user, content: hi}\n';

const BAD_FILES: Record<string, string> = {
  'temperature is not a number': `modelParameters: {temperature: hot}\n${MESSAGES}`,
  'temperature out of range': `modelParameters: {temperature: 3}\n${MESSAGES}`,
  'maxTokens is not an integer': `modelParameters: {maxTokens: 1.5}\n${MESSAGES}`,
  'stop holds a number': `modelParameters: {stop: [1]}\n${MESSAGES}`,
  'messages is not a list': 'messages: hello\n',
  'messages is missing': 'name: x\n',
  'messages is empty': 'messages: []\n',
  'a role that does not exist': 'messages:\n  - {role: robot, content: hi}\n',
  'a message without content': 'messages:\n  - {role: user}\n',
  'content that is a list': 'messages:\n  - {role: user, content: [a]}\n',
  'a model without provider': `model: gpt-4o\n${MESSAGES}`,
  'a model with an upper-case provider': `model: OpenAI/gpt-4o\n${MESSAGES}`,
  'name is a number': `name: 42\n${MESSAGES}`,
  'version is not semver': `version: "1.0"\n${MESSAGES}`,
  'id with a slash': `id: a/b\n${MESSAGES}`,
  'an unknown responseFormat': `responseFormat: xml\n${MESSAGES}`,
  'json_schema without jsonSchema': `responseFormat: json_schema\n${MESSAGES}`,
  'jsonSchema map without schema': `responseFormat: json_schema\njsonSchema: {name: x}\n${MESSAGES}`,
  'jsonSchema with an invalid schema': `responseFormat: json_schema\njsonSchema: {name: x, schema: {type: strin}}\n${MESSAGES}`,
  'jsonSchema with a bad name': `responseFormat: json_schema\njsonSchema: {name: "a b", schema: {}}\n${MESSAGES}`,
  'an input of an unknown type': `inputs:\n  a: {type: date}\n${MESSAGES}`,
  'an input name with a space': `inputs:\n  "a b": {type: string}\n${MESSAGES}`,
  'required that is not a boolean': `inputs:\n  a: {required: "yes"}\n${MESSAGES}`,
  'trusted that is not a boolean': `inputs:\n  a: {trusted: "yes"}\n${MESSAGES}`,
  'a tool without a name': `tools:\n  - {description: x}\n${MESSAGES}`,
  'a tool of another type': `tools:\n  - {type: retrieval, function: {name: x}}\n${MESSAGES}`,
  'a long-form tool without type': `tools:\n  - function: {name: x}\n${MESSAGES}`,
  'tool parameters that are not a schema': `tools:\n  - {name: x, parameters: {type: 5}}\n${MESSAGES}`,
  'testData is not a list': `testData: {a: 1}\n${MESSAGES}`,
  'an assertion without type': `testData:\n  - assert: [{value: x}]\n${MESSAGES}`,
  'a negative assertion weight': `testData:\n  - assert: [{type: equals, weight: -1}]\n${MESSAGES}`,
  'an evaluator without name': `evaluators:\n  - {uses: github/similarity}\n${MESSAGES}`,
  'an evaluator with two kinds': `evaluators:\n  - {name: x, uses: github/fluency, string: {contains: a}}\n${MESSAGES}`,
  'an evaluator with no kind': `evaluators:\n  - {name: x}\n${MESSAGES}`,
  'an unknown built-in evaluator': `evaluators:\n  - {name: x, uses: github/vibes}\n${MESSAGES}`,
  'an empty string evaluator': `evaluators:\n  - {name: x, string: {}}\n${MESSAGES}`,
  'an llm judge without choices': `evaluators:\n  - {name: x, llm: {modelId: openai/gpt-4o, prompt: p}}\n${MESSAGES}`,
  'an llm judge with a bad modelId': `evaluators:\n  - {name: x, llm: {modelId: gpt, prompt: p, choices: [{choice: a, score: 1}]}}\n${MESSAGES}`,
  'a choice without score': `evaluators:\n  - {name: x, llm: {modelId: openai/gpt-4o, prompt: p, choices: [{choice: a}]}}\n${MESSAGES}`,
  'a list instead of a map': '- a\n- b\n',
};

describe('prompt.schema.json and the validator', () => {
  const examples = readdirSync(path.join(root, 'prompts')).filter(isPromptFileName);

  it('has example prompt files to check', () => {
    assert.ok(examples.length >= 3, `examples: ${examples.join(', ')}`);
  });

  for (const example of examples) {
    it(`accepts the example ${example} in both`, () => {
      const text = readFileSync(path.join(root, 'prompts', example), 'utf8');
      assert.deepEqual(schemaErrors(text), []);
      const { prompt, diagnostics } = parsePromptFile(text, example);
      assert.ok(prompt);
      assert.deepEqual(diagnostics, [], 'examples are free of warnings too');
    });
  }

  for (const [name, text] of Object.entries(BAD_FILES)) {
    it(`rejects ${name} in both`, () => {
      assert.notDeepEqual(schemaErrors(text), [], 'the schema accepts it');
      assert.notDeepEqual(validatorErrors(text), [], 'the validator accepts it');
    });
  }

  it('accepts unknown keys in both (the validator only warns)', () => {
    const text = `labels: [a]\nmodelParameters: {temprature: 1}\n${MESSAGES}`;
    assert.deepEqual(schemaErrors(text), []);
    assert.deepEqual(validatorErrors(text), []);
    assert.equal(parsePromptFile(text, 'x.prompt.yml').diagnostics.filter((d) => d.code === 'unknown-key').length, 2);
  });

  it('accepts a trusted input in both', () => {
    const text = `inputs:\n  a: {type: string, trusted: true}\nmessages:\n  - {role: system, content: "{{a}}"}\n`;
    assert.deepEqual(schemaErrors(text), []);
    assert.deepEqual(parsePromptFile(text, 'x.prompt.yml').diagnostics, []);
  });

  it('accepts the jsonSchema JSON string gh writes in both', () => {
    const text = `responseFormat: json_schema\njsonSchema: '{"name": "x", "schema": {"type": "object"}}'\n${MESSAGES}`;
    assert.deepEqual(schemaErrors(text), []);
    assert.deepEqual(validatorErrors(text), []);
  });
});

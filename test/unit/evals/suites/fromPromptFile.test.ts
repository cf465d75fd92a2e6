import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { contentSha256 } from '../../../../src/core/prompts/registry/hash';
import { loadSuite } from '../../../../src/core/evals/suites/loadSuite';
import { parsePromptFile } from '../../../../src/core/prompts/parse';
import { at, errorsOf, inputError, memoryFiles, only, plain } from './helpers';

const fixtures = path.join(__dirname, '..', '..', '..', 'fixtures', 'evals', 'prompt-file');
const greet = path.join(fixtures, 'greet.prompt.yml');
const loc = (file: string, line: number, column: number, endLine?: number, endColumn?: number) =>
  endLine === undefined ? { file, line, column } : { file, line, column, endLine, endColumn };

describe('loadSuite: prompt files', () => {
  it('loads testData rows, datasets and evaluators into the suite, every case and assertion located', async () => {
    const { suite, diagnostics } = await loadSuite(greet);
    assert.deepEqual(diagnostics, []);
    const text = readFileSync(greet, 'utf8');
    assert.equal(suite.kind, 'prompt-file');
    assert.equal(suite.file, greet);
    assert.equal(suite.description, 'Greet a customer');
    assert.deepEqual(suite.models, []);
    assert.deepEqual(suite.options, {});
    assert.deepEqual(suite.prompts.map((p) => [p.id, p.sha256, p.prompt.file]), [['greet', contentSha256(text), greet]]);
    const jsonl = path.join(fixtures, 'greet.jsonl');
    const csv = path.join(fixtures, 'greet.csv');
    assert.deepEqual(suite.cases, [
      {
        id: 'ada',
        description: 'Greets by name',
        vars: { id: 'ada', description: 'Greets by name', name: 'Ada', shop: 'Bakery' },
        expected: 'Hello Ada',
        assert: [
          { type: 'icontains', value: 'ada', location: loc(greet, 15, 9, 17, 1) },
          { type: 'llm-rubric', value: 'is warm', provider: 'openai/gpt-4o', rubricPrompt: 'Grade this greeting: {{output}}', location: loc(greet, 17, 9, 21, 1) },
          {
            type: 'assert-set',
            threshold: 0.5,
            assert: [
              { type: 'contains', value: 'Hello', location: loc(greet, 24, 13, 26, 1) },
              { type: 'not-contains', value: 'Goodbye', location: loc(greet, 26, 13, 28, 1) },
            ],
            location: loc(greet, 21, 9, 28, 1),
          },
        ],
        location: loc(greet, 9, 5, 28, 1),
      },
      { id: 'row-2', vars: { name: 'Bob', shop: 'Florist' }, assert: [], location: loc(greet, 28, 5, 30, 1) },
      { id: 'greet.jsonl:1', vars: { name: 'Cy', shop: 'Deli' }, expected: 'Hello Cy', assert: [], location: loc(jsonl, 1, 1) },
      { id: 'greet.csv:2', vars: { name: 'Dee', shop: 'Café' }, assert: [{ type: 'contains', value: 'Dee', location: loc(csv, 2, 10) }], location: loc(csv, 2, 1) },
    ]);
    assert.deepEqual(suite.defaultAssert, [
      { type: 'gh-string', value: { startsWith: 'Hello {{name}}' }, metric: 'Says hello', location: loc(greet, 34, 5, 37, 1) },
      {
        type: 'gh-llm',
        value: { modelId: 'openai/gpt-4o-mini', prompt: 'Is "{{completion}}" polite? Answer Yes or No.', choices: [{ choice: 'Yes', score: 1 }, { choice: 'No', score: 0 }] },
        metric: 'Polite',
        location: loc(greet, 37, 5, 44, 1),
      },
      { type: 'gh-builtin', value: 'github/similarity', metric: 'Similar', location: loc(greet, 44, 5, 46, 1) },
    ]);
  });

  it('hashes the content as the registry does: CRLF normalized to LF', () => {
    const text = readFileSync(greet, 'utf8');
    assert.equal(contentSha256(text.replace(/\n/g, '\r\n')), contentSha256(text));
    assert.notEqual(contentSha256(`${text} `), contentSha256(text));
    assert.match(contentSha256(''), /^e3b0c442/);
  });

  it('appends command-line datasets after the file\'s own cases', async () => {
    const { suite } = await loadSuite(greet, { datasets: [path.join(fixtures, 'questions.jsonl')] });
    assert.deepEqual(suite.cases.map((c) => c.id), ['ada', 'row-2', 'greet.jsonl:1', 'greet.csv:2', 'questions.jsonl:1', 'questions.jsonl:2']);
  });

  const MESSAGES = 'messages:\n  - {role: user, content: "Hi {{name}}"}\n';
  const loadText = (text: string, options = {}) => loadSuite('p/t.prompt.yml', { readText: memoryFiles({ 'p/t.prompt.yml': text }), ...options });

  it('reports an assertion type the engine does not know, with a suggestion', async () => {
    const text = `${MESSAGES}testData:\n  - name: a\n    assert:\n      - type: not-contians\n        value: x\n`;
    const error = await inputError(loadText(text, { assertionTypes: ['contains', 'equals', 'llm-rubric'] }));
    const d = only(error.diagnostics, 'unknown-assertion');
    assert.deepEqual(at(d), [6, 9]);
    assert.match(d.message, /Unknown assertion type "not-contians"\. Did you mean "contains"\?/);
  });

  it('reports a grader provider that cannot be mapped at its assertion', async () => {
    const text = `${MESSAGES}testData:\n  - name: a\n    assert:\n      - type: llm-rubric\n        value: ok\n        provider: bedrock:anthropic.claude-v2\n`;
    const d = only((await inputError(loadText(text))).diagnostics, 'unsupported-provider');
    assert.deepEqual(at(d), [6, 9]);
    assert.match(d.message, /"bedrock:anthropic\.claude-v2" can't be mapped\. Promptyard runs openai:<model>/);
  });

  it('reports a dataset that does not exist at the datasets entry', async () => {
    const d = only((await inputError(loadText(`${MESSAGES}datasets:\n  - data/rows.jsonl\n`))).diagnostics, 'file-not-found');
    assert.deepEqual(at(d), [4, 5]);
    assert.match(d.message, /Dataset p\/data\/rows\.jsonl does not exist/);
  });

  it('warns when a prompt file has no cases', async () => {
    const { suite, diagnostics } = await loadText(MESSAGES);
    assert.deepEqual(suite.cases, []);
    assert.match(only(diagnostics, 'no-cases').message, /add testData rows or `datasets:`, or pass a dataset with --dataset/);
  });

  it('throws the prompt parser\'s errors with their locations', async () => {
    const error = await inputError(loadText(`${MESSAGES}testData:\n  - assert:\n      - type: assert-set\n`));
    assert.deepEqual(at(only(error.diagnostics, 'missing-key')), [5, 9]);
    assert.match(error.format(), /p\/t\.prompt\.yml:5:9: testData row 1 assert item 1 is an assert-set without `assert:`/);
  });
});

describe('loadSuite: .prompty files', () => {
  const ask = path.join(fixtures, 'ask.prompty');

  it('runs the sample inputs as the one case', async () => {
    const { suite, diagnostics } = await loadSuite(ask);
    assert.deepEqual(diagnostics, []);
    assert.equal(suite.kind, 'prompty');
    assert.deepEqual(plain(suite.cases), [{ id: 'sample', description: 'sample inputs of the .prompty file', vars: { question: 'What is Promptyard?' }, assert: [] }]);
    assert.equal(suite.cases[0]!.location?.line, 9);
    assert.equal(suite.prompts[0]!.prompt.model, 'openai/gpt-4o-mini');
  });

  it('runs a dataset given on the command line instead of the sample', async () => {
    const { suite } = await loadSuite(ask, { datasets: [path.join(fixtures, 'questions.jsonl')] });
    assert.deepEqual(suite.cases.map((c) => [c.id, c.vars.question]), [['questions.jsonl:1', 'What is a prompt file?'], ['questions.jsonl:2', 'What is a dataset?']]);
  });
});

describe('prompt.schema.json and the validator agree on the suite keys', () => {
  const schema = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', '..', 'schemas', 'prompt.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
  const MESSAGES = 'messages:\n  - {role: user, content: hi}\n';
  const verdicts = (text: string): [boolean, boolean] => [validate(parse(text)), errorsOf(parsePromptFile(text, 'x.prompt.yml').diagnostics).length === 0];

  const good: Record<string, string> = {
    'datasets of every format': `${MESSAGES}datasets: [a.jsonl, b.csv, c.tsv, d.yaml, e.yml, f.json, file://g.JSONL]\n`,
    'grader, rubric and config on an assertion': `${MESSAGES}testData:\n  - assert: [{type: llm-rubric, value: ok, provider: openai/gpt-4o, rubricPrompt: grade, config: {a: 1}}]\n`,
    'a nested assert-set': `${MESSAGES}testData:\n  - assert: [{type: assert-set, threshold: 0.5, assert: [{type: contains, value: a}, {type: assert-set, assert: [{type: equals, value: b}]}]}]\n`,
  };
  const bad: Record<string, string> = {
    'a dataset of another format': `${MESSAGES}datasets: [notes.txt]\n`,
    'datasets that is not a list': `${MESSAGES}datasets: rows.jsonl\n`,
    'an assert-set without assert': `${MESSAGES}testData:\n  - assert: [{type: assert-set}]\n`,
    'assert on another type': `${MESSAGES}testData:\n  - assert: [{type: contains, value: a, assert: [{type: equals}]}]\n`,
    'a nested assertion without type': `${MESSAGES}testData:\n  - assert: [{type: assert-set, assert: [{value: a}]}]\n`,
    'a grader that is not a string': `${MESSAGES}testData:\n  - assert: [{type: llm-rubric, provider: {id: x}}]\n`,
    'config that is not a map': `${MESSAGES}testData:\n  - assert: [{type: equals, config: 3}]\n`,
  };
  for (const [name, text] of Object.entries(good)) it(`accepts ${name} in both`, () => assert.deepEqual(verdicts(text), [true, true]));
  for (const [name, text] of Object.entries(bad)) it(`rejects ${name} in both`, () => assert.deepEqual(verdicts(text), [false, false]));
});

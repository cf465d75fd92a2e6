// Assertions are checked when a suite loads, before anything runs: problems at the assertion's location,
// errors thrown as one InputError, warnings returned with the suite.
import assert from 'node:assert/strict';
import { loadDataset } from '../../../../src/core/evals/suites/datasets';
import { loadSuite } from '../../../../src/core/evals/suites/loadSuite';
import { at, errorsOf, inputError, memoryFiles, only } from './helpers';

const PROMPTFOO = [
  'prompts: ["Answer: {{q}}"]',
  'providers: [openai:gpt-4o-mini]',
  'defaultTest:',
  '  assert:',
  '    - type: is-json',
  '      value: {type: object, required: name}',
  'tests:',
  '  - vars: {q: one}',
  '    assert:',
  '      - type: regex',
  '        value: "(unclosed"',
  '  - vars: {q: two}',
  '    assert:',
  '      - type: assert-set',
  '        assert:',
  '          - type: contains-any',
  '',
].join('\n');

describe('loadSuite: assertions checked before the run', () => {
  it('reports every bad assertion at its place: defaultTest, a test, inside an assert-set', async () => {
    const error = await inputError(loadSuite('promptfooconfig.yaml', { readText: memoryFiles({ 'promptfooconfig.yaml': PROMPTFOO }) }));
    const errors = errorsOf(error.diagnostics);
    assert.deepEqual(errors.map((d) => [d.code, ...at(d)]), [
      ['invalid-json-schema', 5, 7],
      ['invalid-regex', 10, 9],
      ['missing-value', 16, 13],
    ]);
    assert.match(errors[0]!.message, /is-json: the JSON Schema is invalid: schema\/required must be array/);
    assert.match(errors[1]!.message, /regex "\(unclosed" does not compile: Unterminated group/);
    assert.match(errors[2]!.message, /contains-any needs a list of texts/);
    assert.equal(error.exitCode, 2);
  });

  it('a dataset record with a bad assertion is an error even when bad records are only skipped', async () => {
    const files = memoryFiles({
      'p.prompt.yml': 'messages:\n  - {role: user, content: "{{q}}"}\ndatasets: [rows.jsonl]\n',
      'rows.jsonl': '{"vars": {"q": 1}}\n{"vars": {"q": 2}, "assert": [{"type": "regex", "value": "[a-"}]}\n',
    });
    const error = await inputError(loadSuite('p.prompt.yml', { readText: files }));
    assert.deepEqual(at(only(error.diagnostics, 'invalid-regex')), [2, 1]);
    const dataset = await loadDataset('rows.jsonl', { readText: files });
    assert.equal(only(dataset.diagnostics, 'invalid-regex').severity, 'error');
  });

  it('returns warnings with the suite, which still loads', async () => {
    const text = 'messages:\n  - {role: user, content: "{{q}}"}\ntestData:\n  - q: hi\n    assert:\n      - type: answer-relevance\n';
    const { suite, diagnostics } = await loadSuite('p.prompt.yml', { readText: memoryFiles({ 'p.prompt.yml': text }) });
    assert.equal(suite.cases.length, 1);
    assert.deepEqual(at(only(diagnostics, 'missing-threshold')), [6, 9]);
  });

  it('leaves unknown types to the caller: an error with the engine\'s types given, none without', async () => {
    const text = 'messages:\n  - {role: user, content: "{{q}}"}\ntestData:\n  - q: hi\n    assert:\n      - type: icontain\n        value: x\n';
    const readText = memoryFiles({ 'p.prompt.yml': text });
    const error = await inputError(loadSuite('p.prompt.yml', { readText, assertionTypes: ['icontains'] }));
    assert.match(only(error.diagnostics, 'unknown-assertion').message, /Did you mean "icontains"/);
    assert.deepEqual((await loadSuite('p.prompt.yml', { readText })).diagnostics, []);
  });
});

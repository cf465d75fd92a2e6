// Checking assertion specs before a run: each problem a diagnostic at the spec's location.
import assert from 'node:assert/strict';
import { validateAssertionSpec } from '../../../../src/core/evals/assertions/validate';
import type { AssertionSpec } from '../../../../src/core/evals/types';

const at = { file: 'suite.prompt.yml', line: 12, column: 7 };

function codes(spec: AssertionSpec): string[] {
  return validateAssertionSpec({ location: at, ...spec }).map((d) => d.code);
}

describe('validateAssertionSpec', () => {
  it('accepts well-formed specs of every kind', () => {
    const good: AssertionSpec[] = [
      { type: 'contains', value: 'Paris' },
      { type: 'not-icontains-any', value: ['a', 'b'] },
      { type: 'regex', value: '^\\d+$' },
      { type: 'is-json', value: { type: 'object' } },
      { type: 'similar', value: 'x', threshold: 0.8, provider: 'openai/text-embedding-3-small' },
      { type: 'latency', threshold: 2000 },
      { type: 'word-count', value: { max: 50 } },
      { type: 'javascript', value: 'output.length > {{min}}' },
      { type: 'assert-set', threshold: 0.5, assert: [{ type: 'equals', value: 'x' }] },
      { type: 'gh-string', value: { startsWith: '{{expected}}' } },
      { type: 'gh-llm', value: { prompt: 'p', choices: [{ choice: 'y', score: 1 }] } },
      { type: 'gh-builtin', value: 'github/coherence' },
      { type: 'contains', value: '{{city}}' },
      { type: 'is-json', value: 'file://schema.json' },
    ];
    for (const spec of good) assert.deepEqual(validateAssertionSpec(spec), [], JSON.stringify(spec));
  });

  it('an unknown type, with its location and a suggestion', () => {
    const [d] = validateAssertionSpec({ type: 'llm-rubrik', value: 'x', location: at });
    assert.equal(d!.code, 'unknown-assertion');
    assert.equal(d!.severity, 'error');
    assert.deepEqual(d!.location, at);
    assert.match(d!.message, /Did you mean llm-rubric\?/);
  });

  it('a regex that does not compile and a JSON Schema that is invalid', () => {
    const [regex] = validateAssertionSpec({ type: 'regex', value: '[a-', location: at });
    assert.equal(regex!.code, 'invalid-regex');
    assert.match(regex!.message, /regex "\[a-" does not compile: Unterminated character class/);
    const [schema] = validateAssertionSpec({ type: 'contains-json', value: { type: 'object', required: 'name' }, location: at });
    assert.equal(schema!.code, 'invalid-json-schema');
    assert.match(schema!.message, /schema\/required must be array/);
    assert.deepEqual(codes({ type: 'is-json', value: 'type: [object' }), ['invalid-json-schema']);
  });

  it('thresholds out of range, missing, or without effect', () => {
    assert.deepEqual(codes({ type: 'similar', value: 'x', threshold: 75 }), ['threshold-range']);
    assert.deepEqual(codes({ type: 'levenshtein', value: 'x', threshold: -1 }), ['threshold-range']);
    assert.deepEqual(codes({ type: 'cost' }), ['missing-threshold']);
    assert.deepEqual(codes({ type: 'contains', value: 'x', threshold: 0.5 }), ['threshold-ignored']);
    assert.equal(validateAssertionSpec({ type: 'contains', value: 'x', threshold: 0.5 })[0]!.severity, 'warning');
    assert.deepEqual(codes({ type: 'answer-relevance' }), ['missing-threshold']);
    assert.deepEqual(codes({ type: 'is-sql', value: { allowedColumns: ['id'] } }), ['option-ignored']);
  });

  it('values, weights and providers of the wrong shape', () => {
    assert.deepEqual(codes({ type: 'contains' }), ['missing-value']);
    assert.deepEqual(codes({ type: 'contains-all', value: [] }), ['missing-value']);
    assert.deepEqual(codes({ type: 'word-count', value: 'many' }), ['invalid-value']);
    assert.deepEqual(codes({ type: 'finish-reason', value: 'done' }), ['invalid-value']);
    assert.deepEqual(codes({ type: 'contains', value: 'x', weight: -2 }), ['invalid-weight']);
    assert.deepEqual(codes({ type: 'llm-rubric', value: 'x', provider: 'gpt-4o' }), ['invalid-model-id']);
    assert.deepEqual(codes({ type: 'gh-builtin', value: 'github/kindness' }), ['invalid-value']);
    assert.deepEqual(codes({ type: 'not-select-best', value: 'x' }), ['invalid-assertion']);
  });

  it('checks inside assert-set, falling back to the set\'s location', () => {
    const ds = validateAssertionSpec({ type: 'assert-set', location: at, assert: [{ type: 'regex', value: '(' }, { type: 'nope' }] });
    assert.deepEqual(ds.map((d) => d.code), ['invalid-regex', 'unknown-assertion']);
    assert.deepEqual(ds[1]!.location, at);
  });
});

import assert from 'node:assert/strict';
import { assertionFromString } from '../../../../src/core/evals/suites/expectedString';

describe('assertionFromString (CSV __expected cells)', () => {
  const cases: Array<[string, unknown]> = [
    ['Paris', { type: 'equals', value: 'Paris' }],
    ['contains:foo', { type: 'contains', value: 'foo' }],
    ['not-contains: bar ', { type: 'not-contains', value: 'bar' }],
    ['contains-json', { type: 'contains-json' }],
    ['contains-json:{"type":"object"}', { type: 'contains-json', value: '{"type":"object"}' }],
    ['icontains-any:red, green,blue', { type: 'icontains-any', value: ['red', 'green', 'blue'] }],
    ['regex:^\\d{3}$', { type: 'regex', value: '^\\d{3}$' }],
    ['is-json', { type: 'is-json' }],
    ['similar:hello world', { type: 'similar', value: 'hello world', threshold: 0.8 }],
    ['similar(0.95):hello', { type: 'similar', value: 'hello', threshold: 0.95 }],
    ['levenshtein(3):kitten', { type: 'levenshtein', value: 'kitten', threshold: 3 }],
    ['llm-rubric:Is polite: and short', { type: 'llm-rubric', value: 'Is polite: and short' }],
    ['grade:is polite', { type: 'llm-rubric', value: 'is polite' }],
    ['javascript: output.length < 10', { type: 'javascript', value: 'output.length < 10' }],
    ['fn:output.startsWith("a")', { type: 'javascript', value: 'output.startsWith("a")' }],
    ['file://checks/len.js:check', { type: 'javascript', value: 'file://checks/len.js:check' }],
    ['python:len(output) < 10', { type: 'python', value: 'len(output) < 10' }],
    ['contains:', { type: 'contains', value: '' }],
    ['containsfoo', { type: 'equals', value: 'containsfoo' }],
    ['Note: not an assertion', { type: 'equals', value: 'Note: not an assertion' }],
  ];
  for (const [text, spec] of cases) it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(assertionFromString(text), spec));
});

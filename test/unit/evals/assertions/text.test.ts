// The text families: equals, contains and its forms, starts-with, regex, levenshtein, word-count.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { levenshteinWithin } from '../../../../src/core/evals/assertions/levenshtein';
import { listValue } from '../../../../src/core/evals/assertions/values';
import { assertFail, assertPass, run } from './helpers';

describe('assertions: text', () => {
  describe('equals', () => {
    it('passes on the exact text and fails on a case difference, showing both', async () => {
      assertPass(await run({ type: 'equals', value: 'Paris' }, 'Paris'));
      const r = await run({ type: 'equals', value: 'Paris' }, 'paris');
      assertFail(r, /does not equal "Paris"; got "paris"/);
      assert.deepEqual([r.expected, r.actual], ['Paris', 'paris']);
    });
    it('compares JSON deeply when the value is an object, whatever the key order', async () => {
      assertPass(await run({ type: 'equals', value: { a: 1, b: [1, 2] } }, '{"b": [1, 2], "a": 1}'));
      assertFail(await run({ type: 'equals', value: { a: 1 } }, '{"a": 2}'), /JSON differs from the expected \{"a":1\}; got \{"a":2\}/);
      assertFail(await run({ type: 'equals', value: { a: 1 } }, 'a is 1'), /not JSON, so it cannot equal the expected object/);
    });
    it("falls back to the case's expected, and fails clearly without either", async () => {
      assertPass(await run({ type: 'equals' }, '42', { expected: 42 }));
      const r = await run({ type: 'equals' }, '42');
      assertFail(r, /needs a value/);
      assert.equal(r.errored, true);
    });
  });

  describe('contains family', () => {
    it('contains is case-sensitive, icontains is not', async () => {
      assertPass(await run({ type: 'contains', value: 'Paris' }, 'It is Paris.'), /contains "Paris"/);
      assertFail(await run({ type: 'contains', value: 'Paris' }, 'it is paris'), /does not contain "Paris"; got "it is paris"/);
      assertPass(await run({ type: 'icontains', value: 'PARIS' }, 'it is paris'), /ignoring case/);
      assertFail(await run({ type: 'icontains', value: 'Lyon' }, 'it is paris'), /does not contain "Lyon" \(ignoring case\)/);
    });
    it('contains-any and contains-all take lists or comma-separated text', async () => {
      assertPass(await run({ type: 'contains-any', value: ['Lyon', 'Paris'] }, 'Paris!'), /"Paris"/);
      assertFail(await run({ type: 'contains-any', value: 'Lyon, Nice' }, 'Paris!'), /none of "Lyon" and "Nice"/);
      assertPass(await run({ type: 'contains-all', value: 'Paris, France' }, 'Paris, France'));
      assertFail(await run({ type: 'contains-all', value: ['Paris', 'France', 'Europe'] }, 'Paris, France'), /missing "Europe" \(2 of 3 found\)/);
    });
    it('icontains-any and icontains-all ignore case', async () => {
      assertPass(await run({ type: 'icontains-any', value: ['PARIS'] }, 'paris'));
      assertFail(await run({ type: 'icontains-any', value: ['LYON'] }, 'paris'), /none of "LYON" \(ignoring case\)/);
      assertPass(await run({ type: 'icontains-all', value: ['PARIS', 'france'] }, 'Paris, France'));
      assertFail(await run({ type: 'icontains-all', value: ['PARIS', 'spain'] }, 'Paris, France'), /missing "spain"/);
    });
    it('reads commas inside double quotes as part of an item', () => {
      assert.deepEqual(listValue('a, "b, c", d'), ['a', 'b, c', 'd']);
      assert.deepEqual(listValue([1, 'x']), ['1', 'x']);
    });
    it('a missing value is an errored failure, not a pass', async () => {
      const r = await run({ type: 'contains' }, 'anything');
      assertFail(r, /needs a non-empty text value/);
      assert.equal(r.errored, true);
    });
  });

  describe('starts-with', () => {
    it('passes on the prefix and says what the output starts with otherwise', async () => {
      assertPass(await run({ type: 'starts-with', value: 'Yes' }, 'Yes, it is.'));
      assertFail(await run({ type: 'starts-with', value: 'Yes' }, 'No, it is not.'), /does not start with "Yes"; it starts with "No, it is not."/);
    });
  });

  describe('regex', () => {
    it('passes on a match and fails naming the pattern', async () => {
      assertPass(await run({ type: 'regex', value: '^\\d{3}-\\d{4}$' }, '555-1234'), /matches/);
      assertFail(await run({ type: 'regex', value: '^\\d{3}-\\d{4}$' }, 'call 555'), /does not match \/\^\\d\{3\}-\\d\{4\}\$\//);
      assertPass(await run({ type: 'regex', value: 'paris', config: { flags: 'i' } }, 'PARIS'));
    });
    it('a pattern that does not compile is an errored failure with the reason, never a throw', async () => {
      const r = await run({ type: 'regex', value: '(unclosed' }, 'anything');
      assertFail(r, /regex "\(unclosed" does not compile: .*Unterminated group/i);
      assert.equal(r.errored, true);
      const inverted = await run({ type: 'not-regex', value: '(unclosed' }, 'anything');
      assert.equal(inverted.pass, false, 'not- must not turn a broken regex into a pass');
    });
  });

  describe('levenshtein', () => {
    it('passes within the threshold (default 5) and fails beyond it', async () => {
      assertPass(await run({ type: 'levenshtein', value: 'kitten' }, 'sitting'), /distance 3/);
      assertFail(await run({ type: 'levenshtein', value: 'kitten', threshold: 2 }, 'sitting'), /more than 2/);
      assertFail(await run({ type: 'levenshtein', value: 'short' }, 'a much longer answer'), /more than 5/);
    });
    it('computes the distance exactly inside the band', () => {
      assert.equal(levenshteinWithin('kitten', 'sitting', 10), 3);
      assert.equal(levenshteinWithin('flaw', 'lawn', 10), 2);
      assert.equal(levenshteinWithin('', 'abc', 10), 3);
      assert.equal(levenshteinWithin('abcdef', 'azcdxf', 1), 2, 'over the limit reports limit + 1');
      assert.equal(levenshteinWithin('a'.repeat(5000), 'a'.repeat(4999) + 'b', 3), 1);
    });
    it('agrees with the full dynamic programme (capped at the limit) on random strings', () => {
      const full = (a: string, b: string): number => {
        let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
        for (let i = 1; i <= a.length; i++) {
          const cur = [i];
          for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
          prev = cur;
        }
        return prev[b.length]!;
      };
      const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 12 });
      fc.assert(
        fc.property(text, text, fc.integer({ min: 0, max: 6 }), (a, b, max) => {
          assert.equal(levenshteinWithin(a, b, max), Math.min(full(a, b), max + 1));
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('word-count', () => {
    it('an exact count, or a { min, max } range', async () => {
      assertPass(await run({ type: 'word-count', value: 3 }, 'one two  three'));
      assertFail(await run({ type: 'word-count', value: 3 }, 'one two'), /has 2 words; expected exactly 3/);
      assertPass(await run({ type: 'word-count', value: { min: 2, max: 4 } }, 'one two three'));
      assertFail(await run({ type: 'word-count', value: { max: 2 } }, 'one two three'), /has 3 words; expected at most 2/);
      assertFail(await run({ type: 'word-count', value: { min: 5 } }, 'one'), /at least 5/);
    });
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffLines, splitLines, type LineEdit } from '../../../../src/core/prompts/registry/lineDiff';

function lcsLength(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
  return dp[a.length]![b.length]!;
}

const before = (edits: LineEdit[]) => edits.filter((e) => e.op !== 'insert').map((e) => e.line);
const after = (edits: LineEdit[]) => edits.filter((e) => e.op !== 'delete').map((e) => e.line);

describe('line diff (Myers)', () => {
  it('finds the changed line among unchanged ones', () => {
    const edits = diffLines(['a', 'b', 'c', 'd'], ['a', 'B', 'c', 'd', 'e']);
    assert.deepEqual(
      edits.map((e) => `${e.op[0]}${e.line}`),
      ['ea', 'db', 'iB', 'ec', 'ed', 'ie'],
    );
  });

  it('handles empty sides', () => {
    assert.deepEqual(diffLines([], []), []);
    assert.deepEqual(diffLines([], ['x']), [{ op: 'insert', line: 'x' }]);
    assert.deepEqual(diffLines(['x'], []), [{ op: 'delete', line: 'x' }]);
  });

  it('splits text into lines without a phantom last line', () => {
    assert.deepEqual(splitLines('a\r\nb\n'), ['a', 'b']);
    assert.deepEqual(splitLines(''), []);
  });

  it('rebuilds both sides and keeps a longest common subsequence (property)', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 30 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const edits = diffLines(a, b);
        assert.deepEqual(before(edits), a);
        assert.deepEqual(after(edits), b);
        assert.equal(edits.filter((e) => e.op === 'equal').length, lcsLength(a, b));
      }),
      { numRuns: 300 },
    );
  });
});

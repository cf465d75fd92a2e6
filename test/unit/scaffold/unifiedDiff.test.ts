import assert from 'node:assert/strict';
import { unifiedDiff } from '../../../src/core/scaffold/unifiedDiff';

const lines = (n: number, change: Record<number, string> = {}) =>
  Array.from({ length: n }, (_, i) => change[i + 1] ?? `line ${i + 1}`).join('\n') + '\n';

describe('unifiedDiff', () => {
  it('identical texts: headers only', () => {
    assert.equal(unifiedDiff('a', 'b', 'x\n', 'x\n'), '--- a\n+++ b');
  });

  it('one change: three lines of context and the right ranges', () => {
    assert.equal(
      unifiedDiff('a', 'b', lines(20), lines(20, { 10: 'ten' })),
      ['--- a', '+++ b', '@@ -7,7 +7,7 @@', ' line 7', ' line 8', ' line 9', '-line 10', '+ten', ' line 11', ' line 12', ' line 13'].join('\n'),
    );
  });

  it('changes far apart make two hunks, close ones one', () => {
    const two = unifiedDiff('a', 'b', lines(30), lines(30, { 2: 'two', 25: 'twenty-five' }));
    assert.deepEqual(two.split('\n').filter((l) => l.startsWith('@@')), ['@@ -1,5 +1,5 @@', '@@ -22,7 +22,7 @@']);
    const one = unifiedDiff('a', 'b', lines(30), lines(30, { 2: 'two', 8: 'eight' }));
    assert.deepEqual(one.split('\n').filter((l) => l.startsWith('@@')), ['@@ -1,11 +1,11 @@']);
  });

  it('a new file and an emptied file', () => {
    assert.equal(unifiedDiff('a', 'b', '', 'x\ny\n'), '--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y');
    assert.equal(unifiedDiff('a', 'b', 'x\n', ''), '--- a\n+++ b\n@@ -1,1 +0,0 @@\n-x');
  });
});

// A unified diff (`diff -u` style, 3 lines of context) of two texts, for the files scaffolding would change.
import { diffLines, splitLines, type LineEdit } from '../prompts/registry/lineDiff';

const CONTEXT = 3;

export function unifiedDiff(oldName: string, newName: string, oldText: string, newText: string): string {
  const edits = diffLines(splitLines(oldText), splitLines(newText));
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  // Positions of each edit in the old and new texts.
  const pos: Array<{ a: number; b: number }> = [];
  let a = 0;
  let b = 0;
  for (const e of edits) {
    pos.push({ a, b });
    if (e.op !== 'insert') a++;
    if (e.op !== 'delete') b++;
  }
  let i = 0;
  while (i < edits.length) {
    if (edits[i]!.op === 'equal') {
      i++;
      continue;
    }
    const start = Math.max(0, i - CONTEXT);
    let end = i;
    // Extend the hunk while the next change is within 2 * CONTEXT equal lines.
    for (let j = i; j < edits.length; j++) {
      if (edits[j]!.op !== 'equal') end = j;
      else if (j - end > 2 * CONTEXT) break;
    }
    const stop = Math.min(edits.length, end + CONTEXT + 1);
    const hunk = edits.slice(start, stop);
    const oldLen = hunk.filter((e) => e.op !== 'insert').length;
    const newLen = hunk.filter((e) => e.op !== 'delete').length;
    const oldStart = oldLen === 0 ? pos[start]!.a : pos[start]!.a + 1;
    const newStart = newLen === 0 ? pos[start]!.b : pos[start]!.b + 1;
    out.push(`@@ -${oldStart},${oldLen} +${newStart},${newLen} @@`);
    for (const e of hunk) out.push(prefix(e) + e.line);
    i = stop;
  }
  return out.join('\n');
}

function prefix(e: LineEdit): string {
  return e.op === 'equal' ? ' ' : e.op === 'delete' ? '-' : '+';
}

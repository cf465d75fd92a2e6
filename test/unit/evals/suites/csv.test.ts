import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCsv } from '../../../../src/core/evals/suites/csv';

const cells = (text: string) => parseCsv(text).records.map((r) => r.cells);

/** RFC 4180 writer, only for the round trip: quotes a cell when it must (and a lone empty cell, so the row is not blank). */
function writeCsv(rows: string[][], eol: string): string {
  const cell = (c: string, lone: boolean) => (/[",\r\n]/.test(c) || (lone && c === '') ? `"${c.replace(/"/g, '""')}"` : c);
  return rows.map((row) => row.map((c) => cell(c, row.length === 1)).join(',')).join(eol) + eol;
}

describe('parseCsv', () => {
  it('reads quoted cells with commas, escaped quotes and line breaks, and keeps their lines', () => {
    const text = 'name,quote\r\nAda,"said ""hi"", then left"\r\nBob,"two\nlines"\r\nCy,\r\n';
    const { records, problems } = parseCsv(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(records.map((r) => r.cells), [['name', 'quote'], ['Ada', 'said "hi", then left'], ['Bob', 'two\nlines'], ['Cy', '']]);
    assert.deepEqual(records.map((r) => [r.line, r.endLine]), [[1, 1], [2, 2], [3, 4], [5, 5]]);
    assert.deepEqual(records[1]!.starts, [{ line: 2, column: 1 }, { line: 2, column: 5 }]);
  });

  it('drops a byte order mark, reads LF, CRLF and CR line ends, and skips blank lines', () => {
    assert.deepEqual(cells('\uFEFFa,b\n\n1,2\r\n3,4\r5,6'), [['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]);
  });

  it('keeps empty cells, a trailing empty cell and a quoted empty row', () => {
    assert.deepEqual(cells(',,\na,\n""\n'), [['', '', ''], ['a', ''], ['']]);
  });

  it('reports an unclosed quote where it opens and loses only that record', () => {
    const { records, problems } = parseCsv('a,b\n1,2\n3,"never closed\n4,5\n');
    assert.deepEqual(records.map((r) => r.cells), [['a', 'b'], ['1', '2']]);
    assert.equal(problems.length, 1);
    assert.deepEqual([problems[0]!.kind, problems[0]!.line, problems[0]!.column], ['unclosed-quote', 3, 3]);
  });

  it('keeps text after a closing quote and reports it at its column', () => {
    const { records, problems } = parseCsv('x\n"ab"cd,e\n');
    assert.deepEqual(records[1]!.cells, ['abcd', 'e']);
    assert.deepEqual(problems.map((p) => [p.kind, p.line, p.column]), [['text-after-quote', 2, 5]]);
  });

  it('reads tab-separated values with another delimiter', () => {
    assert.deepEqual(parseCsv('a\tb\n"x\ty"\tz\n', '\t').records.map((r) => r.cells), [['a', 'b'], ['x\ty', 'z']]);
  });

  it('round-trips generated tables', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', 'é', '😀', '\t', ';'), maxLength: 12 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((width) => fc.array(fc.array(text, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 })),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (rows, eol, bom) => {
          const { records, problems } = parseCsv((bom ? '\uFEFF' : '') + writeCsv(rows, eol));
          assert.deepEqual(problems, []);
          assert.deepEqual(records.map((r) => r.cells), rows);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary input, and every position it gives is inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', '\uFEFF'), maxLength: 60 }), (input) => {
        const { records, problems } = parseCsv(input);
        const lines = input.split(/\r\n|\r|\n/).length;
        for (const r of records) {
          assert.ok(r.line >= 1 && r.endLine >= r.line && r.endLine <= lines);
          assert.equal(r.starts.length, r.cells.length);
        }
        for (const p of problems) assert.ok(p.line >= 1 && p.line <= lines && p.column >= 1);
      }),
      { numRuns: 1000 },
    );
  });
});

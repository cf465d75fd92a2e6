import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadDataset, withDataset } from '../../../../src/core/evals/suites/datasets';
import type { EvalSuite } from '../../../../src/core/evals/types';
import { at, errorsOf, memoryFiles, only, plain } from './helpers';

const load = (file: string, text: string, strict = false) => loadDataset(file, { strict, readText: memoryFiles({ [file]: text }) });

describe('loadDataset: JSONL', () => {
  const jsonl = [
    '{"question": "Capital of France?", "expected": "Paris"}',
    '',
    '{"vars": {"question": "2 + 2?"}, "assert": [{"type": "equals", "value": "4"}], "description": "arithmetic", "threshold": 0.5}',
    '{"question": "broken", ',
    '[1, 2]',
    '{"id": "named", "question": "Largest ocean?", "assert": [{"type": "icontains", "value": "pacific", "metric": "geo"}]}',
  ].join('\n');

  it('reads rows of variables and promptfoo tests, each case at its line', async () => {
    const { cases, diagnostics } = await load('d/qa.jsonl', jsonl);
    assert.deepEqual(cases, [
      { id: 'qa.jsonl:1', vars: { question: 'Capital of France?' }, expected: 'Paris', assert: [], location: { file: 'd/qa.jsonl', line: 1, column: 1 } },
      {
        id: 'qa.jsonl:3',
        description: 'arithmetic',
        threshold: 0.5,
        vars: { question: '2 + 2?' },
        assert: [{ type: 'equals', value: '4', location: { file: 'd/qa.jsonl', line: 3, column: 1 } }],
        location: { file: 'd/qa.jsonl', line: 3, column: 1 },
      },
      {
        id: 'named',
        vars: { id: 'named', question: 'Largest ocean?' },
        assert: [{ type: 'icontains', value: 'pacific', metric: 'geo', location: { file: 'd/qa.jsonl', line: 6, column: 1 } }],
        location: { file: 'd/qa.jsonl', line: 6, column: 1 },
      },
    ]);
    assert.equal(errorsOf(diagnostics).length, 0, 'non-strict: bad lines are warnings');
  });

  it('reports a line that is not JSON with its line and column, and skips it unless strict', async () => {
    const loose = only((await load('qa.jsonl', jsonl)).diagnostics, 'dataset-invalid-json');
    assert.equal(loose.severity, 'warning');
    assert.deepEqual(at(loose), [4, 24], 'the end of the line, where JSON.parse stopped');
    assert.match(loose.message, /^Line 4 is not JSON \(.+\); each line must be one JSON object; this record is skipped \(use --strict/);
    const strict = await load('qa.jsonl', jsonl, true);
    const error = only(strict.diagnostics, 'dataset-invalid-json');
    assert.equal(error.severity, 'error');
    assert.deepEqual(at(error), [4, 24]);
    assert.match(error.message, /strict mode: fix it to run/);
    assert.equal(strict.cases.length, 3, 'the other records are still read');
  });

  it('reports a line that holds JSON but not an object', async () => {
    const d = only((await load('qa.jsonl', jsonl)).diagnostics, 'dataset-invalid-record');
    assert.deepEqual(at(d), [5, 1]);
    assert.match(d.message, /Line 5 holds a list, not a JSON object/);
  });

  it('reports an explicit test id that is not usable, and keeps an unusable row id as a plain variable', async () => {
    const { cases, diagnostics } = await load('i.jsonl', '{"id": "two words", "vars": {"q": 1}}\n{"id": "also bad", "q": 2}\n');
    const d = only(diagnostics, 'invalid-value');
    assert.deepEqual(at(d), [1, 1]);
    assert.match(d.message, /line 1\.id must be 1 to 128 letters, digits/);
    assert.deepEqual(cases.map((c) => [c.id, c.vars]), [['i.jsonl:1', { q: 1 }], ['i.jsonl:2', { id: 'also bad', q: 2 }]]);
  });

  it('reports a bad assertion inside a line as an error at that line', async () => {
    const { diagnostics } = await load('x.jsonl', '{"q": 1}\n{"q": 2, "assert": [{"value": "a"}]}\n');
    const d = only(diagnostics, 'missing-key');
    assert.equal(d.severity, 'error');
    assert.deepEqual(at(d), [2, 1]);
    assert.match(d.message, /line 2\.assert item 1 needs a `type:`/);
  });
});

describe('loadDataset: CSV', () => {
  const csv = [
    '\uFEFFquestion,expected,__expected1,__expected2,__description,__metric,__threshold',
    'What is 2+2?,4,contains:4,"regex:^\\d+$",Arithmetic,math,0.5',
    '"Name a ""quoted"" word",yes,not-contains:no,,Quotes,,',
    '"Two',
    'lines",,llm-rubric:is polite,,,,',
  ].join('\r\n');

  it('maps the header to variables and the special columns to assertions, description, metric and threshold', async () => {
    const { cases, diagnostics } = await load('d/t.csv', csv);
    assert.deepEqual(diagnostics, []);
    const file = 'd/t.csv';
    assert.deepEqual(cases, [
      {
        id: 't.csv:2',
        vars: { question: 'What is 2+2?' },
        expected: '4',
        description: 'Arithmetic',
        threshold: 0.5,
        assert: [
          { type: 'contains', value: '4', metric: 'math', location: { file, line: 2, column: 16 } },
          { type: 'regex', value: '^\\d+$', metric: 'math', location: { file, line: 2, column: 27 } },
        ],
        location: { file, line: 2, column: 1 },
      },
      {
        id: 't.csv:3',
        vars: { question: 'Name a "quoted" word' },
        expected: 'yes',
        description: 'Quotes',
        assert: [{ type: 'not-contains', value: 'no', location: { file, line: 3, column: 30 } }],
        location: { file, line: 3, column: 1 },
      },
      {
        id: 't.csv:4',
        vars: { question: 'Two\r\nlines' },
        expected: '',
        assert: [{ type: 'llm-rubric', value: 'is polite', location: { file, line: 5, column: 9 } }],
        location: { file, line: 4, column: 1 },
      },
    ]);
  });

  it('reports a row with a missing column at its line, skipped unless strict', async () => {
    const text = 'name,city,country\nAda,London,UK\nBob,Paris\nCy,Rome,IT\n';
    const loose = await load('p.csv', text);
    const d = only(loose.diagnostics, 'dataset-missing-column');
    assert.equal(d.severity, 'warning');
    assert.deepEqual(at(d), [3, 10]);
    assert.match(d.message, /The row on line 3 has 2 cells but the header names 3 columns \(missing "country"\)/);
    assert.deepEqual(loose.cases.map((c) => c.id), ['p.csv:2', 'p.csv:4']);
    const strict = only((await load('p.csv', text, true)).diagnostics, 'dataset-missing-column');
    assert.equal(strict.severity, 'error');
    assert.deepEqual(at(strict), [3, 10]);
  });

  it('reports a row with an extra cell at that cell', async () => {
    const d = only((await load('p.csv', 'a,b\n1,2,3\n')).diagnostics, 'dataset-extra-column');
    assert.deepEqual(at(d), [2, 5]);
  });

  it('reports header problems: an unnamed column, a duplicate, an unsupported and a single-underscore special column', async () => {
    const { diagnostics } = await load('h.csv', 'a,,a,__prefix,_expected\n1,2,3,4,5\n');
    assert.deepEqual(diagnostics.map((d) => [d.severity, d.code, ...at(d)]), [
      ['error', 'dataset-invalid-header', 1, 3],
      ['error', 'dataset-invalid-header', 1, 4],
      ['error', 'dataset-unsupported-column', 1, 6],
      ['warning', 'dataset-special-column', 1, 15],
    ]);
  });

  it('reports an __expected cell whose assertion cannot run, at the cell', async () => {
    const { diagnostics } = await load('e.csv', 'q,__expected\nhi,python:file.py\n');
    const d = only(diagnostics, 'unsupported-assertion');
    assert.deepEqual(at(d), [2, 4]);
    assert.match(d.message, /Python assertions do not run in Promptyard/);
  });

  it('reports an unclosed quote as a skipped record, and a non-number __threshold', async () => {
    const quote = only((await load('q.csv', 'a\n"open\n')).diagnostics, 'dataset-csv-quote');
    assert.deepEqual(at(quote), [2, 1]);
    const threshold = only((await load('t.csv', 'a,__threshold\n1,high\n')).diagnostics, 'invalid-value');
    assert.deepEqual(at(threshold), [2, 3]);
  });

  it('reads TSV', async () => {
    const { cases } = await load('t.tsv', 'a\tb\n1,2\t3\n');
    assert.deepEqual(cases[0]!.vars, { a: '1,2', b: '3' });
  });

  it('never throws on arbitrary CSV, and reports only its own codes', async () => {
    const codes = new Set(['dataset-csv-quote', 'dataset-missing-column', 'dataset-extra-column', 'dataset-invalid-header', 'dataset-empty',
      'dataset-special-column', 'dataset-unsupported-column', 'unsupported-assertion', 'invalid-value']);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '_', 'python:', '__expected', '__threshold', 'x'), maxLength: 40 }), fc.boolean(), async (text, strict) => {
        const { diagnostics } = await load('f.csv', text, strict);
        for (const d of diagnostics) assert.ok(codes.has(d.code), d.code);
      }),
      { numRuns: 300 },
    );
  });
});

describe('loadDataset: YAML and files', () => {
  it('reads a list of tests and of plain variable maps, located at each item', async () => {
    const text = '- vars: {city: Paris}\n  assert:\n    - type: contains\n      value: France\n- city: Rome\n  expected: Italy\n';
    const { cases, diagnostics } = await load('d/cities.yaml', text);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(cases, [
      {
        id: 'cities.yaml:1',
        vars: { city: 'Paris' },
        assert: [{ type: 'contains', value: 'France', location: { file: 'd/cities.yaml', line: 3, column: 7, endLine: 5, endColumn: 1 } }],
        location: { file: 'd/cities.yaml', line: 1, column: 3, endLine: 5, endColumn: 1 },
      },
      { id: 'cities.yaml:5', vars: { city: 'Rome' }, expected: 'Italy', assert: [], location: { file: 'd/cities.yaml', line: 5, column: 3, endLine: 7, endColumn: 1 } },
    ]);
  });

  it('reports invalid YAML at its line and column', async () => {
    const d = only((await load('bad.yaml', '- a: 1\n- b: [1, 2\n')).diagnostics, 'yaml-syntax');
    assert.equal(d.severity, 'error');
    assert.equal(d.location?.file, 'bad.yaml');
    assert.ok(d.location && d.location.line >= 2, JSON.stringify(d));
    assert.match(d.message, /^YAML syntax error: .+; .+\.$/);
  });

  it('reports a YAML dataset that is not a list, a missing file and an unknown format', async () => {
    assert.match(only((await load('m.yaml', 'a: 1\n')).diagnostics, 'invalid-type').message, /must hold a list of tests/);
    const missing = only((await loadDataset('nope.jsonl', { readText: memoryFiles({}) })).diagnostics, 'file-not-found');
    assert.match(missing.message, /nope\.jsonl does not exist/);
    assert.match(only((await load('x.txt', 'hi')).diagnostics, 'unsupported-dataset').message, /use a \.jsonl, \.csv/);
  });
});

describe('withDataset', () => {
  const base: EvalSuite = {
    file: 'p.prompt.yml', kind: 'prompt-file', prompts: [], models: [], defaultAssert: [], options: {},
    cases: [{ id: 'row-1', vars: { a: 1 }, assert: [] }],
  };

  it('appends the dataset cases, and replaces a .prompty sample', async () => {
    const readText = memoryFiles({ 'more.jsonl': '{"a": 2}\n' });
    const appended = await withDataset(base, 'more.jsonl', { readText });
    assert.deepEqual(appended.suite.cases.map((c) => c.id), ['row-1', 'more.jsonl:1']);
    const prompty = await withDataset({ ...base, kind: 'prompty', cases: [{ id: 'sample', vars: { a: 0 }, assert: [] }] }, 'more.jsonl', { readText });
    assert.deepEqual(plain(prompty.suite.cases), [{ id: 'more.jsonl:1', vars: { a: 2 }, assert: [] }]);
    assert.equal(base.cases.length, 1, 'the suite given is not changed');
  });

  it('returns the suite unchanged with the errors when the dataset has errors', async () => {
    const { suite, diagnostics } = await withDataset(base, 'gone.csv', { readText: memoryFiles({}) });
    assert.equal(suite, base);
    assert.equal(only(diagnostics, 'file-not-found').severity, 'error');
  });
});

// CSV (and TSV) datasets: the header row names the variables; promptfoo's special columns `__expected`
// (`__expected1`…), `__description`, `__metric` and `__threshold` become assertions and case settings, and
// an `expected` column is the GitHub Models reference answer.
import path from 'node:path';
import type { AssertionSpec, EvalCase } from '../types';
import { report, reportRecord, type SuiteContext } from './context';
import { parseCsv, type CsvRecord } from './csv';
import { assertionFromString } from './expectedString';
import { checkType } from './specs';

const UNSUPPORTED_COLUMNS: Record<string, string> = {
  __prefix: 'put the text into the prompt',
  __suffix: 'put the text into the prompt',
  __providerOutput: 'fixed outputs are not supported; run against a model',
  __config: 'set assertion options in a YAML dataset instead',
};
const SPECIAL = ['expected', 'description', 'metric', 'threshold', 'prefix', 'suffix', 'providerOutput'];

type Column =
  | { kind: 'var'; name: string }
  | { kind: 'expected' | 'assert' | 'description' | 'metric' | 'threshold' | 'skip' };

export function readCsvDataset(text: string, file: string, ctx: SuiteContext, delimiter = ','): EvalCase[] {
  const { records, problems } = parseCsv(text, delimiter);
  for (const p of problems) {
    const location = { file, line: p.line, column: p.column };
    if (p.kind === 'unclosed-quote') reportRecord(ctx, location, 'dataset-csv-quote', p.message);
    else report(ctx, 'warning', location, 'dataset-csv-quote', `${p.message}.`);
  }
  const header = records[0];
  if (!header) {
    report(ctx, 'warning', { file, line: 1, column: 1 }, 'dataset-empty', `${file} has no header row and no records; it adds no cases.`);
    return [];
  }
  const columns = readHeader(header, file, ctx);
  if (!columns) return [];
  const name = path.basename(file);
  const cases: EvalCase[] = [];
  for (let r = 1; r < records.length; r++) {
    const record = records[r]!;
    if (record.cells.length !== columns.length) {
      reportWidth(record, header, file, ctx);
      continue;
    }
    cases.push(rowCase(record, columns, `${name}:${record.line}`, file, ctx));
  }
  return cases;
}

function readHeader(header: CsvRecord, file: string, ctx: SuiteContext): Column[] | undefined {
  const seen = new Map<string, number>();
  let ok = true;
  const columns = header.cells.map((raw, k): Column => {
    const name = raw.trim();
    const location = { file, ...header.starts[k]! };
    if (!name) {
      report(ctx, 'error', location, 'dataset-invalid-header', `Column ${k + 1} of the header has no name; name it or remove the column.`);
      ok = false;
      return { kind: 'skip' };
    }
    if (seen.has(name)) {
      report(ctx, 'error', location, 'dataset-invalid-header', `Column "${name}" appears twice in the header (columns ${seen.get(name)! + 1} and ${k + 1}); rename one.`);
      ok = false;
    }
    seen.set(name, k);
    if (UNSUPPORTED_COLUMNS[name]) {
      report(ctx, 'error', location, 'dataset-unsupported-column', `Column ${name} is not supported: ${UNSUPPORTED_COLUMNS[name]}.`);
      ok = false;
      return { kind: 'skip' };
    }
    if (/^__expected\d*$/.test(name)) return { kind: 'assert' };
    if (name === '__description' || name === '__metric' || name === '__threshold') return { kind: name.slice(2) as 'description' };
    if (name === 'expected') return { kind: 'expected' };
    const single = /^_([A-Za-z]+)\d*$/.exec(name);
    if (single && SPECIAL.includes(single[1]!)) {
      report(ctx, 'warning', location, 'dataset-special-column', `Column "${name}" is read as a variable; did you mean "_${name}" (two underscores)?`);
    }
    return { kind: 'var', name };
  });
  return ok ? columns : undefined;
}

function reportWidth(record: CsvRecord, header: CsvRecord, file: string, ctx: SuiteContext): void {
  const have = record.cells.length;
  const want = header.cells.length;
  if (have < want) {
    const missing = header.cells.slice(have).map((c) => `"${c.trim()}"`).join(', ');
    const last = record.starts[have - 1]!;
    const column = last.column + (record.cells[have - 1]?.length ?? 0);
    const message = `The row on line ${record.line} has ${have} cell${have === 1 ? '' : 's'} but the header names ${want} columns (missing ${missing}); add the missing cells, empty ones as ,,`;
    reportRecord(ctx, { file, line: last.line, column }, 'dataset-missing-column', message);
  } else {
    const extra = record.starts[want]!;
    const message = `The row on line ${record.line} has ${have} cells but the header names only ${want} columns; quote cells that hold a comma, or add a header`;
    reportRecord(ctx, { file, ...extra }, 'dataset-extra-column', message);
  }
}

function rowCase(record: CsvRecord, columns: Column[], id: string, file: string, ctx: SuiteContext): EvalCase {
  const c: EvalCase = { id, vars: {}, assert: [], location: { file, line: record.line, column: 1 } };
  let metric: string | undefined;
  const asserts: AssertionSpec[] = [];
  columns.forEach((column, k) => {
    const value = record.cells[k]!;
    const location = { file, ...record.starts[k]! };
    switch (column.kind) {
      case 'var':
        c.vars[column.name] = value;
        break;
      case 'expected':
        c.expected = value;
        break;
      case 'description':
        if (value) c.description = value;
        break;
      case 'metric':
        if (value) metric = value;
        break;
      case 'threshold': {
        if (!value.trim()) break;
        const n = Number(value);
        if (Number.isFinite(n)) c.threshold = n;
        else report(ctx, 'error', location, 'invalid-value', `__threshold "${value}" is not a number; write the score the case needs, e.g. 0.8.`);
        break;
      }
      case 'assert': {
        if (!value.trim()) break;
        const spec = assertionFromString(value);
        if (checkType(spec.type, location, ctx)) asserts.push({ ...spec, location });
        break;
      }
    }
  });
  c.assert = metric === undefined ? asserts : asserts.map((a) => ({ ...a, metric }));
  return c;
}

// External datasets (JSONL, CSV/TSV, YAML/JSON), named by a prompt file's `datasets:`, a promptfoo `tests:`
// or the command line. Each record is one case; a record that can't be read is skipped with a warning, or
// an error in strict mode.
import type { Diagnostic, SourceLocation } from '../../../shared/types';
import type { EvalCase, EvalSuite } from '../types';
import { checkCaseAssertions } from './checkAssertions';
import { createContext, report, type LoadSuiteOptions, type SuiteContext } from './context';
import { readCsvDataset } from './datasetCsv';
import { readJsonlDataset } from './datasetJsonl';
import { readYamlDataset } from './datasetYaml';
import { readRef } from './files';

export const DATASET_FORMATS = ['.jsonl', '.csv', '.tsv', '.yaml', '.yml', '.json'] as const;

export type DatasetOptions = Pick<LoadSuiteOptions, 'strict' | 'readText' | 'assertionTypes' | 'endpoints'>;

export interface LoadedDataset {
  cases: EvalCase[];
  /** Every problem found; an error means the dataset must not run as it is. */
  diagnostics: Diagnostic[];
}

/** Reads one dataset file; never throws for bad input (see the diagnostics). */
export async function loadDataset(file: string, options: DatasetOptions = {}): Promise<LoadedDataset> {
  const ctx = createContext(options);
  const cases = await readDataset(ctx, file, undefined);
  checkCaseAssertions(cases, ctx);
  return { cases, diagnostics: ctx.diagnostics };
}

export function isDatasetFile(file: string): boolean {
  const lower = file.toLowerCase();
  return DATASET_FORMATS.some((ext) => lower.endsWith(ext));
}

/** The cases of a dataset; `from` is where the dataset is named (for a missing file). */
export async function readDataset(ctx: SuiteContext, file: string, from: SourceLocation | undefined): Promise<EvalCase[]> {
  const lower = file.toLowerCase();
  if (!isDatasetFile(lower)) {
    const message = `${file} is not a dataset Promptyard reads; use a .jsonl, .csv, .tsv, .yaml, .yml or .json file.`;
    report(ctx, 'error', from ?? { file, line: 1, column: 1 }, 'unsupported-dataset', message);
    return [];
  }
  const text = await readRef(ctx, file, from, 'Dataset');
  if (text === undefined) return [];
  if (lower.endsWith('.jsonl')) return readJsonlDataset(text, file, ctx);
  if (lower.endsWith('.csv')) return readCsvDataset(text, file, ctx, ',');
  if (lower.endsWith('.tsv')) return readCsvDataset(text, file, ctx, '\t');
  return readYamlDataset(text, file, ctx);
}

/**
 * The suite with a dataset's cases appended (a `.prompty` suite's sample case is replaced). Diagnostics as
 * loadDataset gives them; when they hold an error the suite is returned unchanged.
 */
export async function withDataset(suite: EvalSuite, file: string, options: DatasetOptions = {}): Promise<{ suite: EvalSuite; diagnostics: Diagnostic[] }> {
  const ctx = createContext(options);
  const cases = await readDataset(ctx, file, undefined);
  checkCaseAssertions(cases, ctx);
  if (ctx.diagnostics.some((d) => d.severity === 'error')) return { suite, diagnostics: ctx.diagnostics };
  return { suite: { ...suite, cases: appendCases(suite, cases) }, diagnostics: ctx.diagnostics };
}

/** Suite cases followed by `cases`, ids kept unique (a repeated id gets `~2`, `~3`…). */
export function appendCases(suite: EvalSuite, cases: EvalCase[]): EvalCase[] {
  const base = suite.kind === 'prompty' && suite.cases.length === 1 && suite.cases[0]!.id === PROMPTY_SAMPLE_ID ? [] : suite.cases;
  return uniqueIds([...base, ...cases]);
}

/** The id of the case a `.prompty` file's sample inputs make. */
export const PROMPTY_SAMPLE_ID = 'sample';

export function uniqueIds(cases: EvalCase[]): EvalCase[] {
  const seen = new Map<string, number>();
  return cases.map((c) => {
    const n = (seen.get(c.id) ?? 0) + 1;
    seen.set(c.id, n);
    return n === 1 ? c : { ...c, id: `${c.id}~${n}` };
  });
}

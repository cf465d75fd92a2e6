// The JSON report (`--output report.json`), format version 1:
//
//   {
//     "version": 1,                 always first; a breaking change bumps it, new fields may appear any time
//     "generator": "promptyard",
//     "meta": RunMeta,              what ran: run id, time, origin, suites, prompt versions, models, status
//     "summary": RunSummary,        one row per prompt version × model, totals, failures, stability
//     "baseline": BaselineComparison   only with --baseline: fixed, broken, unchanged, new, removed cases
//     "records": [ CaseRecord, … ]  one per case × repeat, one per line, in the order the run store holds them
//   }
//
// The shapes are the TypeScript interfaces of src/core/evals/types.ts and ./baseline.ts. Records are
// streamed, so a report of any size is written in constant memory. Every line passes through `redact`:
// an API key never lands in a report, even when a model or a var repeats one.
import { redact } from '../../redact';
import type { CaseRecord, RunMeta, RunSummary } from '../types';
import type { BaselineComparison } from './baseline';
import type { ReportInput } from './reportInput';

export const JSON_REPORT_VERSION = 1;

export interface JsonReport {
  version: typeof JSON_REPORT_VERSION;
  generator: 'promptyard';
  meta: RunMeta;
  summary: RunSummary;
  baseline?: BaselineComparison;
  records: CaseRecord[];
}

export async function* renderJsonReport(input: ReportInput): AsyncGenerator<string> {
  const head = [
    `  "version": ${JSON_REPORT_VERSION}`,
    `  "generator": "promptyard"`,
    `  "meta": ${JSON.stringify(input.meta)}`,
    `  "summary": ${JSON.stringify(input.summary)}`,
  ];
  if (input.baseline) head.push(`  "baseline": ${JSON.stringify(input.baseline)}`);
  yield redact(`{\n${head.join(',\n')},\n  "records": [`);
  let first = true;
  for await (const record of input.records) {
    yield redact(`${first ? '\n' : ',\n'}    ${JSON.stringify(record)}`);
    first = false;
  }
  yield `${first ? '' : '\n  '}]\n}\n`;
}

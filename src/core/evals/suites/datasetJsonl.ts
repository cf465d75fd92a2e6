// JSONL datasets: one JSON object per line (a test `{vars, assert, …}` or a row of variables). A line that
// isn't a JSON object is reported with its line (and column when JSON.parse gives one).
import path from 'node:path';
import type { EvalCase } from '../types';
import { reportRecord, type SuiteContext } from './context';
import { fixedPlace } from './place';
import { caseFromTest, readTestObject } from './testObject';

export function readJsonlDataset(text: string, file: string, ctx: SuiteContext): EvalCase[] {
  const name = path.basename(file);
  const cases: EvalCase[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (!line.trim()) continue;
    const lineNo = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      const reason = e instanceof Error ? e.message.replace(/\s*\(line \d+ column \d+\)$/, '') : String(e);
      const position = /position (\d+)/.exec(reason);
      const column = position ? Number(position[1]) + 1 : 1;
      reportRecord(ctx, { file, line: lineNo, column }, 'dataset-invalid-json', `Line ${lineNo} is not JSON (${reason}); each line must be one JSON object`);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const got = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
      reportRecord(ctx, { file, line: lineNo, column: 1 }, 'dataset-invalid-record', `Line ${lineNo} holds ${got}, not a JSON object of variables`);
      continue;
    }
    const test = readTestObject(value, fixedPlace({ file, line: lineNo, column: 1 }), ctx, `line ${lineNo}`, 'auto');
    if (test) cases.push(caseFromTest(test, `${name}:${lineNo}`));
  }
  return cases;
}

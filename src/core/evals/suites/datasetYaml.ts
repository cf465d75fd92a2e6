// YAML (and JSON) datasets: a list of tests `{vars, assert, description}` or of plain variable maps.
import path from 'node:path';
import type { EvalCase } from '../types';
import { report, type SuiteContext } from './context';
import { caseFromTest, readTestObject } from './testObject';
import { parseYaml } from './yamlDocument';

export function readYamlDataset(text: string, file: string, ctx: SuiteContext): EvalCase[] {
  const parsed = parseYaml(text, file, ctx);
  if (!parsed) return [];
  const { value, place } = parsed;
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) {
    report(ctx, 'error', place.at(), 'invalid-type', `${file} must hold a list of tests (items starting with "- "), each {vars, assert} or a map of variables.`);
    return [];
  }
  const name = path.basename(file);
  const cases: EvalCase[] = [];
  value.forEach((item, i) => {
    const itemPlace = place.child([i]);
    const test = readTestObject(item, itemPlace, ctx, `item ${i + 1}`, 'auto');
    if (test) cases.push(caseFromTest(test, `${name}:${test.location.line}`));
  });
  return cases;
}

// One test as written: a promptfoo test `{ vars, assert, description, options, threshold }` or a row of
// variables in the GitHub Models shape (`expected` and `assert` apart, every other key a variable).
import type { SourceLocation } from '../../../shared/types';
import type { AssertionSpec, EvalCase } from '../types';
import { report, type SuiteContext } from './context';
import type { Place } from './place';
import { applyRubricPrompt, isRecord, readGrader, readRubricPrompt, readSpecs, unknownKey } from './specs';

export interface TestOptions {
  transform?: string;
  /** Grader model id (promptfoo's `options.provider`). */
  provider?: string;
  rubricPrompt?: string;
  disableVarExpansion?: boolean;
}

export interface TestObject {
  vars: Record<string, unknown>;
  assert: AssertionSpec[];
  description?: string;
  id?: string;
  expected?: unknown;
  threshold?: number;
  options: TestOptions;
  location: SourceLocation;
}

const TEST_KEYS = ['vars', 'assert', 'description', 'options', 'threshold', 'metadata', 'id', 'expected'];
const UNSUPPORTED_TEST_KEYS: Record<string, string> = {
  provider: 'a test runs on every provider of the suite; split the config to run this test elsewhere',
  providers: 'filtering tests by provider is not supported; split the config by provider',
  prompts: 'filtering tests by prompt is not supported; split the config by prompt',
  providerOutput: 'fixed outputs are not supported; run against a model',
};
const OPTION_KEYS = ['transform', 'provider', 'rubricPrompt', 'disableVarExpansion', 'prefix', 'suffix', 'storeOutputAs', 'runSerially', 'disableConversationVar'];
const UNSUPPORTED_OPTIONS: Record<string, string> = {
  prefix: 'put the text into the prompt',
  suffix: 'put the text into the prompt',
  storeOutputAs: 'cases run independently, so one case cannot feed the next',
};
const IGNORED_OPTIONS: Record<string, string> = {
  runSerially: 'cases run with the suite concurrency',
  disableConversationVar: 'Promptyard has no conversation variable',
};
const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;

/**
 * `form: 'test'` reads a promptfoo test; `'auto'` reads one when the value has a `vars` map, else a row of variables.
 * Returns undefined when the value is not a map (reported).
 */
export function readTestObject(raw: unknown, place: Place, ctx: SuiteContext, where: string, form: 'test' | 'auto'): TestObject | undefined {
  const location = place.at();
  if (!isRecord(raw)) {
    report(ctx, 'error', location, 'invalid-type', `${where} must be a map (${form === 'test' ? '{vars, assert, description}' : 'of variable names to values'}).`);
    return undefined;
  }
  if (form === 'auto' && !isRecord(raw.vars)) return readRow(raw, place, ctx, where);
  const test: TestObject = { vars: {}, assert: [], options: {}, location };
  for (const key of Object.keys(raw)) {
    if (UNSUPPORTED_TEST_KEYS[key]) report(ctx, 'error', place.at([key], 'key'), 'unsupported-key', `${where}.${key} is not supported: ${UNSUPPORTED_TEST_KEYS[key]}.`);
    else if (!TEST_KEYS.includes(key)) unknownKey(ctx, place, key, TEST_KEYS, where);
  }
  if (raw.vars !== undefined) {
    if (isRecord(raw.vars)) test.vars = { ...raw.vars };
    else report(ctx, 'error', place.at(['vars']), 'invalid-type', `${where}.vars must be a map of variable names to values.`);
  }
  if (raw.assert !== undefined && raw.assert !== null) test.assert = readSpecs(raw.assert, place.child(['assert']), ctx, `${where}.assert`);
  if (raw.description !== undefined) {
    if (typeof raw.description === 'string') test.description = raw.description;
    else report(ctx, 'error', place.at(['description']), 'invalid-type', `${where}.description must be a string.`);
  }
  if (raw.id !== undefined) {
    const id = readCaseId(raw.id, place.at(['id']), ctx, where);
    if (id) test.id = id;
  }
  if ('expected' in raw) test.expected = raw.expected;
  if (raw.threshold !== undefined) {
    if (typeof raw.threshold === 'number' && Number.isFinite(raw.threshold)) test.threshold = raw.threshold;
    else report(ctx, 'error', place.at(['threshold']), 'invalid-type', `${where}.threshold must be a number (the score the case needs, 0 to 1).`);
  }
  if (raw.options !== undefined) test.options = readOptions(raw.options, place.child(['options']), ctx, `${where}.options`);
  if (test.options.rubricPrompt !== undefined) applyRubricPrompt(test.assert, test.options.rubricPrompt);
  return test;
}

function readRow(raw: Record<string, unknown>, place: Place, ctx: SuiteContext, where: string): TestObject {
  const test: TestObject = { vars: {}, assert: [], options: {}, location: place.at() };
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'expected') test.expected = value;
    else if (key === 'assert') test.assert = readSpecs(value, place.child(['assert']), ctx, `${where}.assert`);
    else test.vars[key] = value;
  }
  // As in testData: `description` and `id` stay variables (gh models templates them) and also label the case.
  if (typeof raw.description === 'string') test.description = raw.description;
  if (isCaseId(raw.id)) test.id = raw.id;
  return test;
}

/** A variable `id` names its case when it is a usable case id; otherwise it is only a variable. */
export function isCaseId(value: unknown): value is string {
  return typeof value === 'string' && CASE_ID.test(value);
}

export function readCaseId(raw: unknown, location: SourceLocation, ctx: SuiteContext, where: string): string | undefined {
  if (typeof raw === 'string' && CASE_ID.test(raw)) return raw;
  const message = `${where}.id must be 1 to 128 letters, digits and . _ : @ / -, starting with a letter or digit.`;
  report(ctx, 'error', location, 'invalid-value', message);
  return undefined;
}

export function readOptions(raw: unknown, place: Place, ctx: SuiteContext, where: string): TestOptions {
  const options: TestOptions = {};
  if (!isRecord(raw)) {
    report(ctx, 'error', place.at(), 'invalid-type', `${where} must be a map, e.g. {transform: output.trim(), provider: openai:gpt-4o-mini}.`);
    return options;
  }
  for (const [key, value] of Object.entries(raw)) {
    const at = place.at([key]);
    if (UNSUPPORTED_OPTIONS[key]) report(ctx, 'error', place.at([key], 'key'), 'unsupported-key', `${where}.${key} is not supported; ${UNSUPPORTED_OPTIONS[key]}.`);
    else if (IGNORED_OPTIONS[key]) report(ctx, 'warning', place.at([key], 'key'), 'ignored-key', `${where}.${key} has no effect in Promptyard: ${IGNORED_OPTIONS[key]}.`);
    else if (key === 'transform') {
      if (typeof value === 'string') options.transform = value;
      else report(ctx, 'error', at, 'invalid-type', `${where}.transform must be a JavaScript expression string, e.g. output.trim().`);
    } else if (key === 'provider') {
      const grader = readGrader(value, place.child([key]), ctx, `${where}.provider`);
      if (grader) options.provider = grader;
    } else if (key === 'rubricPrompt') {
      const rubric = readRubricPrompt(value, at, ctx, `${where}.rubricPrompt`);
      if (rubric !== undefined) options.rubricPrompt = rubric;
    } else if (key === 'disableVarExpansion') {
      if (typeof value === 'boolean') options.disableVarExpansion = value;
      else report(ctx, 'error', at, 'invalid-type', `${where}.disableVarExpansion must be true or false.`);
    } else unknownKey(ctx, place, key, OPTION_KEYS, where);
  }
  return options;
}

/** The case a test becomes, with the id it gets when it has none of its own. */
export function caseFromTest(test: TestObject, id: string, vars: Record<string, unknown> = test.vars): EvalCase {
  const out: EvalCase = { id: test.id ?? id, vars, assert: test.assert, location: test.location };
  if (test.description !== undefined) out.description = test.description;
  if (test.expected !== undefined) out.expected = test.expected;
  if (test.threshold !== undefined) out.threshold = test.threshold;
  if (test.options.transform !== undefined || test.options.provider !== undefined) {
    out.options = {};
    if (test.options.transform !== undefined) out.options.transform = test.options.transform;
    if (test.options.provider !== undefined) out.options.provider = test.options.provider;
  }
  return out;
}

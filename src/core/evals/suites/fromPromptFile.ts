// A `.prompt.yml` (or an imported `.prompty`) as an eval suite: its testData rows and `datasets:` as cases,
// its GitHub Models evaluators as default assertions every case runs.
import path from 'node:path';
import type { Evaluator, PromptFile, TestDataRow } from '../../prompts/promptFile';
import type { AssertionSpec, EvalCase, EvalSuite } from '../types';
import { report, type SuiteContext } from './context';
import { PROMPTY_SAMPLE_ID, readDataset, uniqueIds } from './datasets';
import { contentSha256 } from '../../prompts/registry/hash';
import { checkType, specFromAssertion } from './specs';
import { isCaseId } from './testObject';

/** `text` is the file's content as read (its hash identifies the prompt version). */
export async function suiteFromPromptFile(prompt: PromptFile, text: string, ctx: SuiteContext): Promise<EvalSuite> {
  const cases = (prompt.testData ?? []).map((row, i) => caseFromRow(row, i, ctx));
  for (const ref of prompt.datasets ?? []) {
    const file = path.isAbsolute(ref.path) ? ref.path : path.join(path.dirname(prompt.file), ref.path);
    cases.push(...(await readDataset(ctx, file, ref.location)));
  }
  const suite = baseSuite(prompt, text, 'prompt-file', uniqueIds(cases));
  suite.defaultAssert = (prompt.evaluators ?? []).map((e) => evaluatorSpec(e)).filter((s) => checkType(s.type, s.location, ctx));
  return suite;
}

/** A `.prompty` file: its sample inputs are the one case, until a dataset replaces it (withDataset). */
export function suiteFromPrompty(prompt: PromptFile, text: string, ctx: SuiteContext): EvalSuite {
  const sample = prompt.testData?.[0];
  const only: EvalCase = { id: PROMPTY_SAMPLE_ID, description: 'sample inputs of the .prompty file', vars: { ...(sample?.vars ?? {}) }, assert: [] };
  const location = sample?.location ?? prompt.messages[0]?.location;
  if (location) only.location = location;
  if (!sample) {
    const message = `${prompt.file} has no sample inputs: its one case renders with the inputs' defaults. Add \`sample:\` or pass a dataset.`;
    report(ctx, 'info', { file: prompt.file, line: 1, column: 1 }, 'prompty-no-sample', message);
  }
  return baseSuite(prompt, text, 'prompty', [only]);
}

function baseSuite(prompt: PromptFile, text: string, kind: EvalSuite['kind'], cases: EvalCase[]): EvalSuite {
  const suite: EvalSuite = {
    file: prompt.file,
    kind,
    prompts: [{ id: prompt.id, sha256: contentSha256(text), prompt }],
    models: [],
    cases,
    defaultAssert: [],
    options: {},
  };
  const description = prompt.name ?? prompt.description;
  if (description !== undefined) suite.description = description;
  return suite;
}

function caseFromRow(row: TestDataRow, index: number, ctx: SuiteContext): EvalCase {
  const fallbackId = `row-${index + 1}`;
  const location = row.location;
  const c: EvalCase = {
    id: isCaseId(row.vars.id) ? row.vars.id : fallbackId,
    vars: row.vars,
    assert: (row.assert ?? []).map((a) => specFromAssertion(a, location, ctx)).filter((s): s is AssertionSpec => s !== undefined),
  };
  // `description` stays a variable (gh models templates every key) and also labels the case.
  if (typeof row.vars.description === 'string') c.description = row.vars.description;
  if (row.expected !== undefined) c.expected = row.expected;
  if (location) c.location = location;
  return c;
}

/** GitHub Models evaluators in the assertion engine's vocabulary (`gh-string`, `gh-llm`, `gh-builtin`). */
export function evaluatorSpec(evaluator: Evaluator): AssertionSpec {
  let spec: AssertionSpec;
  if ('string' in evaluator) spec = { type: 'gh-string', value: { ...evaluator.string }, metric: evaluator.name };
  else if ('llm' in evaluator) {
    const { modelId, prompt, systemPrompt, choices } = evaluator.llm;
    const value: Record<string, unknown> = { modelId, prompt, choices: choices.map((c) => ({ ...c })) };
    if (systemPrompt !== undefined) value.systemPrompt = systemPrompt;
    spec = { type: 'gh-llm', value, metric: evaluator.name };
  } else spec = { type: 'gh-builtin', value: evaluator.uses, metric: evaluator.name };
  if (evaluator.location) spec.location = evaluator.location;
  return spec;
}

// The one entry point: loads any suite Promptyard runs, by its file name. `*.prompt.yml|yaml` (testData,
// evaluators, datasets), `*.prompty` (its sample, or a dataset) and promptfoo configs.
import path from 'node:path';
import { parsePromptFile } from '../../prompts/parse';
import { isPromptFileName, PROMPTY_SUFFIX } from '../../prompts/promptFile';
import { importPrompty } from '../../prompts/prompty';
import { InputError } from '../../errors';
import type { Diagnostic } from '../../../shared/types';
import type { EvalSuite } from '../types';
import { createContext, hasErrors, report, type LoadSuiteOptions, type SuiteContext } from './context';
import { checkSuiteAssertions } from './checkAssertions';
import { appendCases, isDatasetFile, readDataset } from './datasets';
import { readRef } from './files';
import { suiteFromPromptFile, suiteFromPrompty } from './fromPromptFile';
import { suiteFromPromptfoo } from './promptfoo';
import { isRecord } from './specs';
import { parseYaml } from './yamlDocument';

export type { LoadSuiteOptions } from './context';

export interface LoadedSuite {
  suite: EvalSuite;
  /** Warnings and notes; errors are thrown as an InputError instead. */
  diagnostics: Diagnostic[];
}

const PROMPTFOO_NAME = /^promptfooconfig\.(ya?ml|json)$/i;

/** The kind of suite a file name (and for other YAML, its top-level keys) says, or undefined. */
export function suiteKindOfName(file: string): EvalSuite['kind'] | 'yaml' | undefined {
  const base = path.basename(file);
  if (isPromptFileName(base)) return 'prompt-file';
  if (base.toLowerCase().endsWith(PROMPTY_SUFFIX)) return 'prompty';
  if (PROMPTFOO_NAME.test(base)) return 'promptfoo';
  if (/\.(ya?ml|json)$/i.test(base)) return 'yaml';
  return undefined;
}

/** True when a YAML document is a promptfoo config: `prompts:` with `tests:`, `providers:`, `targets:` or `scenarios:`. */
export function looksLikePromptfoo(value: unknown): boolean {
  return isRecord(value) && 'prompts' in value && ['tests', 'providers', 'targets', 'scenarios'].some((k) => k in value);
}

/**
 * Loads a suite and the datasets of `options.datasets`. Throws InputError carrying every diagnostic when
 * there is an error (a missing file included); returns the warnings otherwise.
 */
export async function loadSuite(file: string, options: LoadSuiteOptions = {}): Promise<LoadedSuite> {
  const ctx = createContext(options);
  let suite = await readSuite(file, ctx);
  if (suite) {
    for (const dataset of options.datasets ?? []) suite = { ...suite, cases: appendCases(suite, await readDataset(ctx, dataset, undefined)) };
    checkSuiteAssertions(suite, ctx);
  }
  if (!suite || hasErrors(ctx.diagnostics)) {
    const errors = ctx.diagnostics.filter((d) => d.severity === 'error').length;
    const more = errors > 1 ? ` (${errors - 1} more error${errors > 2 ? 's' : ''})` : '';
    throw new InputError(ctx.diagnostics, `Fix the suite and run again${more}.`);
  }
  if (suite.cases.length === 0) {
    const message = `${file} has no cases: add testData rows or \`datasets:\`, or pass a dataset with --dataset.`;
    report(ctx, 'warning', { file, line: 1, column: 1 }, 'no-cases', message);
  }
  return { suite, diagnostics: ctx.diagnostics };
}

async function readSuite(file: string, ctx: SuiteContext): Promise<EvalSuite | undefined> {
  const kind = suiteKindOfName(file);
  if (kind === undefined) {
    const dataset = isDatasetFile(file);
    const message = dataset
      ? `${file} is a dataset; it needs a prompt. Pass the prompt file (or promptfoo config) and give the dataset with --dataset ${file}.`
      : `${file} is not a suite Promptyard reads: use a .prompt.yml, .prompt.yaml or .prompty file, or a promptfoo config (promptfooconfig.yaml).`;
    report(ctx, 'error', undefined, dataset ? 'dataset-without-prompt' : 'unsupported-file', message);
    return undefined;
  }
  const text = await readRef(ctx, file, undefined, 'Suite file');
  if (text === undefined) return undefined;
  if (kind === 'prompt-file' || kind === 'prompty') {
    const result = kind === 'prompty' ? importPrompty(text, file) : parsePromptFile(text, file);
    ctx.diagnostics.push(...result.diagnostics);
    if (!result.prompt) return undefined;
    return kind === 'prompty' ? suiteFromPrompty(result.prompt, text, ctx) : suiteFromPromptFile(result.prompt, text, ctx);
  }
  if (kind === 'yaml') {
    const scratch = { ...ctx, diagnostics: [] as Diagnostic[] };
    const parsed = parseYaml(text, file, scratch);
    if (parsed && !looksLikePromptfoo(parsed.value)) {
      const message = `${file} is neither a prompt file nor a promptfoo config (no top-level prompts: with tests: or providers:). A dataset needs a prompt: pass it with --dataset.`;
      report(ctx, 'error', { file, line: 1, column: 1 }, 'unsupported-file', message);
      return undefined;
    }
  }
  return suiteFromPromptfoo(text, file, ctx);
}

// A promptfoo config (`promptfooconfig.yaml`) as an eval suite, run as it is: prompts × providers × tests,
// `defaultTest`, `scenarios`, `evaluateOptions`. Every key we can't honor is reported at its location.
import path from 'node:path';
import type { EvalSuite } from '../types';
import { report, type SuiteContext } from './context';
import { uniqueIds } from './datasets';
import type { Place } from './place';
import { readPromptfooPrompts } from './promptfooPrompts';
import { meaningfulSettings, readPromptfooProviders } from './promptfooProviders';
import { readDefaultTest, readScenarios, readTests, type PendingCase } from './promptfooTests';
import { finalizeCases } from './promptfooVars';
import { isRecord, unknownKey } from './specs';
import { parseYaml } from './yamlDocument';

const KNOWN_KEYS = [
  'description', 'prompts', 'providers', 'targets', 'tests', 'defaultTest', 'scenarios', 'evaluateOptions', '$schema', 'tags',
  'metadata', 'outputPath', 'sharing', 'env', 'writeLatestResults', 'commandLineOptions', 'derivedMetrics', 'nunjucksFilters',
  'extensions', 'redteam', 'tracing',
];
const IGNORED: Record<string, string> = {
  outputPath: 'pass --output to promptyard eval',
  sharing: 'results stay on this machine',
  env: 'set environment variables in your shell; keys come from `promptyard keys set`',
  writeLatestResults: 'every run is stored under .promptyard/runs',
  commandLineOptions: 'pass the options on the command line',
  derivedMetrics: 'reports show each metric as it is',
  tracing: 'tracing is not supported',
};
const UNSUPPORTED: Record<string, string> = {
  nunjucksFilters: 'custom filters are code; pass values already formatted as variables',
  extensions: 'hooks are code, which Promptyard does not run',
  redteam: 'red teaming is not supported; run `promptfoo redteam` for it',
};
const EVALUATE_OPTIONS: Record<string, 'repeat' | 'maxConcurrency' | 'delayMs'> = { repeat: 'repeat', maxConcurrency: 'maxConcurrency', delay: 'delayMs' };
const EVALUATE_IGNORED: Record<string, string> = {
  cache: 'pass --no-cache to skip the cache',
  showProgressBar: 'the progress bar follows the terminal',
  timeoutMs: 'set requests.timeoutMs in promptyard.config.yaml',
  maxEvalTimeMs: 'use --max-cost or stop the run',
  generateSuggestions: 'suggestions are not generated',
  interactiveProviders: 'providers never ask for input',
};

export async function suiteFromPromptfoo(text: string, file: string, ctx: SuiteContext): Promise<EvalSuite | undefined> {
  const parsed = parseYaml(text, file, ctx);
  if (!parsed) return undefined;
  const { value, place } = parsed;
  if (!isRecord(value)) {
    report(ctx, 'error', place.at(), 'invalid-type', 'A promptfoo config must be a map with prompts, providers and tests.');
    return undefined;
  }
  const baseDir = path.dirname(file);
  checkTopLevel(value, place, ctx);
  const suite: EvalSuite = { file, kind: 'promptfoo', prompts: [], models: [], cases: [], defaultAssert: [], options: {} };
  if (typeof value.description === 'string') suite.description = value.description;

  if (value.prompts === undefined) report(ctx, 'error', place.at(), 'missing-key', 'The config has no `prompts:`; add at least one, e.g. - "Answer: {{question}}".');
  else suite.prompts = await readPromptfooPrompts(value.prompts, place.child(['prompts']), ctx, baseDir);

  const providersKey = value.providers !== undefined ? 'providers' : value.targets !== undefined ? 'targets' : undefined;
  if (providersKey) {
    const providers = await readPromptfooProviders(value[providersKey], place.child([providersKey]), ctx, baseDir);
    suite.models = providers.models;
    const settings = meaningfulSettings(providers.settings);
    if (settings) suite.modelSettings = settings;
  } else {
    report(ctx, 'warning', place.at(), 'missing-key', 'The config has no `providers:`; each prompt runs on its own model or the default model.');
  }

  const defaults = await readDefaultTest(value.defaultTest, place.child(['defaultTest']), ctx, baseDir);
  if (defaults) {
    suite.defaultAssert = defaults.assert;
    if (defaults.options.provider !== undefined) suite.graderModelId = defaults.options.provider;
  }
  const pending: PendingCase[] = [
    ...(await readTests(value.tests, place.child(['tests']), ctx, baseDir)),
    ...(await readScenarios(value.scenarios, place.child(['scenarios']), ctx, baseDir)),
  ];
  if (value.tests === undefined && value.scenarios === undefined) {
    // promptfoo runs each prompt once with the default test when there are no tests.
    pending.push({ case: { id: 'default', vars: {}, assert: [], location: place.at() }, expand: !defaults?.options.disableVarExpansion, varsPlace: place.child(['defaultTest', 'vars']) });
  }
  suite.cases = uniqueIds(await finalizeCases(pending, defaults, ctx, baseDir));
  if (value.evaluateOptions !== undefined) suite.options = readEvaluateOptions(value.evaluateOptions, place.child(['evaluateOptions']), ctx);
  return suite;
}

function checkTopLevel(config: Record<string, unknown>, place: Place, ctx: SuiteContext): void {
  for (const key of Object.keys(config)) {
    const at = place.at([key], 'key');
    if (UNSUPPORTED[key]) report(ctx, 'error', at, 'unsupported-key', `${key} is not supported: ${UNSUPPORTED[key]}. Remove it to run this config.`);
    else if (IGNORED[key]) report(ctx, 'warning', at, 'ignored-key', `${key} is not read: ${IGNORED[key]}.`);
    else if (!KNOWN_KEYS.includes(key)) unknownKey(ctx, place, key, KNOWN_KEYS.filter((k) => !IGNORED[k] && !UNSUPPORTED[k]), 'the promptfoo config');
  }
  if (config.providers !== undefined && config.targets !== undefined) {
    report(ctx, 'warning', place.at(['targets'], 'key'), 'ignored-key', 'Both providers and targets are set; targets is ignored.');
  }
}

function readEvaluateOptions(raw: unknown, place: Place, ctx: SuiteContext): EvalSuite['options'] {
  const options: EvalSuite['options'] = {};
  if (!isRecord(raw)) {
    report(ctx, 'error', place.at(), 'invalid-type', 'evaluateOptions must be a map, e.g. {maxConcurrency: 4, repeat: 3}.');
    return options;
  }
  for (const [key, value] of Object.entries(raw)) {
    const target = EVALUATE_OPTIONS[key];
    if (target) {
      const min = key === 'delay' ? 0 : 1;
      if (typeof value === 'number' && Number.isInteger(value) && value >= min) options[target] = value;
      else report(ctx, 'error', place.at([key]), 'invalid-value', `evaluateOptions.${key} must be an integer of at least ${min}${key === 'delay' ? ' (milliseconds)' : ''}.`);
    } else if (EVALUATE_IGNORED[key]) {
      report(ctx, 'warning', place.at([key], 'key'), 'ignored-key', `evaluateOptions.${key} is not read: ${EVALUATE_IGNORED[key]}.`);
    } else unknownKey(ctx, place, key, [...Object.keys(EVALUATE_OPTIONS), ...Object.keys(EVALUATE_IGNORED)], 'evaluateOptions');
  }
  return options;
}

// promptfoo `providers` (or `targets`): ids, `{id, label, config}` objects, the `{ id: {config} }` map form
// and `file://` lists, mapped to model ids and their parameter overrides. What can't be mapped is an error.
import type { ModelParameters, SourceLocation } from '../../../shared/types';
import type { EvalModelSettings } from '../types';
import { report, type SuiteContext } from './context';
import { isFileRef, readRef, resolveRef } from './files';
import type { Place } from './place';
import { mapProviderId } from './providerIds';
import { isRecord, unknownKey } from './specs';
import { parseYaml } from './yamlDocument';

export interface ProvidersRead {
  models: string[];
  settings: Record<string, EvalModelSettings>;
}

const PROVIDER_KEYS = ['id', 'label', 'config', 'delay', 'env', 'prompts', 'transform'];
type Rule = { key: keyof ModelParameters; integer?: boolean; min?: number; max?: number };
const PARAMETERS: Record<string, Rule> = {
  temperature: { key: 'temperature', min: 0, max: 2 },
  max_tokens: { key: 'maxTokens', integer: true, min: 1 },
  max_completion_tokens: { key: 'maxTokens', integer: true, min: 1 },
  max_output_tokens: { key: 'maxTokens', integer: true, min: 1 },
  num_predict: { key: 'maxTokens', integer: true, min: 1 },
  top_p: { key: 'topP', min: 0, max: 1 },
  seed: { key: 'seed', integer: true },
  frequency_penalty: { key: 'frequencyPenalty', min: -2, max: 2 },
  presence_penalty: { key: 'presencePenalty', min: -2, max: 2 },
};
const NOT_READ: Record<string, string> = {
  apiKey: 'keys come from `promptyard keys set <provider>` or the environment, never from a config',
  apiKeyEnvar: 'keys come from `promptyard keys set <provider>` or the provider\'s environment variable',
  organization: 'it is not sent',
  headers: 'set headers on the endpoint in promptyard.config.yaml',
  timeout: 'set requests.timeoutMs in promptyard.config.yaml',
  maxRetries: 'set requests.maxRetries in promptyard.config.yaml',
  cost: 'set prices in promptyard.config.yaml',
  apiHost: 'the endpoint of that name in promptyard.config.yaml is used',
};

export async function readPromptfooProviders(raw: unknown, place: Place, ctx: SuiteContext, baseDir: string): Promise<ProvidersRead> {
  const out: ProvidersRead = { models: [], settings: {} };
  if (typeof raw === 'string' && isFileRef(raw)) {
    const file = resolveRef(baseDir, raw);
    if (!/\.(ya?ml|json)$/i.test(file)) {
      report(ctx, 'error', place.at(), 'unsupported-provider', `${raw}: providers written as code can't run in Promptyard; list provider ids such as openai:gpt-4o-mini.`);
      return out;
    }
    const text = await readRef(ctx, file, place.at(), 'Providers file');
    const parsed = text === undefined ? undefined : parseYaml(text, file, ctx);
    if (parsed) readList(parsed.value, parsed.place, ctx, out);
    return out;
  }
  readList(raw, place, ctx, out);
  return out;
}

function readList(raw: unknown, place: Place, ctx: SuiteContext, out: ProvidersRead): void {
  if (typeof raw === 'string') readProvider(raw, place, ctx, out);
  else if (Array.isArray(raw)) raw.forEach((item, i) => readProvider(item, place.child([i]), ctx, out));
  else if (isRecord(raw) && typeof raw.id === 'string') readProvider(raw, place, ctx, out);
  else if (isRecord(raw)) {
    for (const [id, options] of Object.entries(raw)) readProvider({ ...(isRecord(options) ? options : {}), id }, place.child([id]), ctx, out, place.at([id], 'key'));
  } else report(ctx, 'error', place.at(), 'invalid-type', 'providers must be a provider id, a list of them, or {id, label, config} objects.');
}

function readProvider(raw: unknown, place: Place, ctx: SuiteContext, out: ProvidersRead, idAt?: SourceLocation): void {
  const entry = typeof raw === 'string' ? { id: raw } : raw;
  if (!isRecord(entry) || typeof entry.id !== 'string') {
    report(ctx, 'error', place.at(), 'invalid-type', 'A provider must be an id such as openai:gpt-4o-mini, or {id, label, config}.');
    return;
  }
  const idLocation = idAt ?? (typeof raw === 'string' ? place.at() : place.at(['id']));
  if (typeof raw !== 'string' && !idAt) {
    for (const key of Object.keys(entry)) if (!PROVIDER_KEYS.includes(key)) unknownKey(ctx, place, key, PROVIDER_KEYS, 'a provider');
  }
  if (entry.prompts !== undefined || entry.transform !== undefined) {
    const key = entry.prompts !== undefined ? 'prompts' : 'transform';
    report(ctx, 'error', place.at([key], 'key'), 'unsupported-key', `Provider ${key} is not supported; every prompt runs on every provider. Split the config instead.`);
  }
  for (const key of ['delay', 'env'] as const) {
    if (entry[key] === undefined) continue;
    const hint = key === 'delay' ? 'use evaluateOptions.delay' : 'set environment variables in your shell';
    report(ctx, 'warning', place.at([key], 'key'), 'ignored-key', `Provider ${key} is not read; ${hint}.`);
  }
  const config = isRecord(entry.config) ? entry.config : {};
  if (entry.config !== undefined && !isRecord(entry.config)) report(ctx, 'error', place.at(['config']), 'invalid-type', 'Provider config must be a map.');
  const apiBaseUrl = typeof config.apiBaseUrl === 'string' ? config.apiBaseUrl : typeof config.baseUrl === 'string' ? config.baseUrl : undefined;
  const mapped = mapProviderId(entry.id, ctx, 'run', apiBaseUrl);
  if (!mapped.ok) {
    report(ctx, 'error', idLocation, 'unsupported-provider', mapped.message);
    return;
  }
  if (mapped.note) report(ctx, 'info', idLocation, 'provider-mapped', mapped.note);
  const settings: EvalModelSettings = { location: place.at() };
  if (typeof entry.label === 'string') settings.label = entry.label;
  const parameters = readParameters(config, place.child(['config']), ctx);
  if (Object.keys(parameters).length > 0) settings.parameters = parameters;
  const previous = out.settings[mapped.modelId];
  if (previous) {
    const same = JSON.stringify(previous.parameters ?? {}) === JSON.stringify(settings.parameters ?? {});
    const first = previous.location ? ` (first on line ${previous.location.line})` : '';
    if (same) report(ctx, 'warning', idLocation, 'duplicate-provider', `${mapped.modelId} is listed twice${first}; it runs once.`);
    else {
      const message = `${mapped.modelId} is listed twice with different config${first}; Promptyard runs each model once per suite. Split the config into two suites.`;
      report(ctx, 'error', idLocation, 'duplicate-provider', message);
    }
    return;
  }
  out.models.push(mapped.modelId);
  out.settings[mapped.modelId] = settings;
}

/** Settings that say something beyond where the provider is written. */
export function meaningfulSettings(settings: Record<string, EvalModelSettings>): Record<string, EvalModelSettings> | undefined {
  const kept = Object.entries(settings).filter(([, s]) => s.label !== undefined || s.parameters !== undefined);
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

function readParameters(config: Record<string, unknown>, place: Place, ctx: SuiteContext): ModelParameters {
  const params: ModelParameters = {};
  for (const [key, value] of Object.entries(config)) {
    const rule = PARAMETERS[key];
    if (key === 'apiBaseUrl' || key === 'baseUrl') continue;
    if (NOT_READ[key]) report(ctx, 'warning', place.at([key], 'key'), 'ignored-key', `config.${key} is not read: ${NOT_READ[key]}.`);
    else if (key === 'stop') {
      const stop = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((s) => typeof s === 'string') ? (value as string[]) : undefined;
      if (stop) params.stop = stop;
      else report(ctx, 'error', place.at([key]), 'invalid-type', 'config.stop must be a string or a list of strings.');
    } else if (rule) {
      const ok = typeof value === 'number' && Number.isFinite(value) && (!rule.integer || Number.isInteger(value))
        && (rule.min === undefined || value >= rule.min) && (rule.max === undefined || value <= rule.max);
      if (ok) (params as Record<string, number>)[rule.key] = value;
      else report(ctx, 'error', place.at([key]), 'invalid-value', `config.${key} must be ${rule.integer ? 'an integer' : 'a number'}${range(rule)}.`);
    } else {
      const supported = [...Object.keys(PARAMETERS), 'stop'].join(', ');
      report(ctx, 'error', place.at([key], 'key'), 'unsupported-provider-config', `config.${key} is not supported; Promptyard sends ${supported}. Remove it, or move the prompt to a .prompt.yml file (responseFormat, tools).`);
    }
  }
  return params;
}

function range(rule: Rule): string {
  if (rule.min !== undefined && rule.max !== undefined) return ` from ${rule.min} to ${rule.max}`;
  return rule.min !== undefined ? ` of at least ${rule.min}` : '';
}

// From a prompt file and variables to a model call: the one path the CLI, the playground and the evals share.
import type { ChatMessage, ModelParameters } from '../shared/types';
import type { PromptyardConfig } from './config';
import { PromptyardError } from './errors';
import type { PromptFile } from './prompts/promptFile';
import { loadPartials, type PartialSet } from './prompts/partials';
import { renderPrompt, type TemplateVariables } from './prompts/render';
import type { ProviderRegistry } from './providers/registry';
import type { CallOptions, ChatRequest, StreamEvent } from './providers/types';

/** The model used when neither the prompt nor the caller names one: config, then the first provider with a key, then local. */
export async function defaultModelId(config: PromptyardConfig, registry: ProviderRegistry): Promise<string> {
  if (config.defaultModel) return config.defaultModel;
  const providers = await registry.configuredProviders();
  const hasKey = (name: string) => providers.some((p) => p.name === name && p.keySource !== 'none');
  if (hasKey('openai')) return 'openai/gpt-4o-mini';
  if (hasKey('anthropic')) return 'anthropic/claude-haiku-4-5';
  return 'local/default';
}

export interface PreparedCall {
  modelId: string;
  messages: ChatMessage[];
  request: ChatRequest;
}

export interface PrepareOptions {
  prompt: PromptFile;
  variables: TemplateVariables;
  /** Wins over the prompt's own model. */
  modelId?: string;
  /** Merged over the prompt's modelParameters. */
  parameters?: ModelParameters;
  partials?: PartialSet;
  config: PromptyardConfig;
  registry: ProviderRegistry;
}

/** Renders the messages and resolves the model, without calling it. */
export async function prepareCall(options: PrepareOptions): Promise<PreparedCall & { resolved: Awaited<ReturnType<ProviderRegistry['resolve']>> }> {
  const { prompt } = options;
  const partials = options.partials ?? (await loadPartials({ fromFile: prompt.file }));
  const messages = renderPrompt(prompt, options.variables, { partials });
  const modelId = options.modelId ?? prompt.model ?? (await defaultModelId(options.config, options.registry));
  const resolved = await options.registry.resolve(modelId);
  const request = buildChatRequest(prompt, messages, resolved.model, options.parameters);
  return { modelId, messages, request, resolved };
}

/**
 * The request for rendered messages: the prompt's modelParameters with `parameters` merged over them, its
 * response format and tools. `model` is the provider-local name. The eval runner builds its calls with it too
 * (once per case, so no needless copies: the prompt's own parameters object is shared, never mutated).
 */
export function buildChatRequest(prompt: PromptFile, messages: ChatMessage[], model: string, parameters?: ModelParameters): ChatRequest {
  const merged = parameters ? { ...prompt.modelParameters, ...parameters } : prompt.modelParameters;
  const request: ChatRequest = { model, messages };
  if (merged && hasKeys(merged)) request.parameters = merged;
  if (prompt.responseFormat) request.responseFormat = prompt.responseFormat;
  if (prompt.tools?.length) request.tools = prompt.tools;
  return request;
}

function hasKeys(value: object): boolean {
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return true;
  return false;
}

/** Streams a prepared call; the last event is `done`. */
export function streamCall(prepared: Awaited<ReturnType<typeof prepareCall>>, options: CallOptions = {}): AsyncIterable<StreamEvent> {
  return prepared.resolved.provider.stream(prepared.request, options);
}

/**
 * Turns `--var name=value` assignments into variables. Values stay strings unless the prompt's `inputs`
 * declare another type, then they are parsed as that type (JSON for objects and arrays).
 */
export function parseVariableAssignments(assignments: string[], prompt?: PromptFile): TemplateVariables {
  const vars: TemplateVariables = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new PromptyardError('invalid-variable', `--var '${assignment}' is not name=value`, { hint: 'Write --var name=value, e.g. --var topic="cats".' });
    }
    const name = assignment.slice(0, eq);
    const raw = assignment.slice(eq + 1);
    vars[name] = coerce(name, raw, prompt?.inputs?.[name]?.type);
  }
  return vars;
}

function coerce(name: string, raw: string, type: string | undefined): unknown {
  const fail = (what: string) =>
    new PromptyardError('invalid-variable', `--var ${name}: '${raw}' is not ${what}, as the prompt's inputs declare`, { hint: `Pass ${what} for ${name}.` });
  switch (type) {
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw fail('a number');
      return n;
    }
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw fail('true or false');
    case 'object':
    case 'array': {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        throw fail(`JSON ${type === 'object' ? 'object' : 'array'}`);
      }
      if (type === 'array' ? !Array.isArray(value) : typeof value !== 'object' || value === null || Array.isArray(value)) throw fail(`a JSON ${type}`);
      return value;
    }
    default:
      return raw;
  }
}

// Maps a `.prompty` front matter (v1: `model.configuration` / `parameters`, `sample`; v2: `model.id` /
// `provider` / `connection` / `options`, inputs as a list or map, `template.format`) to our model.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { isValidProviderName, parseModelId } from '../../shared/modelId';
import type { ModelParameters, ResponseFormat } from '../../shared/types';
import { INPUT_TYPES, type InputSpec, type InputType } from './promptFile';
import type { MapEntry, YamlReader } from './yamlReader';

export type TemplateFormat = 'jinja2' | 'mustache';

export interface PromptyModel {
  model?: string;
  modelParameters?: ModelParameters;
  responseFormat?: ResponseFormat;
}

/** Provider names of Prompty mapped to ours; an Azure deployment becomes `azure/<deployment>`. */
const PROVIDERS: Record<string, string> = {
  openai: 'openai',
  azure: 'azure',
  azure_openai: 'azure',
  foundry: 'azure',
  anthropic: 'anthropic',
  ollama: 'ollama',
};

const PARAMETERS: Record<string, keyof ModelParameters> = {
  max_tokens: 'maxTokens', maxTokens: 'maxTokens', max_completion_tokens: 'maxTokens', maxOutputTokens: 'maxTokens',
  temperature: 'temperature', top_p: 'topP', topP: 'topP', stop: 'stop', seed: 'seed',
  frequency_penalty: 'frequencyPenalty', frequencyPenalty: 'frequencyPenalty',
  presence_penalty: 'presencePenalty', presencePenalty: 'presencePenalty',
};
const NUMBER_RULES: Partial<Record<keyof ModelParameters, { integer?: boolean; min?: number; max?: number }>> = {
  maxTokens: { integer: true, min: 1 }, temperature: { min: 0, max: 2 }, topP: { min: 0, max: 1 }, seed: { integer: true },
  frequencyPenalty: { min: -2, max: 2 }, presencePenalty: { min: -2, max: 2 },
};

export function readPromptyModel(reader: YamlReader, node: Node | undefined): PromptyModel {
  const n = reader.resolve(node);
  if (isScalar(n) && typeof n.value === 'string') return { model: modelFromId(reader, n, n.value, undefined) };
  const map = reader.map(n, 'model');
  if (!map) return {};
  const entries = reader.entries(map);
  const get = (key: string): MapEntry | undefined => entries.find((e) => e.key === key);
  reader.warnUnknownKeys(entries, ['api', 'configuration', 'parameters', 'response', 'id', 'provider', 'connection', 'options'], 'model');
  const out: PromptyModel = {};
  const api = get('api');
  const apiValue = api ? reader.string(api.value, 'model.api') : undefined;
  if (apiValue !== undefined && apiValue !== 'chat') {
    reader.warning(api!.value, 'unsupported-value', `model.api "${apiValue}" is imported as a chat prompt; Promptyard runs chat models only.`);
  }
  const connection = get('connection');
  let connectionProvider: string | undefined;
  if (connection) {
    const c = reader.map(connection.value, 'model.connection');
    const provider = c ? reader.entries(c).find((e) => e.key === 'provider') : undefined;
    connectionProvider = provider ? reader.string(provider.value, 'model.connection.provider') : undefined;
    const message = 'model.connection is not imported: endpoints and keys come from Promptyard settings and the keychain.';
    reader.report('info', connection.keyNode, 'ignored-key', message);
  }
  const configuration = get('configuration');
  if (configuration) out.model = modelFromConfiguration(reader, configuration.value);
  const id = get('id');
  if (id) {
    const value = reader.string(id.value, 'model.id');
    const providerEntry = get('provider');
    const provider = providerEntry ? reader.string(providerEntry.value, 'model.provider') : connectionProvider;
    if (value !== undefined) out.model = modelFromId(reader, id.value!, value, provider);
  }
  for (const key of ['parameters', 'options']) {
    const entry = get(key);
    if (entry) Object.assign(out, readParameters(reader, entry.value, `model.${key}`));
  }
  const response = get('response');
  if (response && reader.js(response.value) === 'all') {
    reader.warning(response.value, 'unsupported-value', 'model.response "all" is not imported; Promptyard returns the first choice.');
  }
  return out;
}

function modelFromConfiguration(reader: YamlReader, node: Node | undefined): string | undefined {
  const map = reader.map(node, 'model.configuration');
  if (!map) return undefined;
  const values = new Map<string, { value: string; node: Node | undefined }>();
  for (const entry of reader.entries(map)) {
    const v = reader.resolve(entry.value);
    if (isScalar(v) && typeof v.value === 'string') values.set(entry.key, { value: v.value, node: v });
  }
  const type = values.get('type')?.value;
  const deployment = values.get('azure_deployment');
  const name = values.get('name') ?? values.get('model');
  if (deployment && (type === undefined || type === 'azure_openai' || type === 'azure')) {
    return checkedModel(reader, deployment.node, `azure/${deployment.value}`, deployment.value);
  }
  if (!name) {
    reader.warning(map, 'unknown-model', 'model.configuration names no model (azure_deployment, name or model); the prompt will use the default model.');
    return undefined;
  }
  if (type === undefined || type === 'openai' || type === 'azure_openai') return checkedModel(reader, name.node, `openai/${name.value}`, name.value);
  return guessed(reader, name.node, type, name.value);
}

function modelFromId(reader: YamlReader, node: Node, id: string, provider: string | undefined): string | undefined {
  if (provider === undefined) {
    if (parseModelId(id)) return id;
    reader.warning(node, 'unknown-provider', `model "${id}" names no provider; imported as openai/${id}. Set model.provider if that is wrong.`);
    return checkedModel(reader, node, `openai/${id}`, id);
  }
  const ours = PROVIDERS[provider];
  if (ours) return checkedModel(reader, node, `${ours}/${id}`, id);
  return guessed(reader, node, provider, id);
}

function guessed(reader: YamlReader, node: Node | undefined, provider: string, model: string): string | undefined {
  const name = provider.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
  if (!isValidProviderName(name)) {
    reader.warning(node, 'unknown-provider', `Provider "${provider}" is not known; set model in the imported prompt as provider/model.`);
    return undefined;
  }
  const message = `Provider "${provider}" is not one Promptyard knows; imported as ${name}/${model}. Configure an endpoint named "${name}" or change the model.`;
  reader.warning(node, 'unknown-provider', message);
  return checkedModel(reader, node, `${name}/${model}`, model);
}

function checkedModel(reader: YamlReader, node: Node | undefined, id: string, raw: string): string | undefined {
  if (/^\$\{/.test(raw)) {
    reader.warning(node, 'unknown-model', `The model comes from ${raw}, which Promptyard does not expand; set model in the imported prompt.`);
    return undefined;
  }
  if (parseModelId(id)) return id;
  reader.error(node, 'invalid-model', `"${raw}" does not make a valid model id (${id}); model names hold no spaces.`);
  return undefined;
}

function readParameters(reader: YamlReader, node: Node | undefined, where: string): Pick<PromptyModel, 'modelParameters' | 'responseFormat'> {
  const map = reader.map(node, where);
  if (!map) return {};
  const params: ModelParameters = {};
  let responseFormat: ResponseFormat | undefined;
  for (const { key, keyNode, value } of reader.entries(map)) {
    const target = PARAMETERS[key];
    const path = `${where}.${key}`;
    if (target === 'stop') {
      const js = reader.js(value);
      if (typeof js === 'string') params.stop = [js];
      else if (Array.isArray(js) && js.every((s) => typeof s === 'string')) params.stop = js;
      else reader.error(value, 'invalid-type', `${path} must be a string or a list of strings.`);
    } else if (target) {
      const n = reader.number(value, path, NUMBER_RULES[target]);
      if (n !== undefined) (params as Record<string, number>)[target] = n;
    } else if (key === 'response_format' || key === 'responseFormat') {
      responseFormat = readResponseFormat(reader, value, path);
    } else if (key !== 'kind' && key !== 'type') {
      const supported = [...new Set(Object.values(PARAMETERS))].join(', ');
      reader.warning(keyNode, 'unsupported-key', `${path} is not imported; Promptyard supports ${supported} and response_format.`);
    }
  }
  const out: Pick<PromptyModel, 'modelParameters' | 'responseFormat'> = {};
  if (Object.keys(params).length > 0) out.modelParameters = params;
  if (responseFormat) out.responseFormat = responseFormat;
  return out;
}

function readResponseFormat(reader: YamlReader, node: Node | undefined, where: string): ResponseFormat | undefined {
  const js = reader.js(node) as { type?: unknown; json_schema?: { name?: unknown; schema?: unknown; strict?: unknown } } | null;
  const type = js?.type;
  if (type === 'text' || type === 'json_object') return { type };
  const schema = js?.json_schema;
  if (type === 'json_schema' && typeof schema?.name === 'string' && isMapLike(schema.schema)) {
    const format: ResponseFormat = { type: 'json_schema', name: schema.name, schema: schema.schema };
    if (typeof schema.strict === 'boolean') format.strict = schema.strict;
    return format;
  }
  reader.error(node, 'invalid-value', `${where} must be {type: text}, {type: json_object} or {type: json_schema, json_schema: {name, schema}}.`);
  return undefined;
}

function isMapLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const KINDS: Record<string, InputType> = {
  string: 'string', str: 'string', number: 'number', integer: 'number', int: 'number', float: 'number',
  boolean: 'boolean', bool: 'boolean', object: 'object', dict: 'object', array: 'array', list: 'array',
};

const PROMPTY_INPUT_KEYS = ['name', 'type', 'kind', 'description', 'default', 'required', 'sample', 'strict', 'items', 'properties'];

export function inputKind(kind: string): InputType | undefined {
  return KINDS[kind] ?? (INPUT_TYPES.includes(kind as InputType) ? (kind as InputType) : undefined);
}

/** v1 map `{name: {type, description, default}}`, v2 map or list with `kind` and `sample`; samples are returned apart. */
export function readPromptyInputs(reader: YamlReader, node: Node | undefined): { inputs: Record<string, InputSpec>; samples: Record<string, unknown> } {
  const inputs: Record<string, InputSpec> = {};
  const samples: Record<string, unknown> = {};
  const n = reader.resolve(node);
  const items: Array<{ name: string; node: Node | undefined; at: Node }> = [];
  if (isSeq(n)) {
    n.items.forEach((item, i) => {
      const map = reader.map(item, `inputs item ${i + 1}`);
      const nameEntry = map ? reader.entries(map).find((e) => e.key === 'name') : undefined;
      const name = nameEntry ? reader.string(nameEntry.value, `inputs item ${i + 1}.name`) : undefined;
      if (map && !nameEntry) reader.error(map, 'missing-key', `inputs item ${i + 1} has no name.`);
      if (map && name !== undefined) items.push({ name, node: map, at: map });
    });
  } else if (isMap(n)) {
    for (const e of reader.entries(n)) items.push({ name: e.key, node: e.value, at: e.keyNode });
  } else {
    reader.map(n ?? node, 'inputs');
  }
  for (const item of items) {
    const spec: InputSpec = { location: reader.location(item.at) };
    const value = reader.resolve(item.node);
    if (!isMap(value)) {
      const sample = reader.js(value);
      if (sample !== null && sample !== undefined) samples[item.name] = sample;
      const type = inputKind(Array.isArray(sample) ? 'array' : typeof sample);
      if (type) spec.type = type;
      inputs[item.name] = spec;
      continue;
    }
    const entries = reader.entries(value);
    reader.warnUnknownKeys(entries, PROMPTY_INPUT_KEYS, `inputs.${item.name}`);
    for (const e of entries) {
      if (e.key === 'type' || e.key === 'kind') {
        const kind = reader.string(e.value, `inputs.${item.name}.${e.key}`);
        const type = kind === undefined ? undefined : inputKind(kind);
        if (type) spec.type = type;
        else if (kind !== undefined) reader.warning(e.value, 'unsupported-value', `Input kind "${kind}" is not known; the input is imported without a type.`);
      } else if (e.key === 'description') {
        const d = reader.string(e.value, `inputs.${item.name}.description`);
        if (d !== undefined) spec.description = d;
      } else if (e.key === 'required') {
        const r = reader.boolean(e.value, `inputs.${item.name}.required`);
        if (r !== undefined) spec.required = r;
      } else if (e.key === 'default') {
        const d = reader.js(e.value);
        if (d !== undefined) spec.default = d;
      } else if (e.key === 'sample') {
        const s = reader.js(e.value);
        if (s !== undefined) samples[item.name] = s;
      }
    }
    inputs[item.name] = spec;
  }
  return { inputs, samples };
}

export function readTemplateFormat(reader: YamlReader, node: Node | undefined): TemplateFormat | undefined {
  const n = reader.resolve(node);
  let formatNode: Node | undefined = n;
  if (isMap(n)) {
    const entries = reader.entries(n);
    reader.warnUnknownKeys(entries, ['format', 'parser', 'strict', 'options', 'type'], 'template');
    const parser = entries.find((e) => e.key === 'parser');
    const parserName = parser ? reader.string(parser.value, 'template.parser') : undefined;
    if (parserName !== undefined && parserName !== 'prompty') {
      reader.warning(parser!.value, 'unsupported-value', `template.parser "${parserName}" is read as the prompty role-marker parser.`);
    }
    formatNode = entries.find((e) => e.key === 'format' || e.key === 'type')?.value;
    if (!formatNode) return 'jinja2';
  }
  const format = reader.string(formatNode, 'template.format');
  if (format === undefined) return undefined;
  if (format === 'jinja2' || format === 'jinja') return 'jinja2';
  if (format === 'mustache' || format === 'handlebars') return 'mustache';
  reader.error(formatNode, 'unsupported-template-format', `Template format "${format}" is not supported; use jinja2 or mustache.`);
  return undefined;
}

// Builds a PromptFile from a parsed YAML document, with a located diagnostic for each problem: errors for
// what would break a run, warnings for keys that `gh models` and Promptyard ignore.
import { isMap, isScalar, type Node } from 'yaml';
import type { ModelParameters, ResponseFormat } from '../../shared/types';
import { parseModelId } from '../../shared/modelId';
import {
  PROMPT_ID_PATTERN,
  PROMPT_ROLES,
  SCHEMA_NAME_PATTERN,
  SEMVER_PATTERN,
  idFromFileName,
  isJsonSchemaObject,
  type PromptFile,
  type PromptMessage,
  type PromptRole,
  type ScalarStyle,
} from './promptFile';
import { planTemplate } from './template';
import { locateInTemplate } from './sourceMap';
import { jsonSchemaProblem } from './schemaCheck';
import { readDatasets, readEvaluators, readTestData } from './validateEvals';
import { readInputs, readTools } from './validateInputs';
import type { MapEntry, YamlReader } from './yamlReader';

export const TOP_LEVEL_KEYS = [
  'name', 'description', 'model', 'modelParameters', 'responseFormat', 'jsonSchema', 'messages', 'testData',
  'evaluators', 'id', 'version', 'inputs', 'tools', 'datasets',
] as const;
export const MODEL_PARAMETER_KEYS = ['maxTokens', 'temperature', 'topP', 'stop', 'seed', 'frequencyPenalty', 'presencePenalty'];
const RESPONSE_FORMATS = ['text', 'json_object', 'json_schema'];
const JSON_SCHEMA_KEYS = ['name', 'schema', 'strict'];

export function validatePromptDocument(reader: YamlReader, root: Node | undefined): PromptFile | undefined {
  if (reader.isNull(root)) {
    reader.error(root, 'empty-file', 'The prompt file is empty: add `messages:` with at least one `- role: user` and its `content:`.');
    return undefined;
  }
  const map = reader.map(root, 'A prompt file');
  if (!map) return undefined;
  const entries = reader.entries(map);
  reader.warnUnknownKeys(entries, TOP_LEVEL_KEYS, 'the prompt file');
  const get = (key: string): MapEntry | undefined => entries.find((e) => e.key === key);
  const prompt: PromptFile = { id: idFromFileName(reader.file), file: reader.file, messages: [] };

  const id = optionalString(reader, get('id'));
  if (id !== undefined && !PROMPT_ID_PATTERN.test(id)) {
    reader.error(get('id')!.value, 'invalid-value', `id "${id}" must start with a letter or digit and hold only letters, digits, ".", "_" and "-".`);
  } else if (id !== undefined) prompt.id = id;
  assign(prompt, 'name', optionalString(reader, get('name')));
  assign(prompt, 'description', optionalString(reader, get('description')));
  const version = optionalString(reader, get('version'));
  if (version !== undefined && !SEMVER_PATTERN.test(version)) {
    reader.error(get('version')!.value, 'invalid-version', `version "${version}" is not a semantic version; write it as MAJOR.MINOR.PATCH, e.g. 1.2.0.`);
  } else assign(prompt, 'version', version);
  const model = optionalString(reader, get('model'));
  if (model !== undefined && !parseModelId(model)) {
    const example = 'e.g. openai/gpt-4o-mini or anthropic/claude-haiku-4-5';
    reader.error(get('model')!.value, 'invalid-model', `model "${model}" is not a provider/model id; write it as provider/model, ${example}.`);
  } else assign(prompt, 'model', model);

  const params = get('modelParameters');
  if (params) assign(prompt, 'modelParameters', readModelParameters(reader, params.value));
  assign(prompt, 'responseFormat', readResponseFormat(reader, get('responseFormat'), get('jsonSchema')));

  const messages = get('messages');
  if (!messages) reader.error(map, 'missing-key', 'The prompt file has no `messages:`; add a list with at least one `- role: user` and its `content:`.');
  else prompt.messages = readMessages(reader, messages.value);

  const inputs = get('inputs');
  if (inputs) assign(prompt, 'inputs', readInputs(reader, inputs.value));
  const tools = get('tools');
  if (tools) assign(prompt, 'tools', readTools(reader, tools.value));
  const testData = get('testData');
  if (testData) assign(prompt, 'testData', readTestData(reader, testData.value));
  const evaluators = get('evaluators');
  if (evaluators) assign(prompt, 'evaluators', readEvaluators(reader, evaluators.value));
  const datasets = get('datasets');
  if (datasets) assign(prompt, 'datasets', readDatasets(reader, datasets.value));
  return reader.hasErrors ? undefined : prompt;
}

/** Sets an optional property only when there is a value, so absent keys stay absent. */
export function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function optionalString(reader: YamlReader, entry: MapEntry | undefined): string | undefined {
  return entry ? reader.string(entry.value, entry.key) : undefined;
}

function readModelParameters(reader: YamlReader, node: Node | undefined): ModelParameters | undefined {
  const map = reader.map(node, 'modelParameters');
  if (!map) return undefined;
  const entries = reader.entries(map);
  reader.warnUnknownKeys(entries, MODEL_PARAMETER_KEYS, 'modelParameters');
  const out: ModelParameters = {};
  for (const { key, value } of entries) {
    const path = `modelParameters.${key}`;
    if (key === 'maxTokens') assign(out, key, reader.number(value, path, { integer: true, min: 1 }));
    else if (key === 'temperature') assign(out, key, reader.number(value, path, { min: 0, max: 2 }));
    else if (key === 'topP') assign(out, key, reader.number(value, path, { min: 0, max: 1 }));
    else if (key === 'seed') assign(out, key, reader.number(value, path, { integer: true }));
    else if (key === 'frequencyPenalty' || key === 'presencePenalty') assign(out, key, reader.number(value, path, { min: -2, max: 2 }));
    else if (key === 'stop') assign(out, key, readStop(reader, value));
  }
  return out;
}

function readStop(reader: YamlReader, node: Node | undefined): string[] | undefined {
  const n = reader.resolve(node);
  if (isScalar(n) && typeof n.value === 'string') return [n.value];
  const seq = reader.seq(n, 'modelParameters.stop');
  if (!seq) return undefined;
  const out = seq.items.map((item, i) => reader.string(item, `modelParameters.stop item ${i + 1}`));
  return out.every((s): s is string => s !== undefined) ? out : undefined;
}

function readResponseFormat(reader: YamlReader, format: MapEntry | undefined, schema: MapEntry | undefined): ResponseFormat | undefined {
  const type = format ? reader.string(format.value, 'responseFormat') : undefined;
  if (type !== undefined && !RESPONSE_FORMATS.includes(type)) {
    reader.error(format!.value, 'invalid-value', `responseFormat must be one of ${RESPONSE_FORMATS.join(', ')}; got "${type}".`);
    return undefined;
  }
  if (type === 'json_schema' && !schema) {
    reader.error(format!.value, 'missing-key', 'responseFormat json_schema needs a `jsonSchema:` with a name and a schema.');
    return undefined;
  }
  if (schema && type !== 'json_schema') {
    reader.warning(schema.keyNode, 'unused-key', 'jsonSchema is only used with `responseFormat: json_schema`; add that line or remove jsonSchema.');
  }
  if (type === 'json_schema' && schema) return readJsonSchema(reader, schema.value);
  if (type === 'json_schema' || type === undefined) return undefined;
  return { type: type as 'text' | 'json_object' };
}

/** gh writes `jsonSchema` as a JSON string holding {name, schema}; a YAML map is accepted too. */
function readJsonSchema(reader: YamlReader, node: Node | undefined): ResponseFormat | undefined {
  const n = reader.resolve(node);
  let value: unknown;
  if (isScalar(n) && typeof n.value === 'string') {
    try {
      value = JSON.parse(n.value);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      reader.error(n, 'invalid-json-schema', `jsonSchema is not valid JSON (${reason}); write {"name": "...", "schema": {...}}.`);
      return undefined;
    }
  } else if (isMap(n)) {
    reader.warnUnknownKeys(reader.entries(n), JSON_SCHEMA_KEYS, 'jsonSchema');
    value = reader.js(n);
  } else {
    reader.error(n ?? node, 'invalid-type', 'jsonSchema must be a JSON string or a map holding `name` and `schema`.');
    return undefined;
  }
  if (!isJsonSchemaObject(value)) {
    reader.error(n, 'invalid-json-schema', 'jsonSchema must hold an object with `name` and `schema`.');
    return undefined;
  }
  const at = (key: string): unknown => (isMap(n) ? (n.get(key, true) ?? n) : n);
  if (isScalar(n)) {
    for (const key of Object.keys(value).filter((k) => !JSON_SCHEMA_KEYS.includes(k))) {
      reader.warning(n, 'unknown-key', `Unknown key "${key}" in jsonSchema; it is ignored. Known keys: ${JSON_SCHEMA_KEYS.join(', ')}.`);
    }
  }
  const { name, schema, strict } = value;
  let ok = true;
  if (typeof name !== 'string' || !SCHEMA_NAME_PATTERN.test(name)) {
    reader.error(at('name'), 'invalid-json-schema', 'jsonSchema.name must be 1 to 64 letters, digits, "_" or "-", e.g. "invoice".');
    ok = false;
  }
  if (!isJsonSchemaObject(schema)) {
    reader.error(at('schema'), 'invalid-json-schema', 'jsonSchema.schema must be a JSON Schema object, e.g. {"type": "object", "properties": {...}}.');
    ok = false;
  } else {
    const problem = jsonSchemaProblem(schema);
    if (problem) {
      reader.error(at('schema'), 'invalid-json-schema', `jsonSchema.schema: ${problem}.`);
      ok = false;
    }
  }
  if (strict !== undefined && typeof strict !== 'boolean') {
    reader.error(at('strict'), 'invalid-type', 'jsonSchema.strict must be true or false.');
    ok = false;
  }
  if (!ok) return undefined;
  const format: ResponseFormat = { type: 'json_schema', name: name as string, schema: schema as Record<string, unknown> };
  if (typeof strict === 'boolean') format.strict = strict;
  return format;
}

function readMessages(reader: YamlReader, node: Node | undefined): PromptMessage[] {
  const seq = reader.seq(node, 'messages');
  if (!seq) return [];
  if (seq.items.length === 0) reader.error(seq, 'empty-messages', 'messages is empty; add at least one `- role: user` with its `content:`.');
  const out: PromptMessage[] = [];
  seq.items.forEach((item, i) => {
    const where = `messages item ${i + 1}`;
    const map = reader.map(item, where);
    if (!map) return;
    const entries = reader.entries(map);
    reader.warnUnknownKeys(entries, ['role', 'content'], where);
    const roleEntry = entries.find((e) => e.key === 'role');
    const contentEntry = entries.find((e) => e.key === 'content');
    if (!roleEntry) reader.error(map, 'missing-key', `${where} has no role; add \`role: system\`, \`user\` or \`assistant\`.`);
    if (!contentEntry) reader.error(map, 'missing-key', `${where} has no content; add \`content:\` with the message text.`);
    const role = roleEntry ? reader.string(roleEntry.value, `${where} role`) : undefined;
    if (role !== undefined && !PROMPT_ROLES.includes(role as PromptRole)) {
      reader.error(roleEntry!.value, 'invalid-value', `role must be one of ${PROMPT_ROLES.join(', ')}; got "${role}".`);
    }
    const content = contentEntry ? reader.string(contentEntry.value, `${where} content`) : undefined;
    if (role === undefined || content === undefined || !PROMPT_ROLES.includes(role as PromptRole)) return;
    const scalar = reader.resolve(contentEntry!.value)!;
    const style = (isScalar(scalar) && scalar.type ? scalar.type : 'PLAIN') as ScalarStyle;
    const message: PromptMessage = {
      role: role as PromptRole,
      content,
      location: reader.location(scalar),
      source: { kind: 'yaml-scalar', style, raw: reader.raw(scalar), ...reader.position(scalar.range?.[0] ?? 0) },
    };
    for (const problem of planTemplate(content).problems) {
      reader.diagnostics.push({
        severity: 'error',
        code: problem.code,
        message: problem.message,
        location: locateInTemplate(content, problem.start, problem.end, message.source, reader.file),
      });
    }
    out.push(message);
  });
  return out;
}

// `inputs` (the variables a prompt takes) and `tools` (functions the model may call): Promptyard's keys.
import { isMap, type Node } from 'yaml';
import type { JsonSchema, ToolDefinition } from '../../shared/types';
import { INPUT_TYPES, SCHEMA_NAME_PATTERN, isJsonSchemaObject, type InputSpec, type InputType } from './promptFile';
import { jsonSchemaProblem } from './schemaCheck';
import type { YamlReader } from './yamlReader';

const INPUT_KEYS = ['type', 'description', 'default', 'required', 'trusted'];
export const INPUT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const TOOL_KEYS = ['type', 'function'];
const FUNCTION_KEYS = ['name', 'description', 'parameters'];

export function readInputs(reader: YamlReader, node: Node | undefined): Record<string, InputSpec> | undefined {
  const map = reader.map(node, 'inputs');
  if (!map) return undefined;
  const out: Record<string, InputSpec> = {};
  for (const { key, keyNode, value } of reader.entries(map)) {
    if (!INPUT_NAME_PATTERN.test(key)) {
      reader.error(keyNode, 'invalid-value', `Input name "${key}" must start with a letter or "_" and hold only letters, digits, "_" and "-".`);
      continue;
    }
    const where = `inputs.${key}`;
    const spec = reader.map(value, where);
    if (!spec) continue;
    const entries = reader.entries(spec);
    reader.warnUnknownKeys(entries, INPUT_KEYS, where);
    const input: InputSpec = { location: reader.location(keyNode) };
    for (const entry of entries) {
      if (entry.key === 'type') {
        const type = reader.string(entry.value, `${where}.type`);
        if (type !== undefined && !INPUT_TYPES.includes(type as InputType)) {
          reader.error(entry.value, 'invalid-value', `${where}.type must be one of ${INPUT_TYPES.join(', ')}; got "${type}".`);
        } else if (type !== undefined) input.type = type as InputType;
      } else if (entry.key === 'description') {
        const description = reader.string(entry.value, `${where}.description`);
        if (description !== undefined) input.description = description;
      } else if (entry.key === 'required') {
        const required = reader.boolean(entry.value, `${where}.required`);
        if (required !== undefined) input.required = required;
      } else if (entry.key === 'trusted') {
        const trusted = reader.boolean(entry.value, `${where}.trusted`);
        if (trusted !== undefined) input.trusted = trusted;
      } else if (entry.key === 'default') {
        const value = reader.js(entry.value);
        if (value !== undefined) input.default = value;
      }
    }
    const actual = typeOfValue(input.default);
    if (input.default !== undefined && input.default !== null && input.type && actual !== input.type) {
      const at = entries.find((e) => e.key === 'default')?.value;
      reader.warning(at, 'default-type-mismatch', `${where}.default is ${article(actual)} but type is ${input.type}; change one of them.`);
    }
    out[key] = input;
  }
  return out;
}

function typeOfValue(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Accepts OpenAI's `{type: function, function: {...}}` and the short `{name, description, parameters}`. */
export function readTools(reader: YamlReader, node: Node | undefined): ToolDefinition[] | undefined {
  const seq = reader.seq(node, 'tools');
  if (!seq) return undefined;
  const out: ToolDefinition[] = [];
  const seen = new Set<string>();
  seq.items.forEach((item, i) => {
    const where = `tools item ${i + 1}`;
    const map = reader.map(item, where);
    if (!map) return;
    let entries = reader.entries(map);
    let target = map;
    if (entries.some((e) => e.key === 'type' || e.key === 'function')) {
      reader.warnUnknownKeys(entries, TOOL_KEYS, where);
      const type = entries.find((e) => e.key === 'type');
      const kind = type ? reader.string(type.value, `${where}.type`) : undefined;
      if (!type) reader.error(map, 'missing-key', `${where} has \`function:\` but no \`type: function\`; add it.`);
      else if (kind !== undefined && kind !== 'function') {
        reader.error(type.value, 'invalid-value', `${where}.type must be "function"; got "${kind}".`);
      }
      const fn = entries.find((e) => e.key === 'function');
      if (!fn) {
        reader.error(map, 'missing-key', `${where} has no \`function:\` with its name, description and parameters.`);
        return;
      }
      const inner = reader.map(fn.value, `${where}.function`);
      if (!inner) return;
      target = inner;
      entries = reader.entries(inner);
    }
    reader.warnUnknownKeys(entries, FUNCTION_KEYS, where);
    const nameEntry = entries.find((e) => e.key === 'name');
    if (!nameEntry) {
      reader.error(target, 'missing-key', `${where} has no name; add \`name:\` (letters, digits, "_" or "-").`);
      return;
    }
    const name = reader.string(nameEntry.value, `${where}.name`);
    if (name === undefined) return;
    if (!SCHEMA_NAME_PATTERN.test(name)) {
      reader.error(nameEntry.value, 'invalid-value', `Tool name "${name}" must be 1 to 64 letters, digits, "_" or "-".`);
      return;
    }
    if (seen.has(name)) reader.error(nameEntry.value, 'duplicate-tool', `Tool "${name}" is defined twice; rename or remove one.`);
    seen.add(name);
    const tool: ToolDefinition = { name, parameters: { type: 'object', properties: {} } };
    const description = entries.find((e) => e.key === 'description');
    if (description) {
      const text = reader.string(description.value, `${where}.description`);
      if (text !== undefined) tool.description = text;
    }
    const parameters = entries.find((e) => e.key === 'parameters');
    if (parameters) {
      const schema = readSchema(reader, parameters.value, `${where}.parameters`);
      if (schema) tool.parameters = schema;
    }
    out.push(tool);
  });
  return out;
}

function readSchema(reader: YamlReader, node: Node | undefined, where: string): JsonSchema | undefined {
  const n = reader.resolve(node);
  if (!isMap(n)) {
    reader.map(n ?? node, where);
    return undefined;
  }
  const value = reader.js(n);
  if (!isJsonSchemaObject(value)) return undefined;
  const problem = jsonSchemaProblem(value);
  if (problem) {
    reader.error(n, 'invalid-json-schema', `${where}: ${problem}.`);
    return undefined;
  }
  return value;
}

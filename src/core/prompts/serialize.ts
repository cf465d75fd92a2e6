// Writes a PromptFile as YAML that `gh models` runs: the GitHub Models keys first, `jsonSchema` as a JSON
// string holding {name, schema, strict}, Promptyard's own keys (which gh ignores) after them.
import { stringify } from 'yaml';
import type { ResponseFormat } from '../../shared/types';
import { idFromFileName, type Evaluator, type InputSpec, type PromptFile, type TestDataRow } from './promptFile';

export function serializePromptFile(prompt: PromptFile): string {
  const out: Record<string, unknown> = {};
  if (prompt.id !== idFromFileName(prompt.file)) out.id = prompt.id;
  put(out, 'name', prompt.name);
  put(out, 'description', prompt.description);
  put(out, 'version', prompt.version);
  put(out, 'model', prompt.model);
  if (prompt.modelParameters) out.modelParameters = { ...prompt.modelParameters };
  if (prompt.responseFormat) Object.assign(out, responseFormat(prompt.responseFormat));
  if (prompt.inputs) out.inputs = mapValues(prompt.inputs, input);
  if (prompt.tools) {
    out.tools = prompt.tools.map((t) => ({
      type: 'function',
      function: { name: t.name, ...(t.description !== undefined ? { description: t.description } : {}), parameters: t.parameters },
    }));
  }
  out.messages = prompt.messages.map((m) => ({ role: m.role, content: m.content }));
  if (prompt.datasets) out.datasets = prompt.datasets.map((d) => d.path);
  if (prompt.testData) out.testData = prompt.testData.map(row);
  if (prompt.evaluators) out.evaluators = prompt.evaluators.map(evaluator);
  return stringify(out, { lineWidth: 0, aliasDuplicateObjects: false });
}

function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

function responseFormat(format: ResponseFormat): Record<string, unknown> {
  if (format.type !== 'json_schema') return { responseFormat: format.type };
  const schema: Record<string, unknown> = { name: format.name, schema: format.schema };
  if (format.strict !== undefined) schema.strict = format.strict;
  return { responseFormat: 'json_schema', jsonSchema: JSON.stringify(schema, null, 2) };
}

function input(spec: InputSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  put(out, 'type', spec.type);
  put(out, 'description', spec.description);
  put(out, 'default', spec.default);
  put(out, 'required', spec.required);
  put(out, 'trusted', spec.trusted);
  return out;
}

function row(r: TestDataRow): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r.vars };
  put(out, 'expected', r.expected);
  if (r.assert) out.assert = r.assert.map((a) => ({ ...a }));
  return out;
}

function evaluator(e: Evaluator): Record<string, unknown> {
  if ('uses' in e) return { name: e.name, uses: e.uses };
  if ('string' in e) return { name: e.name, string: { ...e.string } };
  return { name: e.name, llm: { ...e.llm, choices: e.llm.choices.map((c) => ({ ...c })) } };
}

function mapValues<T, U>(record: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [key, value] of Object.entries(record)) out[key] = fn(value);
  return out;
}

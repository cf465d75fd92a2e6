// The playground's draft (src/shared/protocol.ts) to and from the prompt-file model of core, so a run, a
// save and a bound panel all go through core's render, serializer and parser. No `vscode` here.
import { PromptyardError } from '../../core/errors';
import { idFromFileName, isJsonSchemaObject, PROMPT_ID_PATTERN, SCHEMA_NAME_PATTERN, type PromptFile } from '../../core/prompts/promptFile';
import type { DraftMessage, PlaygroundDraft } from '../../shared/protocol';
import type { ModelParameters, ResponseFormat } from '../../shared/types';

export function defaultDraft(modelIds: string[] = []): PlaygroundDraft {
  return {
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'Explain {{topic}} in two sentences.' },
    ],
    variables: { topic: 'prompt caching' },
    modelIds,
    parameters: {},
  };
}

export interface PromptFromDraftOptions {
  /** The file the prompt is (or will be) saved as; names partials' folder and render errors. */
  file: string;
  /** Which messages: the draft's own (a) or its variant (b). */
  variant?: 'a' | 'b';
}

/** A PromptFile of the draft; throws PromptyardError when the JSON schema text is unusable. */
export function promptFromDraft(draft: PlaygroundDraft, options: PromptFromDraftOptions): PromptFile {
  const messages = options.variant === 'b' ? (draft.variant ?? draft.messages) : draft.messages;
  const prompt: PromptFile = {
    id: promptId(options.file),
    file: options.file,
    messages: messages.map((m) => ({ role: m.role, content: m.content })),
  };
  if (draft.name?.trim()) prompt.name = draft.name.trim();
  if (draft.modelIds[0]) prompt.model = draft.modelIds[0];
  const parameters = cleanParameters(draft.parameters);
  if (parameters) prompt.modelParameters = parameters;
  const format = responseFormatOf(draft.responseFormat);
  if (format) prompt.responseFormat = format;
  if (draft.tools?.length) prompt.tools = draft.tools.map((t) => ({ ...t }));
  return prompt;
}

/** The draft a prompt file opens as: its messages, model, parameters, format and tools; variables from its defaults. */
export function draftFromPrompt(prompt: PromptFile): PlaygroundDraft {
  const draft: PlaygroundDraft = {
    messages: prompt.messages.map((m): DraftMessage => ({ role: m.role, content: m.content })),
    variables: initialVariables(prompt),
    modelIds: prompt.model ? [prompt.model] : [],
    parameters: { ...prompt.modelParameters },
  };
  if (prompt.name) draft.name = prompt.name;
  const format = prompt.responseFormat;
  if (format?.type === 'json_schema') {
    const schema: Record<string, unknown> = { name: format.name, schema: format.schema };
    if (format.strict !== undefined) schema.strict = format.strict;
    draft.responseFormat = { type: 'json_schema', jsonSchema: JSON.stringify(schema, null, 2) };
  } else if (format) draft.responseFormat = { type: format.type };
  if (prompt.tools?.length) draft.tools = prompt.tools.map((t) => ({ ...t }));
  return draft;
}

/** Values to start with: the first test row's, else the inputs' defaults; as text, since the playground edits text. */
function initialVariables(prompt: PromptFile): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(prompt.inputs ?? {})) if (spec.default !== undefined) out[name] = asText(spec.default);
  for (const [name, value] of Object.entries(prompt.testData?.[0]?.vars ?? {})) out[name] = asText(value);
  return out;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

/** Parameters without empty values (an empty stop list means none). */
export function cleanParameters(parameters: ModelParameters | undefined): ModelParameters | undefined {
  if (!parameters) return undefined;
  const out: ModelParameters = {};
  for (const [key, value] of Object.entries(parameters) as [keyof ModelParameters, unknown][]) {
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    (out as Record<string, unknown>)[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The draft's format as core's ResponseFormat; `jsonSchema` holds `{name, schema, strict}` (a bare schema is accepted too). */
export function responseFormatOf(format: PlaygroundDraft['responseFormat']): ResponseFormat | undefined {
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  const fail = (why: string) =>
    new PromptyardError('invalid-json-schema', `The JSON schema ${why}.`, { hint: 'Write {"name": "answer", "schema": {"type": "object", …}} in the JSON schema box.' });
  let value: unknown;
  try {
    value = JSON.parse(format.jsonSchema ?? '');
  } catch (error) {
    throw fail(`is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isJsonSchemaObject(value)) throw fail('must be a JSON object');
  const wrapped = isJsonSchemaObject(value.schema) ? value : { name: 'response', schema: value };
  const name = typeof wrapped.name === 'string' ? wrapped.name : 'response';
  if (!SCHEMA_NAME_PATTERN.test(name)) throw fail('name must be 1 to 64 letters, digits, "_" or "-"');
  const out: ResponseFormat = { type: 'json_schema', name, schema: wrapped.schema as Record<string, unknown> };
  if (typeof wrapped.strict === 'boolean') out.strict = wrapped.strict;
  return out;
}

function promptId(file: string): string {
  const id = idFromFileName(file);
  return PROMPT_ID_PATTERN.test(id) ? id : 'playground';
}

/** A file-name-safe stem for a draft's name: "Summarize notes!" → "summarize-notes". */
export function slugOf(name: string | undefined, fallback = 'playground'): string {
  const slug = (name ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || fallback;
}

/**
 * A bound panel's draft read from its file, plus what only the playground holds: the variant, the models
 * compared beside the file's one, and the JSON schema as typed when it means the same. Variables are left
 * empty so the webview keeps the values typed there.
 */
export function withPlaygroundState(fromFile: PlaygroundDraft, playground: PlaygroundDraft | undefined): PlaygroundDraft {
  const out: PlaygroundDraft = { ...fromFile, variables: {} };
  if (!playground) return out;
  if (playground.variant) out.variant = playground.variant;
  const [first, ...others] = playground.modelIds;
  if (others.length > 0 && (fromFile.modelIds[0] ?? first) === first) out.modelIds = [first!, ...others];
  const typed = playground.responseFormat;
  if (typed?.type === 'json_schema' && fromFile.responseFormat?.type === 'json_schema' && sameSchema(typed.jsonSchema, fromFile.responseFormat.jsonSchema)) {
    out.responseFormat = typed;
  }
  return out;
}

function sameSchema(a: string | undefined, b: string | undefined): boolean {
  try {
    return JSON.stringify(responseFormatOf({ type: 'json_schema', jsonSchema: a })) === JSON.stringify(responseFormatOf({ type: 'json_schema', jsonSchema: b }));
  } catch {
    return false;
  }
}

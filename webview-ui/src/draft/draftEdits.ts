// Pure edits of the draft (the playground's model, src/shared/protocol.ts) and the checks that decide
// whether it can run. Every function returns a new draft; none mutates.
import { MAX_COMPARE_MODELS, type DraftMessage, type DraftRole, type ModelOption, type PlaygroundDraft } from '../../../src/shared/protocol';
import type { ToolDefinition } from '../../../src/shared/types';
import { findDraftVariables } from './variables';

export type ListId = 'a' | 'b';

export function listOf(draft: PlaygroundDraft, list: ListId): DraftMessage[] {
  return list === 'a' ? draft.messages : (draft.variant ?? []);
}

function withList(draft: PlaygroundDraft, list: ListId, messages: DraftMessage[]): PlaygroundDraft {
  return list === 'a' ? { ...draft, messages } : { ...draft, variant: messages };
}

export function setMessage(draft: PlaygroundDraft, list: ListId, index: number, patch: Partial<DraftMessage>): PlaygroundDraft {
  return withList(draft, list, listOf(draft, list).map((m, i) => (i === index ? { ...m, ...patch } : m)));
}

export function addMessage(draft: PlaygroundDraft, list: ListId): PlaygroundDraft {
  const messages = listOf(draft, list);
  const last = messages[messages.length - 1]?.role;
  const role: DraftRole = last === 'user' ? 'assistant' : 'user';
  return withList(draft, list, [...messages, { role, content: '' }]);
}

export function removeMessage(draft: PlaygroundDraft, list: ListId, index: number): PlaygroundDraft {
  return withList(draft, list, listOf(draft, list).filter((_, i) => i !== index));
}

export function moveMessage(draft: PlaygroundDraft, list: ListId, index: number, by: -1 | 1): PlaygroundDraft {
  const messages = [...listOf(draft, list)];
  const to = index + by;
  if (to < 0 || to >= messages.length) return draft;
  [messages[index], messages[to]] = [messages[to]!, messages[index]!];
  return withList(draft, list, messages);
}

/** Turns the A/B variant on (a copy of the messages to start from) or off. */
export function setVariantCompare(draft: PlaygroundDraft, on: boolean): PlaygroundDraft {
  if (on) return { ...draft, variant: draft.variant ?? draft.messages.map((m) => ({ ...m })) };
  const { variant: _variant, ...rest } = draft;
  return rest;
}

export interface VariableRow {
  name: string;
  value: string;
  /** No message uses it now; its value is kept until removed. */
  unused: boolean;
}

/** One row per variable the messages use, then the ones that still hold a value. */
export function variableRows(draft: PlaygroundDraft): VariableRow[] {
  const used = findDraftVariables(draft.messages, draft.variant);
  const rows: VariableRow[] = used.map((name) => ({ name, value: draft.variables[name] ?? '', unused: false }));
  for (const [name, value] of Object.entries(draft.variables)) {
    if (!used.includes(name)) rows.push({ name, value, unused: true });
  }
  return rows;
}

export function setVariable(draft: PlaygroundDraft, name: string, value: string): PlaygroundDraft {
  return { ...draft, variables: { ...draft.variables, [name]: value } };
}

export function removeVariable(draft: PlaygroundDraft, name: string): PlaygroundDraft {
  const variables = { ...draft.variables };
  delete variables[name];
  return { ...draft, variables };
}

/** Picks a model: alone, or added to (removed from) the compared set of at most four. */
export function toggleModel(draft: PlaygroundDraft, id: string, compare: boolean): PlaygroundDraft {
  if (!compare) return { ...draft, modelIds: [id] };
  if (draft.modelIds.includes(id)) return { ...draft, modelIds: draft.modelIds.filter((m) => m !== id) };
  if (draft.modelIds.length >= MAX_COMPARE_MODELS) return draft;
  return { ...draft, modelIds: [...draft.modelIds, id] };
}

export function upsertTool(draft: PlaygroundDraft, tool: ToolDefinition, replacing?: string): PlaygroundDraft {
  const list = draft.tools ?? [];
  const key = replacing ?? tool.name;
  const at = list.findIndex((t) => t.name === key);
  const tools = list.filter((t) => t.name !== key && t.name !== tool.name);
  tools.splice(at < 0 ? tools.length : Math.min(at, tools.length), 0, tool);
  return { ...draft, tools };
}

export function removeTool(draft: PlaygroundDraft, name: string): PlaygroundDraft {
  const tools = (draft.tools ?? []).filter((t) => t.name !== name);
  if (tools.length > 0) return { ...draft, tools };
  const { tools: _tools, ...rest } = draft;
  return rest;
}

/** A reason the JSON schema text cannot be used, or undefined when it is a JSON object. */
export function jsonSchemaProblem(text: string | undefined): string | undefined {
  if (!text?.trim()) return 'Paste a JSON schema: {"name": "answer", "schema": {"type": "object", …}}.';
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The schema must be a JSON object.';
    return undefined;
  } catch (error) {
    return `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Why the draft cannot run now (shown beside Run), or an empty list. */
export function runProblems(draft: PlaygroundDraft, models: ModelOption[]): string[] {
  const problems: string[] = [];
  if (draft.modelIds.length === 0) problems.push('Pick a model first.');
  for (const id of draft.modelIds) {
    const model = models.find((m) => m.id === id);
    if (model?.unavailable) problems.push(`${id} can't run: ${model.unavailable}`);
  }
  const lists = draft.variant ? [draft.messages, draft.variant] : [draft.messages];
  if (lists.some((list) => !list.some((m) => m.content.trim()))) problems.push('Write a message first.');
  if (draft.responseFormat?.type === 'json_schema') {
    const problem = jsonSchemaProblem(draft.responseFormat.jsonSchema);
    if (problem) problems.push(`JSON schema: ${problem}`);
  }
  return problems;
}

/** The draft as sent to the host: variables limited to the ones the messages use. */
export function draftForRun(draft: PlaygroundDraft): PlaygroundDraft {
  const used = new Set(findDraftVariables(draft.messages, draft.variant));
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(draft.variables)) if (used.has(name)) variables[name] = value;
  return { ...draft, variables };
}

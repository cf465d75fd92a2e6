// A bound panel's edit applied to its prompt file's text: only the keys the playground edits change (name,
// model, modelParameters, responseFormat/jsonSchema, tools, messages), in place, so comments, key order,
// test data and evaluators survive. The result is parsed back with core's parser before it is used.
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Document, type YAMLMap } from 'yaml';
import { parsePromptFile } from '../../core/prompts/parse';
import type { PlaygroundDraft } from '../../shared/protocol';
import type { ResponseFormat, ToolDefinition } from '../../shared/types';
import { cleanParameters, responseFormatOf } from './draft';

export type ApplyResult = { ok: true; text: string } | { ok: false; error: string };

const TO_STRING = { lineWidth: 0 } as const;

export function applyDraftToText(text: string, draft: PlaygroundDraft, file: string): ApplyResult {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return { ok: false, error: `${yamlProblem(text, file)} Fix it in the editor first; the playground keeps your edit until then.` };
  if (!isMap(doc.contents)) return { ok: false, error: 'The prompt file is not a YAML mapping; fix it in the editor first.' };
  let format: ResponseFormat | undefined;
  try {
    format = responseFormatOf(draft.responseFormat);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  setOrDelete(doc, 'name', draft.name?.trim() || undefined);
  setOrDelete(doc, 'model', draft.modelIds[0]);
  applyParameters(doc, cleanParameters(draft.parameters) as Record<string, unknown> | undefined);
  if (!format) {
    if (doc.get('responseFormat') !== 'text') doc.delete('responseFormat');
    doc.delete('jsonSchema');
  } else if (format.type === 'json_object') {
    doc.set('responseFormat', 'json_object');
    doc.delete('jsonSchema');
  } else if (format.type === 'json_schema') {
    doc.set('responseFormat', 'json_schema');
    const wanted: Record<string, unknown> = { name: format.name, schema: format.schema };
    if (format.strict !== undefined) wanted.strict = format.strict;
    if (!sameJson(currentJsonSchema(doc), wanted)) doc.set('jsonSchema', JSON.stringify(wanted, null, 2));
  }
  applyTools(doc, draft.tools);
  applyMessages(doc, draft);
  const out = doc.toString(TO_STRING);
  const check = parsePromptFile(out, file);
  if (!check.prompt) {
    const first = check.diagnostics.find((d) => d.severity === 'error');
    return { ok: false, error: `The edit would make the file invalid: ${first?.message ?? 'unknown error'}` };
  }
  return { ok: true, text: out };
}

/** Adds a dataset to the file's `datasets:` list (creating it), keeping the rest of the text; undefined when it is listed already or the YAML is broken. */
export function addDatasetToText(text: string, dataset: string): string | undefined {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const node = doc.get('datasets', true);
  if (isSeq(node)) {
    if (node.items.some((item) => isScalar(item) && item.value === dataset)) return undefined;
    node.items.push(doc.createNode(dataset));
  } else if (node === undefined) {
    doc.set('datasets', doc.createNode([dataset]));
  } else return undefined;
  return doc.toString(TO_STRING);
}

function setOrDelete(doc: Document, key: string, value: string | undefined): void {
  if (value === undefined) doc.delete(key);
  else if (doc.get(key) !== value) doc.set(key, value);
}

function applyParameters(doc: Document, wanted: Record<string, unknown> | undefined): void {
  if (!wanted) return void doc.delete('modelParameters');
  const node = doc.get('modelParameters', true);
  if (!isMap(node)) return void doc.set('modelParameters', doc.createNode(wanted, { flow: false }));
  for (const pair of [...node.items]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!(key in wanted)) node.delete(key);
  }
  for (const [key, value] of Object.entries(wanted)) {
    if (!sameJson(toJs(node.get(key, true)), value)) node.set(key, doc.createNode(value));
  }
}

function applyTools(doc: Document, tools: ToolDefinition[] | undefined): void {
  if (!tools?.length) return void doc.delete('tools');
  const wanted = tools.map((t) => ({
    type: 'function',
    function: { name: t.name, ...(t.description !== undefined ? { description: t.description } : {}), parameters: t.parameters },
  }));
  if (!sameJson(toJs(doc.get('tools', true)), wanted)) doc.set('tools', doc.createNode(wanted));
}

function applyMessages(doc: Document, draft: PlaygroundDraft): void {
  const seq = doc.get('messages', true);
  if (!isSeq(seq)) return void doc.set('messages', doc.createNode(draft.messages.map((m) => messageNode(m.role, m.content))));
  draft.messages.forEach((message, i) => {
    const item = seq.items[i];
    if (!isMap(item)) {
      const node = doc.createNode(messageNode(message.role, message.content));
      if (i < seq.items.length) seq.items[i] = node;
      else seq.items.push(node);
      return;
    }
    if (item.get('role') !== message.role) item.set('role', message.role);
    setContent(doc, item, message.content);
  });
  seq.items.splice(draft.messages.length);
}

function setContent(doc: Document, item: YAMLMap, content: string): void {
  const node = item.get('content', true);
  if (isScalar(node)) {
    if (node.value === content) return;
    node.value = content;
    if (content.includes('\n') && node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.BLOCK_FOLDED) node.type = Scalar.BLOCK_LITERAL;
    return;
  }
  item.set('content', doc.createNode(messageNode('user', content)).get('content', true));
}

function messageNode(role: string, content: string): { role: string; content: Scalar } {
  const scalar = new Scalar(content);
  if (content.includes('\n')) scalar.type = Scalar.BLOCK_LITERAL;
  return { role, content: scalar };
}

function currentJsonSchema(doc: Document): unknown {
  const raw = doc.get('jsonSchema');
  if (typeof raw !== 'string') return toJs(doc.get('jsonSchema', true));
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function toJs(node: unknown): unknown {
  if (node && typeof node === 'object' && 'toJSON' in node && typeof (node as { toJSON: unknown }).toJSON === 'function') return (node as { toJSON(): unknown }).toJSON();
  return node;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The parser's own words for a YAML error, with its line. */
function yamlProblem(text: string, file: string): string {
  const first = parsePromptFile(text, file).diagnostics.find((d) => d.severity === 'error');
  return first ? `Line ${first.location?.line ?? 1} of the prompt file: ${first.message}` : 'The prompt file has a YAML error.';
}

/** The smallest single replacement that turns `before` into `after`, so the editor keeps its cursor and undo steps. */
export function minimalEdit(before: string, after: string): { start: number; end: number; text: string } | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  // Never split a surrogate pair or a CRLF.
  while (start > 0 && (isLowSurrogate(before.charCodeAt(start)) || (before[start] === '\n' && before[start - 1] === '\r'))) start--;
  while (endBefore < before.length && (isLowSurrogate(before.charCodeAt(endBefore)) || (before[endBefore] === '\n' && before[endBefore - 1] === '\r'))) {
    endBefore++;
    endAfter++;
  }
  return { start, end: endBefore, text: after.slice(start, endAfter) };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

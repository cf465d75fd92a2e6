// A tolerant outline of a prompt file for the editor: where its model ids, parameters, messages, inputs, test
// rows and assertions sit, as offsets into the text. Read from the YAML document as far as it makes sense,
// so one wrong part (reported by the validator) does not hide the rest; values of the wrong shape are skipped.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import type { AssertionSpec } from '../evals/types';
import type { ContentSource, ScalarStyle } from './promptFile';
import type { TextIndex } from './textIndex';

/** [start, end) offsets into the text. */
export interface Span {
  start: number;
  end: number;
}

/** A string scalar: its value and its node's span (quotes included). */
export interface ScalarRef extends Span {
  value: string;
  style: ScalarStyle;
}

export interface OutlineModel extends ScalarRef {
  /** `model:`, an LLM evaluator's `modelId:`, or an assertion's grader `provider:`. */
  place: 'model' | 'evaluator' | 'assertion';
}

export interface OutlineMessage {
  index: number;
  role?: string;
  content?: string;
  /** The content scalar. */
  span?: Span;
  source?: ContentSource;
}

export interface OutlineInput {
  name: string;
  key: Span;
  type?: string;
  description?: string;
  default?: unknown;
  required?: boolean;
  trusted?: boolean;
}

export interface OutlineVariable {
  name: string;
  key: Span;
  value: unknown;
}

export type AssertionPart = 'type' | 'value' | 'threshold' | 'weight' | 'provider' | 'transform';

export interface OutlineAssertion {
  /** The spec as the eval engine reads it; `assert` holds the nested specs' objects. */
  spec: AssertionSpec;
  span: Span;
  parts: Partial<Record<AssertionPart, ScalarRef | Span>>;
  nested: OutlineAssertion[];
}

export interface OutlineRow {
  index: number;
  span: Span;
  vars: OutlineVariable[];
  asserts: OutlineAssertion[];
}

export interface PromptOutline {
  models: OutlineModel[];
  /** `modelParameters:` when it is a map: its span and keys. */
  parameters?: { span: Span; keys: string[] };
  messages: OutlineMessage[];
  inputs: OutlineInput[];
  rows: OutlineRow[];
  /** Texts outside messages that may read test variables: evaluator checks and prompts, assertion values. */
  otherTemplates: string[];
  /** `datasets:` is present: rows come from files too. */
  hasDatasets: boolean;
}

const ASSERTION_STRINGS = ['metric', 'transform', 'provider', 'rubricPrompt'] as const;

export function emptyOutline(): PromptOutline {
  return { models: [], messages: [], inputs: [], rows: [], otherTemplates: [], hasDatasets: false };
}

export function outlinePrompt(doc: Document, index: TextIndex): PromptOutline {
  const outline = emptyOutline();
  const resolve = (node: unknown): Node | undefined => (isAlias(node) ? (node.resolve(doc) ?? undefined) : ((node ?? undefined) as Node | undefined));
  const span = (node: Node | undefined): Span | undefined => (node?.range ? { start: node.range[0], end: node.range[1] } : undefined);
  const scalar = (node: unknown): ScalarRef | undefined => {
    const n = resolve(node);
    if (!isScalar(n) || typeof n.value !== 'string' || !n.range) return undefined;
    return { value: n.value, start: n.range[0], end: n.range[1], style: (n.type ?? 'PLAIN') as ScalarStyle };
  };
  const entries = (node: unknown): { key: string; keyNode: Node; value: Node | undefined }[] => {
    const n = resolve(node);
    if (!isMap(n)) return [];
    const out: { key: string; keyNode: Node; value: Node | undefined }[] = [];
    for (const pair of (n as YAMLMap).items) {
      const key = resolve(pair.key);
      if (isScalar(key) && typeof key.value === 'string') out.push({ key: key.value, keyNode: key, value: resolve(pair.value) });
    }
    return out;
  };
  const items = (node: unknown): Node[] => {
    const n = resolve(node);
    return isSeq(n) ? n.items.map((i) => resolve(i)).filter((i): i is Node => i !== undefined) : [];
  };
  const js = (node: Node | undefined): unknown => {
    try {
      return node ? node.toJS(doc, { maxAliasCount: 100 }) : null;
    } catch {
      return undefined;
    }
  };

  const assertion = (node: Node): OutlineAssertion | undefined => {
    const fields = entries(node);
    const get = (key: string) => fields.find((f) => f.key === key)?.value;
    const type = scalar(get('type'));
    const at = span(node);
    if (!type || !at) return undefined;
    const spec: AssertionSpec = { type: type.value };
    const parts: OutlineAssertion['parts'] = { type };
    const value = get('value');
    if (value) {
      spec.value = js(value);
      parts.value = span(value);
      collectStrings(spec.value, outline.otherTemplates);
    }
    for (const key of ['threshold', 'weight'] as const) {
      const n = resolve(get(key));
      if (isScalar(n) && typeof n.value === 'number') spec[key] = n.value;
      if (n) parts[key] = span(n);
    }
    for (const key of ASSERTION_STRINGS) {
      const s = scalar(get(key));
      if (s) spec[key] = s.value;
      if (s && (key === 'provider' || key === 'transform')) parts[key] = s;
    }
    if (spec.rubricPrompt) outline.otherTemplates.push(spec.rubricPrompt);
    const provider = parts.provider as ScalarRef | undefined;
    if (provider) outline.models.push({ ...provider, place: 'assertion' });
    const config = js(get('config'));
    if (config && typeof config === 'object' && !Array.isArray(config)) spec.config = config as Record<string, unknown>;
    const nested = items(get('assert'))
      .map(assertion)
      .filter((a): a is OutlineAssertion => a !== undefined);
    if (get('assert')) spec.assert = nested.map((a) => a.spec);
    return { spec, span: at, parts, nested };
  };

  for (const { key, value } of entries(doc.contents)) {
    if (key === 'model') {
      const model = scalar(value);
      if (model) outline.models.push({ ...model, place: 'model' });
    } else if (key === 'modelParameters' && isMap(value)) {
      outline.parameters = { span: span(value)!, keys: entries(value).map((e) => e.key) };
    } else if (key === 'messages') {
      items(value).forEach((item, i) => outline.messages.push(message(item, i)));
    } else if (key === 'inputs') {
      for (const entry of entries(value)) outline.inputs.push(input(entry.key, entry.keyNode, entry.value));
    } else if (key === 'testData') {
      items(value).forEach((item, i) => {
        const at = span(item);
        if (!at || !isMap(item)) return;
        const row: OutlineRow = { index: i, span: at, vars: [], asserts: [] };
        for (const field of entries(item)) {
          if (field.key === 'assert') row.asserts = items(field.value).map(assertion).filter((a): a is OutlineAssertion => a !== undefined);
          else if (field.key !== 'expected') row.vars.push({ name: field.key, key: span(field.keyNode)!, value: js(field.value) });
        }
        outline.rows.push(row);
      });
    } else if (key === 'evaluators') {
      for (const item of items(value)) evaluator(item);
    } else if (key === 'datasets') {
      outline.hasDatasets = true;
    }
  }
  return outline;

  function message(node: Node, i: number): OutlineMessage {
    const fields = entries(node);
    const out: OutlineMessage = { index: i };
    const role = scalar(fields.find((f) => f.key === 'role')?.value);
    if (role) out.role = role.value;
    const content = scalar(fields.find((f) => f.key === 'content')?.value);
    if (content) {
      out.content = content.value;
      out.span = { start: content.start, end: content.end };
      out.source = { kind: 'yaml-scalar', style: content.style, raw: index.text.slice(content.start, content.end), ...index.position(content.start) };
    }
    return out;
  }

  function input(name: string, keyNode: Node, value: Node | undefined): OutlineInput {
    const out: OutlineInput = { name, key: span(keyNode)! };
    for (const field of entries(value)) {
      const n = resolve(field.value);
      const v = isScalar(n) ? n.value : undefined;
      if (field.key === 'type' && typeof v === 'string') out.type = v;
      else if (field.key === 'description' && typeof v === 'string') out.description = v;
      else if (field.key === 'required' && typeof v === 'boolean') out.required = v;
      else if (field.key === 'trusted' && typeof v === 'boolean') out.trusted = v;
      else if (field.key === 'default') out.default = js(n);
    }
    return out;
  }

  function evaluator(node: Node): void {
    for (const kind of entries(node)) {
      if (kind.key === 'string') {
        for (const check of entries(kind.value)) {
          const s = scalar(check.value);
          if (s) outline.otherTemplates.push(s.value);
        }
      } else if (kind.key === 'llm') {
        for (const field of entries(kind.value)) {
          const s = scalar(field.value);
          if (!s) continue;
          if (field.key === 'modelId') outline.models.push({ ...s, place: 'evaluator' });
          else if (field.key === 'prompt' || field.key === 'systemPrompt') outline.otherTemplates.push(s.value);
        }
      }
    }
  }
}

/** Every string inside a value (bounded), so templated assertion values count as uses of their variables. */
function collectStrings(value: unknown, out: string[], depth = 0): void {
  if (typeof value === 'string') out.push(value);
  else if (depth < 8 && Array.isArray(value)) for (const v of value) collectStrings(v, out, depth + 1);
  else if (depth < 8 && value && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, out, depth + 1);
}

// Completion in a prompt file: variable names inside `{{` in a message, model ids after `model:` (and an LLM
// judge's `modelId:` or a grader's `provider:`), assertion types after `type:` in an `assert` list, and the
// keys of `modelParameters:`. Works from the text around the cursor, so a half-written file still completes.
import { CODE_TYPES, knownAssertionTypes, MODEL_GRADED_TYPES } from '../evals/assertions/registry';
import type { AnalysisContext } from './analysisContext';
import { CATALOG_PROVIDERS, modelSummary } from './modelChecks';
import type { PromptOutline, Span } from './promptOutline';
import { MODEL_PARAMETER_KEYS } from './validate';
import type { VariableUses } from './variableChecks';
import { lineAt, parentKey } from './yamlContext';

export type CompletionKind = 'variable' | 'model' | 'assertion' | 'parameter';

export interface CompletionCandidate {
  label: string;
  /** Inserted instead of the label when set. */
  insertText?: string;
  detail?: string;
  documentation?: string;
}

export interface CompletionList {
  kind: CompletionKind;
  /** The text the chosen candidate replaces (the partial word around the cursor). */
  replace: Span;
  items: CompletionCandidate[];
}

const PARAMETER_DOCS: Record<string, string> = {
  maxTokens: 'Maximum number of tokens to generate (an integer of at least 1).',
  temperature: 'Sampling temperature, 0 (focused) to 2 (random).',
  topP: 'Nucleus sampling probability mass, 0 to 1.',
  stop: 'Sequences where generation stops: one string or a list.',
  seed: 'Seed for best-effort deterministic sampling (an integer).',
  frequencyPenalty: 'Penalty for repeated tokens, -2 to 2.',
  presencePenalty: 'Penalty for tokens already present, -2 to 2.',
};

const MUSTACHE_HEAD = /\{\{\{?[&~]?\s*(?:[#^]\s*(?:(?:if|unless|each|with)\s+)?)?([A-Za-z_][\w-]*)?$/;
const MODEL_KEY = /^\s*(?:-\s+)?(model|modelId|provider)\s*:\s*["']?([\w.:/@-]*)$/;
const TYPE_KEY = /^(\s*)(-\s+)?type\s*:\s*["']?([\w-]*)$/;
const PARAMETER_KEY = /^(\s+)([A-Za-z]*)$/;

/** The parts of the file's analysis that completion may need; asked for only when the cursor is at a variable or a parameter. */
export type OutlineSource = () => { outline: PromptOutline; uses: VariableUses };

export function completePrompt(text: string, offset: number, analysis: OutlineSource, context: AnalysisContext): CompletionList | undefined {
  const line = lineAt(text, offset);
  const wordAfter = /^[\w-]*/.exec(line.after)![0].length;

  const mustache = MUSTACHE_HEAD.exec(text.slice(Math.max(0, offset - 200), offset));
  if (mustache) {
    const { outline, uses } = analysis();
    if (!inMessage(outline, offset)) return undefined;
    const typed = mustache[1] ?? '';
    return { kind: 'variable', replace: { start: offset - typed.length, end: offset + wordAfter }, items: variableItems(outline, uses) };
  }
  const model = MODEL_KEY.exec(line.before);
  if (model && (model[1] !== 'model' || !/^\s/.test(line.before))) {
    const typed = model[2]!;
    const after = /^[\w.:/@-]*/.exec(line.after)![0].length;
    return { kind: 'model', replace: { start: offset - typed.length, end: offset + after }, items: modelItems(context) };
  }
  const type = TYPE_KEY.exec(line.before);
  if (type) {
    const column = type[1]!.length;
    if (parentKey(text, line.start, column, type[2] !== undefined)?.key !== 'assert') return undefined;
    const typed = type[3]!;
    return { kind: 'assertion', replace: { start: offset - typed.length, end: offset + wordAfter }, items: assertionItems(typed) };
  }
  const parameter = PARAMETER_KEY.exec(line.before);
  if (parameter && !line.after.includes(':')) {
    const owner = parentKey(text, line.start, parameter[1]!.length, false);
    if (owner?.key !== 'modelParameters' || owner.indent !== 0) return undefined;
    const typed = parameter[2]!;
    const present = new Set(analysis().outline.parameters?.keys ?? []);
    const items = MODEL_PARAMETER_KEYS.filter((k) => !present.has(k) || k === typed).map((k) => ({ label: k, insertText: `${k}: `, documentation: PARAMETER_DOCS[k] }));
    return { kind: 'parameter', replace: { start: offset - typed.length, end: offset + wordAfter }, items };
  }
  return undefined;
}

/** Inside a message's content (anywhere, when the file is too broken to tell where its messages are). */
function inMessage(outline: PromptOutline, offset: number): boolean {
  const spans = outline.messages.flatMap((m) => (m.span ? [m.span] : []));
  return spans.length === 0 || spans.some((s) => s.start <= offset && offset <= s.end);
}

function variableItems(outline: PromptOutline, uses: VariableUses): CompletionCandidate[] {
  const items = new Map<string, CompletionCandidate>();
  for (const input of outline.inputs) {
    const type = input.type ? ` (${input.type})` : '';
    items.set(input.name, { label: input.name, detail: `input${type}`, ...(input.description ? { documentation: input.description } : {}) });
  }
  for (const row of outline.rows) {
    for (const v of row.vars) if (!items.has(v.name)) items.set(v.name, { label: v.name, detail: `testData, e.g. ${sample(v.value)}` });
  }
  for (const use of uses.uses) {
    if (!items.has(use.name)) items.set(use.name, { label: use.name, detail: `used in message ${use.message.index + 1}` });
  }
  return [...items.values()];
}

function modelItems(context: AnalysisContext): CompletionCandidate[] {
  const ids = new Set<string>();
  for (const provider of context.providers) {
    if (CATALOG_PROVIDERS.includes(provider)) for (const id of context.catalog.knownModels(provider)) ids.add(id);
  }
  for (const id of context.models ?? []) if (context.providers.includes(id.slice(0, id.indexOf('/')))) ids.add(id);
  return [...ids].map((id) => ({ label: id, detail: modelSummary(id, context.catalog) }));
}

function assertionItems(typed: string): CompletionCandidate[] {
  const base = knownAssertionTypes();
  const types = typed.startsWith('not-') ? base.filter((t) => t !== 'assert-set' && t !== 'select-best').map((t) => `not-${t}`) : base;
  return types.map((t) => {
    const b = t.replace(/^not-/, '');
    const detail = MODEL_GRADED_TYPES.has(b) ? 'model-graded' : CODE_TYPES.has(b) ? 'runs code (trusted workspaces only)' : '';
    return { label: t, ...(detail ? { detail } : {}) };
  });
}

/** A short rendering of a test value. */
export function sample(value: unknown, max = 40): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// Assertions as written (promptfoo's vocabulary) read into AssertionSpec: from plain values with a Place
// (promptfoo configs, YAML and JSONL datasets) or from a prompt file's parsed `assert` lists.
import { assertionLocation } from '../../prompts/validateEvals';
import type { Assertion } from '../../prompts/promptFile';
import { closest } from '../../prompts/yamlReader';
import type { SourceLocation } from '../../../shared/types';
import type { AssertionSpec } from '../types';
import { report, type SuiteContext } from './context';
import type { Place } from './place';
import { mapProviderId } from './providerIds';

const SPEC_KEYS = ['type', 'value', 'threshold', 'weight', 'metric', 'transform', 'provider', 'rubricPrompt', 'config', 'assert'];
const UNSUPPORTED_KEYS: Record<string, string> = {
  contextTransform: 'compute the context before the run and pass it as a variable',
};
/** Types that can never run here, whatever the engine implements. */
const UNSUPPORTED_TYPES: Record<string, string> = {
  python: 'Python assertions do not run in Promptyard; rewrite the check as a `javascript` assertion',
  webhook: 'webhook assertions are not supported; call the service from a `javascript` assertion instead',
};
/** Model-graded types: the ones a test's `options.rubricPrompt` applies to. */
export const MODEL_GRADED_TYPES = new Set([
  'llm-rubric', 'factuality', 'model-graded-closedqa', 'model-graded-factuality', 'g-eval', 'answer-relevance',
  'select-best', 'context-faithfulness', 'context-recall', 'context-relevance', 'search-rubric',
]);

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A list of assertions at `place` (the list itself); `where` names it in messages. */
export function readSpecs(raw: unknown, place: Place, ctx: SuiteContext, where: string): AssertionSpec[] {
  if (!Array.isArray(raw)) {
    report(ctx, 'error', place.at(), 'invalid-type', `${where} must be a list of assertions (items starting with "- type: …").`);
    return [];
  }
  const out: AssertionSpec[] = [];
  raw.forEach((item, i) => {
    const spec = readSpec(item, place.child([i]), ctx, `${where} item ${i + 1}`);
    if (spec) out.push(spec);
  });
  return out;
}

function readSpec(raw: unknown, place: Place, ctx: SuiteContext, where: string): AssertionSpec | undefined {
  if (!isRecord(raw)) {
    report(ctx, 'error', place.at(), 'invalid-type', `${where} must be a map with a \`type:\`, e.g. {type: contains, value: Paris}.`);
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (UNSUPPORTED_KEYS[key]) report(ctx, 'error', place.at([key], 'key'), 'unsupported-key', `${where}.${key} is not supported; ${UNSUPPORTED_KEYS[key]}.`);
    else if (!SPEC_KEYS.includes(key)) unknownKey(ctx, place, key, SPEC_KEYS, where);
  }
  const location = place.at();
  if (typeof raw.type !== 'string' || !raw.type.trim()) {
    report(ctx, 'error', raw.type === undefined ? location : place.at(['type']), raw.type === undefined ? 'missing-key' : 'invalid-type',
      `${where} needs a \`type:\` string, e.g. contains, equals, is-json or llm-rubric.`);
    return undefined;
  }
  const spec: AssertionSpec = { type: raw.type };
  if (!checkType(raw.type, place.at(['type']), ctx)) return undefined;
  if ('value' in raw) spec.value = raw.value;
  for (const key of ['threshold', 'weight'] as const) {
    if (raw[key] === undefined) continue;
    const n = raw[key];
    if (typeof n !== 'number' || !Number.isFinite(n) || (key === 'weight' && n < 0)) {
      report(ctx, 'error', place.at([key]), 'invalid-type', `${where}.${key} must be a ${key === 'weight' ? 'number of at least 0' : 'number'}.`);
    } else spec[key] = n;
  }
  for (const key of ['metric', 'transform'] as const) {
    if (raw[key] === undefined) continue;
    if (typeof raw[key] === 'string') spec[key] = raw[key];
    else report(ctx, 'error', place.at([key]), 'invalid-type', `${where}.${key} must be a string.`);
  }
  if (raw.provider !== undefined) {
    const grader = readGrader(raw.provider, place.child(['provider']), ctx, `${where}.provider`);
    if (grader) spec.provider = grader;
  }
  if (raw.rubricPrompt !== undefined) {
    const rubric = readRubricPrompt(raw.rubricPrompt, place.at(['rubricPrompt']), ctx, `${where}.rubricPrompt`);
    if (rubric !== undefined) spec.rubricPrompt = rubric;
  }
  if (raw.config !== undefined) {
    if (isRecord(raw.config)) spec.config = raw.config;
    else report(ctx, 'error', place.at(['config']), 'invalid-type', `${where}.config must be a map of options.`);
  }
  const base = raw.type.replace(/^not-/, '');
  if (base === 'assert-set') {
    if (raw.assert === undefined) report(ctx, 'error', location, 'missing-key', `${where} is an assert-set without \`assert:\`; list the assertions it groups.`);
    else spec.assert = readSpecs(raw.assert, place.child(['assert']), ctx, `${where}.assert`);
  } else if (raw.assert !== undefined) {
    report(ctx, 'error', place.at(['assert'], 'key'), 'invalid-value', `${where}.assert only belongs to \`type: assert-set\`; change the type or move these assertions up a level.`);
  }
  spec.location = location;
  return spec;
}

/** A prompt file's `assert` entry (already shape-checked by the prompt parser) as a spec. */
export function specFromAssertion(assertion: Assertion, fallback: SourceLocation | undefined, ctx: SuiteContext): AssertionSpec | undefined {
  const location = assertionLocation(assertion) ?? fallback;
  if (!checkType(assertion.type, location, ctx)) return undefined;
  const { assert: nested, provider, ...rest } = assertion;
  const spec: AssertionSpec = { ...rest };
  if (provider !== undefined) {
    const mapped = mapProviderId(provider, ctx, 'grade');
    if (mapped.ok) spec.provider = mapped.modelId;
    else report(ctx, 'error', location, 'unsupported-provider', mapped.message);
  }
  if (nested) spec.assert = nested.map((a) => specFromAssertion(a, location, ctx)).filter((s): s is AssertionSpec => s !== undefined);
  if (location) spec.location = location;
  return spec;
}

/** False (and reported) when the type can't run: unsupported here, or unknown to the engine's `assertionTypes`. */
export function checkType(type: string, location: SourceLocation | undefined, ctx: SuiteContext): boolean {
  const base = type.replace(/^not-/, '');
  const unsupported = UNSUPPORTED_TYPES[base];
  if (unsupported) {
    report(ctx, 'error', location, 'unsupported-assertion', `${unsupported}.`);
    return false;
  }
  if (ctx.assertionTypes && !ctx.assertionTypes.has(base)) {
    const guess = closest(base, [...ctx.assertionTypes]);
    const did = guess ? ` Did you mean "${guess}"?` : '';
    report(ctx, 'error', location, 'unknown-assertion', `Unknown assertion type "${type}".${did} Known types: ${[...ctx.assertionTypes].sort().join(', ')}.`);
    return false;
  }
  return true;
}

/** A grader: a provider id string or `{ id, config }`; mapped to our model id. */
export function readGrader(raw: unknown, place: Place, ctx: SuiteContext, where: string): string | undefined {
  const id = typeof raw === 'string' ? raw : isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined;
  if (id === undefined) {
    report(ctx, 'error', place.at(), 'invalid-type', `${where} must be a provider id such as openai:gpt-4o-mini or openai/gpt-4o-mini (or {id: …}).`);
    return undefined;
  }
  if (isRecord(raw)) {
    for (const key of Object.keys(raw).filter((k) => k !== 'id' && k !== 'label')) {
      report(ctx, 'error', place.at([key], 'key'), 'unsupported-key', `${where}.${key} is not supported for graders; the grader runs with its defaults. Remove it.`);
    }
  }
  const mapped = mapProviderId(id, ctx, 'grade');
  if (!mapped.ok) {
    report(ctx, 'error', typeof raw === 'string' ? place.at() : place.at(['id']), 'unsupported-provider', mapped.message);
    return undefined;
  }
  return mapped.modelId;
}

/** promptfoo accepts a rubric prompt as text or as chat messages; messages become their JSON text. */
export function readRubricPrompt(raw: unknown, location: SourceLocation, ctx: SuiteContext, where: string): string | undefined {
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw) && raw.every((m) => isRecord(m) && typeof m.role === 'string' && typeof m.content === 'string')) return JSON.stringify(raw);
  report(ctx, 'error', location, 'invalid-type', `${where} must be a string, or a list of {role, content} messages.`);
  return undefined;
}

/** Sets a rubric prompt on the model-graded specs (nested ones too) that have none. */
export function applyRubricPrompt(specs: AssertionSpec[], rubricPrompt: string): void {
  for (const spec of specs) {
    if (spec.assert) applyRubricPrompt(spec.assert, rubricPrompt);
    if (spec.rubricPrompt === undefined && MODEL_GRADED_TYPES.has(spec.type.replace(/^not-/, ''))) spec.rubricPrompt = rubricPrompt;
  }
}

export function unknownKey(ctx: SuiteContext, place: Place, key: string, known: readonly string[], where: string): void {
  const guess = closest(key, known);
  const did = guess ? ` Did you mean "${guess}"?` : '';
  report(ctx, 'warning', place.at([key], 'key'), 'unknown-key', `Unknown key "${key}" in ${where}; it is ignored.${did} Known keys: ${known.join(', ')}.`);
}

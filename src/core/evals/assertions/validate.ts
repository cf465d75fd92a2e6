// Checks an assertion before a run, so mistakes surface at load time with the spec's location: a known
// type, a value of the right shape, a regex that compiles, a JSON Schema that is valid, a threshold in
// range, a sane weight, a grader model id that parses. Templated and file:// values are checked when they
// run. Nested assert-set specs are checked too.
import type { Diagnostic, SourceLocation } from '../../../shared/types';
import { parseModelId } from '../../../shared/modelId';
import type { AssertionSpec } from '../types';
import { BUILTIN_NAMES } from '../grading/builtinPrompts';
import { builtinName } from './ghBuiltin';
import { readChoices } from './ghLlm';
import { GH_STRING_CHECKS } from './ghString';
import { compileJsonSchema, schemaFromValue } from './jsonSchema';
import { normalizeFinishReason } from './finishReason';
import { compileRegex, regexFlags } from './regex';
import { ASSERT_SET, CODE_TYPES, GROUP_TYPES, isKnownAssertionType, MODEL_GRADED_TYPES, parseAssertionType } from './registry';
import { unknownTypeMessage } from './evaluate';
import { isFileRef } from './valueFiles';
import { isRecord, listValue, numberValue, textValue } from './values';

/** Types whose threshold is a score from 0 to 1. */
const SCORE_THRESHOLD = new Set(['similar', 'rouge-n', 'bleu', 'llm-rubric', 'g-eval', 'answer-relevance', 'javascript', 'gh-llm', 'gh-builtin', ASSERT_SET]);
/** Types whose threshold is a non-negative amount (ms, dollars, edits). */
const AMOUNT_THRESHOLD = new Set(['latency', 'cost', 'levenshtein']);
const NEEDS_TEXT = new Set(['contains', 'icontains', 'starts-with', 'regex', 'llm-rubric', 'model-graded-closedqa', 'select-best', 'javascript']);
const NEEDS_LIST = new Set(['contains-any', 'contains-all', 'icontains-any', 'icontains-all']);

export function validateAssertionSpec(spec: AssertionSpec, parentLocation?: SourceLocation): Diagnostic[] {
  const out: Diagnostic[] = [];
  const location = spec.location ?? parentLocation;
  const add = (severity: Diagnostic['severity'], code: string, message: string) => out.push({ severity, code, message, ...(location ? { location } : {}) });
  if (typeof spec.type !== 'string' || !spec.type) {
    add('error', 'missing-assertion-type', 'The assertion has no type; add e.g. `type: contains`.');
    return out;
  }
  const type = spec.type;
  if (!isKnownAssertionType(type)) {
    add('error', 'unknown-assertion', unknownTypeMessage(type));
    return out;
  }
  const { base, inverse } = parseAssertionType(type);
  if (inverse && (base === ASSERT_SET || GROUP_TYPES.has(base))) add('error', 'invalid-assertion', `not- cannot apply to ${base}.`);
  const value = spec.value;
  const deferred = isFileRef(value) || (typeof value === 'string' && value.includes('{{') && !CODE_TYPES.has(base));

  if (spec.weight !== undefined && (typeof spec.weight !== 'number' || !Number.isFinite(spec.weight) || spec.weight < 0)) {
    add('error', 'invalid-weight', `${type}: weight must be a number of 0 or more (0 reports the assertion without counting it).`);
  }
  checkThreshold(type, base, spec.threshold, add);
  if (spec.transform !== undefined && (typeof spec.transform !== 'string' || !spec.transform.trim())) {
    add('error', 'invalid-transform', `${type}: transform must be JavaScript code (text).`);
  }
  if (spec.provider !== undefined && (typeof spec.provider !== 'string' || !parseModelId(spec.provider))) {
    add('error', 'invalid-model-id', `${type}: provider '${String(spec.provider)}' is not a model id; write provider/model, e.g. openai/gpt-4o-mini.`);
  } else if (spec.provider !== undefined && !MODEL_GRADED_TYPES.has(base)) {
    add('warning', 'provider-ignored', `${type} calls no model, so its provider is not used.`);
  }

  if (base === ASSERT_SET) {
    if (!Array.isArray(spec.assert) || spec.assert.length === 0) add('error', 'missing-value', 'assert-set needs a list of assertions under `assert:`.');
    else for (const inner of spec.assert) out.push(...validateAssertionSpec(inner, location));
    return out;
  }
  if (deferred) return out;

  if (NEEDS_TEXT.has(base) && (textValue(value) === undefined || textValue(value)!.trim() === '')) {
    add('error', 'missing-value', `${type} needs a text value.`);
  }
  if (NEEDS_LIST.has(base) && !listValue(value)?.length) add('error', 'missing-value', `${type} needs a list of texts (or comma-separated text) as its value.`);
  switch (base) {
    case 'regex': {
      const pattern = textValue(value);
      const compiled = pattern ? compileRegex(pattern, regexFlags(spec)) : undefined;
      if (compiled && 'problem' in compiled) add('error', 'invalid-regex', `${type}: ${compiled.problem}`);
      break;
    }
    case 'is-json':
    case 'contains-json': {
      const { schema, problem } = schemaFromValue(value);
      const compiled = schema ? compileJsonSchema(schema) : undefined;
      const why = problem ?? (compiled && 'problem' in compiled ? compiled.problem : undefined);
      if (why) add('error', 'invalid-json-schema', `${type}: ${why}.`);
      break;
    }
    case 'word-count': {
      const ok = numberValue(value) !== undefined || (isRecord(value) && (numberValue(value.min) !== undefined || numberValue(value.max) !== undefined));
      if (!ok) add('error', 'invalid-value', `${type} needs a number, or { min, max }, as its value.`);
      break;
    }
    case 'finish-reason': {
      const reason = textValue(value);
      if (!reason || !normalizeFinishReason(reason)) add('error', 'invalid-value', `${type} needs stop, length, tool_calls or content_filter as its value.`);
      break;
    }
    case 'gh-string':
      if (!isRecord(value) || !GH_STRING_CHECKS.some((k) => typeof value[k] === 'string')) {
        add('error', 'invalid-value', 'A string evaluator needs one of equals, contains, startsWith or endsWith with a text.');
      }
      break;
    case 'gh-llm':
      if (!isRecord(value) || typeof value.prompt !== 'string' || !readChoices(value.choices)) add('error', 'invalid-value', 'An llm evaluator needs a prompt and choices ([{ choice, score }]).');
      break;
    case 'gh-builtin':
      if (!builtinName(value)) add('error', 'invalid-value', `Unknown built-in evaluator ${JSON.stringify(value)}; use github/${BUILTIN_NAMES.join(', github/')}.`);
      break;
    case 'is-sql':
      if (isRecord(value) && value.allowedColumns !== undefined) add('warning', 'option-ignored', 'is-sql: allowedColumns is not checked by Promptyard\'s SQL check (allowedTables is).');
      break;
    case 'answer-relevance':
      if (spec.threshold === undefined) add('warning', 'missing-threshold', 'answer-relevance without a threshold passes any answer (the default is 0, as in promptfoo); set e.g. `threshold: 0.7`.');
      break;
  }
  return out;
}

function checkThreshold(type: string, base: string, threshold: unknown, add: (s: Diagnostic['severity'], code: string, message: string) => void): void {
  if ((base === 'latency' || base === 'cost') && threshold === undefined) {
    add('error', 'missing-threshold', `${type} needs a threshold (${base === 'latency' ? 'milliseconds' : 'US dollars'}).`);
    return;
  }
  if (threshold === undefined) return;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
    add('error', 'threshold-range', `${type}: threshold must be a number.`);
    return;
  }
  if (SCORE_THRESHOLD.has(base) && (threshold < 0 || threshold > 1)) {
    add('error', 'threshold-range', `${type}: threshold ${threshold} is outside 0..1; it is compared with a score from 0 to 1.`);
  } else if (AMOUNT_THRESHOLD.has(base) && threshold < 0) {
    add('error', 'threshold-range', `${type}: threshold ${threshold} must not be negative.`);
  } else if (!SCORE_THRESHOLD.has(base) && !AMOUNT_THRESHOLD.has(base)) {
    add('warning', 'threshold-ignored', `${type} passes or fails without a score to compare, so its threshold is not used.`);
  }
}

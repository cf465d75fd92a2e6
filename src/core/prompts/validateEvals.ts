// `testData` rows (variables, `expected`, Promptyard's promptfoo `assert` list) and `evaluators`
// (string checks, LLM judges, `uses: github/...` built-ins) in the GitHub Models shape.
import type { Node } from 'yaml';
import { parseModelId } from '../../shared/modelId';
import type { SourceLocation } from '../../shared/types';
import {
  ASSERTION_KEYS,
  BUILTIN_EVALUATORS,
  DATASET_EXTENSIONS,
  STRING_CHECKS,
  type Assertion,
  type BuiltinEvaluatorName,
  type DatasetRef,
  type Evaluator,
  type LlmChoice,
  type LlmEvaluator,
  type StringCheck,
  type TestDataRow,
} from './promptFile';
import type { MapEntry, YamlReader } from './yamlReader';

const EVALUATOR_KINDS = ['string', 'llm', 'uses'];
const LLM_KEYS = ['modelId', 'prompt', 'systemPrompt', 'choices'];

export function readTestData(reader: YamlReader, node: Node | undefined): TestDataRow[] | undefined {
  const seq = reader.seq(node, 'testData');
  if (!seq) return undefined;
  const rows: TestDataRow[] = [];
  seq.items.forEach((item, i) => {
    const where = `testData row ${i + 1}`;
    const map = reader.map(item, where);
    if (!map) return;
    const row: TestDataRow = { vars: {}, location: reader.location(map) };
    for (const { key, value } of reader.entries(map)) {
      if (key === 'assert') {
        const asserts = readAssertions(reader, value, `${where} assert`);
        if (asserts) row.assert = asserts;
        continue;
      }
      const js = reader.js(value);
      if (js === undefined) continue;
      if (key === 'expected') row.expected = js;
      else row.vars[key] = js;
    }
    rows.push(row);
  });
  return rows;
}

/**
 * Where each assertion read here is written. Kept beside the objects, not on them, so that the model
 * serializes and compares as the file reads (`location` is not a key of an assertion).
 */
const assertionLocations = new WeakMap<Assertion, SourceLocation>();

export function assertionLocation(assertion: Assertion): SourceLocation | undefined {
  return assertionLocations.get(assertion);
}

function readAssertions(reader: YamlReader, node: Node | undefined, where: string): Assertion[] | undefined {
  const seq = reader.seq(node, where);
  if (!seq) return undefined;
  const out: Assertion[] = [];
  seq.items.forEach((item, i) => {
    const at = `${where} item ${i + 1}`;
    const map = reader.map(item, at);
    if (!map) return;
    const entries = reader.entries(map);
    reader.warnUnknownKeys(entries, ASSERTION_KEYS, at);
    const get = (key: string): MapEntry | undefined => entries.find((e) => e.key === key);
    const typeEntry = get('type');
    if (!typeEntry) {
      reader.error(map, 'missing-key', `${at} has no type; add e.g. \`type: contains\` or \`type: llm-rubric\`.`);
      return;
    }
    const type = reader.string(typeEntry.value, `${at}.type`);
    if (type === undefined) return;
    const assertion: Assertion = { type };
    const value = get('value');
    if (value) assertion.value = reader.js(value.value);
    for (const key of ['threshold', 'weight'] as const) {
      const entry = get(key);
      const n = entry ? reader.number(entry.value, `${at}.${key}`, key === 'weight' ? { min: 0 } : {}) : undefined;
      if (n !== undefined) assertion[key] = n;
    }
    for (const key of ['metric', 'transform', 'provider', 'rubricPrompt'] as const) {
      const entry = get(key);
      const s = entry ? reader.string(entry.value, `${at}.${key}`) : undefined;
      if (s !== undefined) assertion[key] = s;
    }
    const config = get('config');
    if (config && reader.map(config.value, `${at}.config`)) assertion.config = reader.js(config.value) as Record<string, unknown>;
    const nested = get('assert');
    if (type === 'assert-set' && !nested) {
      reader.error(map, 'missing-key', `${at} is an assert-set without \`assert:\`; list the assertions it groups.`);
    } else if (nested && type !== 'assert-set') {
      reader.error(nested.keyNode, 'invalid-value', `${at}.assert only belongs to \`type: assert-set\`; change the type or move these assertions up a level.`);
    } else if (nested) {
      const inner = readAssertions(reader, nested.value, `${at}.assert`);
      if (inner) assertion.assert = inner;
    }
    assertionLocations.set(assertion, reader.location(map));
    out.push(assertion);
  });
  return out;
}

export function readEvaluators(reader: YamlReader, node: Node | undefined): Evaluator[] | undefined {
  const seq = reader.seq(node, 'evaluators');
  if (!seq) return undefined;
  const out: Evaluator[] = [];
  const names = new Set<string>();
  seq.items.forEach((item, i) => {
    const where = `evaluators item ${i + 1}`;
    const map = reader.map(item, where);
    if (!map) return;
    const entries = reader.entries(map);
    reader.warnUnknownKeys(entries, ['name', ...EVALUATOR_KINDS], where);
    const nameEntry = entries.find((e) => e.key === 'name');
    const name = nameEntry ? reader.string(nameEntry.value, `${where}.name`) : undefined;
    if (!nameEntry) reader.error(map, 'missing-key', `${where} has no name; add \`name:\` saying what it checks.`);
    if (name !== undefined && names.has(name)) {
      reader.warning(nameEntry!.value, 'duplicate-evaluator', `Two evaluators are named "${name}"; results will be hard to tell apart.`);
    }
    if (name !== undefined) names.add(name);
    const kinds = entries.filter((e) => EVALUATOR_KINDS.includes(e.key));
    if (kinds.length !== 1) {
      const message =
        kinds.length === 0
          ? `${where} needs one of \`string:\`, \`llm:\` or \`uses:\`.`
          : `${where} has ${kinds.map((k) => k.key).join(' and ')}; an evaluator has exactly one, so split it into ${kinds.length}.`;
      reader.error(kinds[1]?.keyNode ?? map, kinds.length === 0 ? 'missing-key' : 'invalid-value', message);
      return;
    }
    const kind = kinds[0]!;
    const location = reader.location(map);
    if (kind.key === 'uses') {
      const uses = reader.string(kind.value, `${where}.uses`);
      if (uses !== undefined && !(BUILTIN_EVALUATORS as readonly string[]).includes(uses)) {
        reader.error(kind.value, 'invalid-value', `${where}.uses must be one of ${BUILTIN_EVALUATORS.join(', ')}; got "${uses}".`);
      } else if (uses !== undefined && name !== undefined) out.push({ name, uses: uses as BuiltinEvaluatorName, location });
    } else if (kind.key === 'string') {
      const checks = readStringChecks(reader, kind.value, `${where}.string`);
      if (checks && name !== undefined) out.push({ name, string: checks, location });
    } else {
      const llm = readLlm(reader, kind.value, `${where}.llm`);
      if (llm && name !== undefined) out.push({ name, llm, location });
    }
  });
  return out;
}

function readStringChecks(reader: YamlReader, node: Node | undefined, where: string): Partial<Record<StringCheck, string>> | undefined {
  const map = reader.map(node, where);
  if (!map) return undefined;
  const entries = reader.entries(map);
  reader.warnUnknownKeys(entries, STRING_CHECKS, where);
  const out: Partial<Record<StringCheck, string>> = {};
  for (const { key, value } of entries) {
    if (!STRING_CHECKS.includes(key as StringCheck)) continue;
    const s = reader.string(value, `${where}.${key}`);
    if (s !== undefined) out[key as StringCheck] = s;
  }
  if (!entries.some((e) => STRING_CHECKS.includes(e.key as StringCheck))) {
    reader.error(map, 'missing-key', `${where} needs one of ${STRING_CHECKS.join(', ')}.`);
    return undefined;
  }
  return out;
}

function readLlm(reader: YamlReader, node: Node | undefined, where: string): LlmEvaluator['llm'] | undefined {
  const map = reader.map(node, where);
  if (!map) return undefined;
  const entries = reader.entries(map);
  reader.warnUnknownKeys(entries, LLM_KEYS, where);
  const get = (key: string): MapEntry | undefined => entries.find((e) => e.key === key);
  for (const key of ['modelId', 'prompt', 'choices']) {
    if (!get(key)) reader.error(map, 'missing-key', `${where} has no ${key}; an LLM judge needs modelId, prompt and choices.`);
  }
  const modelEntry = get('modelId');
  const modelId = modelEntry ? reader.string(modelEntry.value, `${where}.modelId`) : undefined;
  if (modelId !== undefined && !parseModelId(modelId)) {
    reader.error(modelEntry!.value, 'invalid-model', `${where}.modelId "${modelId}" is not a provider/model id, e.g. openai/gpt-4o-mini.`);
  }
  const promptEntry = get('prompt');
  const prompt = promptEntry ? reader.string(promptEntry.value, `${where}.prompt`) : undefined;
  const systemEntry = get('systemPrompt');
  const systemPrompt = systemEntry ? reader.string(systemEntry.value, `${where}.systemPrompt`) : undefined;
  const choicesEntry = get('choices');
  const choices = choicesEntry ? readChoices(reader, choicesEntry.value, `${where}.choices`) : undefined;
  if (modelId === undefined || !parseModelId(modelId) || prompt === undefined || !choices) return undefined;
  const llm: LlmEvaluator['llm'] = { modelId, prompt, choices };
  if (systemPrompt !== undefined) llm.systemPrompt = systemPrompt;
  return llm;
}

function readChoices(reader: YamlReader, node: Node | undefined, where: string): LlmChoice[] | undefined {
  const seq = reader.seq(node, where);
  if (!seq) return undefined;
  if (seq.items.length === 0) {
    reader.error(seq, 'invalid-value', `${where} is empty; list the answers the judge may give, each with a score.`);
    return undefined;
  }
  const out: LlmChoice[] = [];
  seq.items.forEach((item, i) => {
    const at = `${where} item ${i + 1}`;
    const map = reader.map(item, at);
    if (!map) return;
    const entries = reader.entries(map);
    reader.warnUnknownKeys(entries, ['choice', 'score'], at);
    const choiceEntry = entries.find((e) => e.key === 'choice');
    const scoreEntry = entries.find((e) => e.key === 'score');
    if (!choiceEntry || !scoreEntry) {
      reader.error(map, 'missing-key', `${at} needs both \`choice:\` and \`score:\`.`);
      return;
    }
    const choice = reader.string(choiceEntry.value, `${at}.choice`);
    const score = reader.number(scoreEntry.value, `${at}.score`);
    if (choice !== undefined && score !== undefined) out.push({ choice, score });
  });
  return out.length === seq.items.length ? out : undefined;
}

/** `datasets:` — paths of JSONL, CSV or YAML files relative to the prompt file (`file://` accepted). */
export function readDatasets(reader: YamlReader, node: Node | undefined): DatasetRef[] | undefined {
  const seq = reader.seq(node, 'datasets');
  if (!seq) return undefined;
  const out: DatasetRef[] = [];
  seq.items.forEach((item, i) => {
    const raw = reader.string(item, `datasets item ${i + 1}`);
    if (raw === undefined) return;
    const path = raw.startsWith('file://') ? raw.slice('file://'.length) : raw;
    const lower = path.toLowerCase();
    if (!path.trim()) {
      reader.error(item, 'invalid-value', `datasets item ${i + 1} is empty; write the path of a .jsonl, .csv or .yaml file.`);
    } else if (!DATASET_EXTENSIONS.some((ext) => lower.endsWith(ext))) {
      reader.error(item, 'invalid-value', `datasets item ${i + 1} "${raw}" is not a dataset Promptyard reads; use a ${DATASET_EXTENSIONS.join(', ')} file.`);
    } else out.push({ path, location: reader.location(item) });
  });
  return out;
}

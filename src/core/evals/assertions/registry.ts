// Assertion types to families. Types are promptfoo's names; `gh-string`, `gh-llm` and `gh-builtin` are the
// GitHub Models evaluators as the suite loader emits them. The `not-` prefix and the modifiers (threshold,
// weight, metric, transform) are applied by evaluateAssertion, assert-set there too.
import type { AssertionFn } from '../types';
import { answerRelevance } from './answerRelevance';
import { bleu } from './bleu';
import { closedQa } from './closedQa';
import { contains, containsAll, containsAny, icontains, icontainsAll, icontainsAny } from './contains';
import { cost } from './cost';
import { equals } from './equals';
import { factuality } from './factuality';
import { finishReason } from './finishReason';
import { gEval } from './gEval';
import { ghBuiltin } from './ghBuiltin';
import { ghLlm } from './ghLlm';
import { ghString } from './ghString';
import { javascript } from './javascript';
import { containsJson, isJson } from './json';
import { latency } from './latency';
import { levenshtein } from './levenshtein';
import { llmRubric } from './llmRubric';
import { regex } from './regex';
import { rougeNAssertion } from './rouge';
import { selectBestAlone } from './selectBest';
import { similar } from './similar';
import { isSql } from './sql';
import { startsWith } from './startsWith';
import { isValidToolsCall } from './toolsCall';
import { wordCount } from './wordCount';
import { containsXml, isXml } from './xml';

const FAMILIES: Readonly<Record<string, AssertionFn>> = {
  equals,
  contains,
  icontains,
  'contains-any': containsAny,
  'contains-all': containsAll,
  'icontains-any': icontainsAny,
  'icontains-all': icontainsAll,
  'starts-with': startsWith,
  regex,
  'is-json': isJson,
  'contains-json': containsJson,
  'is-xml': isXml,
  'contains-xml': containsXml,
  'is-sql': isSql,
  levenshtein,
  'rouge-n': rougeNAssertion,
  bleu,
  'word-count': wordCount,
  latency,
  cost,
  'finish-reason': finishReason,
  'is-valid-openai-tools-call': isValidToolsCall,
  javascript,
  'llm-rubric': llmRubric,
  factuality,
  'model-graded-closedqa': closedQa,
  'g-eval': gEval,
  'answer-relevance': answerRelevance,
  similar,
  'select-best': selectBestAlone,
  'gh-string': ghString,
  'gh-llm': ghLlm,
  'gh-builtin': ghBuiltin,
};

/** Types that call a grader model (or its embeddings). */
export const MODEL_GRADED_TYPES: ReadonlySet<string> = new Set([
  'llm-rubric', 'factuality', 'model-graded-closedqa', 'g-eval', 'answer-relevance', 'similar', 'select-best', 'gh-llm', 'gh-builtin',
]);

/** Types that judge a group of outputs, graded after the group finishes (selectBest). */
export const GROUP_TYPES: ReadonlySet<string> = new Set(['select-best']);

/** Types whose value is code, run only where the host allows code. */
export const CODE_TYPES: ReadonlySet<string> = new Set(['javascript']);

export const ASSERT_SET = 'assert-set';

/** `not-contains` → { base: 'contains', inverse: true }. */
export function parseAssertionType(type: string): { base: string; inverse: boolean } {
  return type.startsWith('not-') ? { base: type.slice(4), inverse: true } : { base: type, inverse: false };
}

/** The family of a base type (without `not-`); undefined for unknown types and for assert-set. */
export function assertionFor(type: string): AssertionFn | undefined {
  return Object.prototype.hasOwnProperty.call(FAMILIES, type) ? FAMILIES[type] : undefined;
}

/** Every base type, assert-set included, sorted. */
export function knownAssertionTypes(): string[] {
  return [...Object.keys(FAMILIES), ASSERT_SET].sort();
}

export function isKnownAssertionType(type: string): boolean {
  const { base } = parseAssertionType(type);
  return base === ASSERT_SET || assertionFor(base) !== undefined;
}

// promptfoo's one-cell assertions of CSV datasets (`__expected` columns): `contains:foo`, `regex:\d+`,
// `icontains-any:a,b`, `similar(0.9):text`, `javascript:…`, `llm-rubric:…`; any other text means equals.
import type { AssertionSpec } from '../types';

/** Base types the `type:value` form recognizes (with an optional `not-` and `(threshold)`). */
const SHORTHAND_TYPES = [
  'answer-relevance', 'assert-set', 'bleu', 'classifier', 'contains', 'contains-all', 'contains-any', 'contains-json',
  'contains-sql', 'contains-xml', 'context-faithfulness', 'context-recall', 'context-relevance', 'cost', 'equals',
  'factuality', 'finish-reason', 'g-eval', 'gleu', 'icontains', 'icontains-all', 'icontains-any', 'is-json', 'is-refusal',
  'is-sql', 'is-valid-openai-function-call', 'is-valid-openai-tools-call', 'is-xml', 'javascript', 'latency',
  'levenshtein', 'llm-rubric', 'meteor', 'model-graded-closedqa', 'model-graded-factuality', 'moderation', 'perplexity',
  'perplexity-score', 'python', 'regex', 'rouge-n', 'select-best', 'similar', 'starts-with', 'webhook', 'word-count',
];
const LIST_TYPES = new Set(['contains-all', 'contains-any', 'icontains-all', 'icontains-any']);
// Longest names first, so that `contains-json` is not read as `contains` + "-json…".
const PATTERN = new RegExp(
  `^(not-)?(${[...SHORTHAND_TYPES].sort((a, b) => b.length - a.length).map((t) => t.replace(/-/g, '\\-')).join('|')})` +
    '(?:\\((\\d+(?:\\.\\d+)?)\\))?(?::([\\s\\S]*))?$',
);
const CODE_EXTENSIONS = /\.(?:js|cjs|mjs|ts|cts|mts)(?::[\w.$]+)?$/;

/** The assertion a cell stands for (no location: the caller sets it). */
export function assertionFromString(text: string): AssertionSpec {
  for (const prefix of ['javascript:', 'fn:', 'eval:']) {
    if (text.startsWith(prefix)) return { type: 'javascript', value: text.slice(prefix.length).trim() };
  }
  if (text.startsWith('file://') && CODE_EXTENSIONS.test(text)) return { type: 'javascript', value: text };
  if (text.startsWith('grade:')) return { type: 'llm-rubric', value: text.slice('grade:'.length) };
  if (text.startsWith('python:') || (text.startsWith('file://') && /\.py(?::\w+)?$/.test(text))) {
    return { type: 'python', value: text.startsWith('python:') ? text.slice('python:'.length).trim() : text };
  }
  const m = PATTERN.exec(text);
  if (!m) return { type: 'equals', value: text };
  const [, not = '', base = '', threshold, value] = m;
  const spec: AssertionSpec = { type: `${not}${base}` };
  if (value !== undefined) spec.value = LIST_TYPES.has(base) ? value.split(',').map((s) => s.trim()) : value.trim();
  if (threshold !== undefined) spec.threshold = Number.parseFloat(threshold);
  else if (base === 'similar') spec.threshold = 0.8;
  return spec;
}

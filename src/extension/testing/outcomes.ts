// The records of one Test Explorer leaf (one per model and repeat it ran on) as one outcome: passed, failed
// with a message per failing assertion (its reason, expected/actual when the assertion has them, at the case's
// testData row), or errored for a model call, render or assertion that could not complete. No `vscode` here.
import { statusOf, truncate } from '../../core/evals/reports/caseStatus';
import type { CaseRecord, GradingResult } from '../../core/evals/types';
import type { SourceLocation } from '../../shared/types';

export interface OutcomeMessage {
  text: string;
  expected?: string;
  actual?: string;
  location?: SourceLocation;
}

export interface Outcome {
  state: 'passed' | 'failed' | 'errored';
  /** The slowest call of the leaf, ms (cached results count 0). */
  durationMs?: number;
  messages: OutcomeMessage[];
}

const MAX_OUTPUT_CHARS = 2_000;

export function outcomeOf(records: readonly CaseRecord[]): Outcome {
  const labelled = records.length > 1;
  const failed = records.filter((r) => statusOf(r) === 'failed');
  const errored = records.filter((r) => statusOf(r) === 'error');
  const state = failed.length > 0 ? 'failed' : errored.length > 0 ? 'errored' : 'passed';
  const messages = [...failed, ...errored].flatMap((r) => messagesOf(r, labelled ? `[${r.modelId}${r.repeat > 0 ? `, repeat ${r.repeat + 1}` : ''}] ` : ''));
  const latencies = records.map((r) => (r.cached ? 0 : r.latencyMs)).filter((n): n is number => typeof n === 'number');
  const outcome: Outcome = { state, messages };
  if (latencies.length) outcome.durationMs = Math.max(...latencies);
  return outcome;
}

/** What one record that did not pass says: an error, or each failing assertion (assert-sets by component). */
export function messagesOf(record: CaseRecord, prefix = ''): OutcomeMessage[] {
  const at = record.location ? { location: record.location } : {};
  if (record.error) {
    const what = record.error.kind === 'assertion' ? 'An assertion could not be judged' : record.error.kind === 'render' ? 'The prompt could not be rendered' : `The call to ${record.modelId} failed (${record.error.kind})`;
    return [{ text: `${prefix}${what}: ${record.error.message}`, ...at }];
  }
  if (record.pass) return [];
  const failing = failingResults(record.results);
  const output = record.output !== undefined ? `\n\nOutput: ${truncate(record.output, MAX_OUTPUT_CHARS)}` : '';
  if (failing.length === 0) {
    return [{ text: `${prefix}The case scored ${record.score.toFixed(2)}, under its threshold.${output}`, ...at }];
  }
  return failing.map((r) => {
    const message: OutcomeMessage = { text: `${prefix}${r.assertion ?? r.metric ?? 'assertion'}: ${r.reason}`, ...at };
    if (r.expected !== undefined && r.actual !== undefined) {
      message.expected = r.expected;
      message.actual = r.actual;
    } else message.text += output;
    return message;
  });
}

/** Failing results, an assert-set replaced by its failing components when it has them. */
function failingResults(results: readonly GradingResult[]): GradingResult[] {
  const out: GradingResult[] = [];
  for (const r of results) {
    if (r.pass) continue;
    const inner = r.componentResults?.length ? failingResults(r.componentResults) : [];
    out.push(...(inner.length ? inner : [r]));
  }
  return out;
}

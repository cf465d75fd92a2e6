// The HTML report's case table: one <tbody> per case × repeat (a summary row and a hidden detail row), with
// data-* attributes the inline script sorts and filters on. Model output and vars are untrusted: every one
// of them is escaped text, never markup, never a URL.
import type { CaseRecord, GradingResult } from '../types';
import type { BaselineStatus } from './baseline';
import { statusOf, truncate } from './caseStatus';
import { escapeHtml } from './escape';
import { formatMs, formatScore, formatUsd } from './format';
import { promptLabel, repeatLabel } from './keys';

export interface CaseRowOptions {
  maxOutputChars: number;
  repeats: boolean;
  baseline?: BaselineStatus;
  withBaseline: boolean;
  /** Laid out only once the script shows it (big tables render fast). */
  hidden?: boolean;
}

const STATUS_ORDER = { error: 0, failed: 1, passed: 2 } as const;
const STATUS_TEXT = { error: 'Error', failed: 'Failed', passed: 'Passed' } as const;
const BASELINE_TEXT: Record<BaselineStatus, string> = { fixed: '↑ fixed', broken: '↓ broken', unchanged: 'unchanged', new: 'new', removed: 'removed' };

export function caseHeader(withBaseline: boolean): string {
  const th = (key: string, type: 'num' | 'text', label: string, cls = ''): string =>
    `<th class="${cls}" data-key="${key}" data-type="${type}" aria-sort="none"><button type="button">${label}</button></th>`;
  return `<thead><tr><th class="chev" aria-hidden="true"></th>${th('status', 'num', 'Status')}${th('prompt', 'text', 'Prompt')}${th('model', 'text', 'Model')}${th('case', 'text', 'Case')}${th('score', 'num', 'Score', 'num')}${th('latency', 'num', 'Latency', 'num')}${th('cost', 'num', 'Cost', 'num')}${withBaseline ? th('baseline', 'text', 'Baseline') : ''}</tr></thead>`;
}

export function caseRow(record: CaseRecord, options: CaseRowOptions): string {
  const status = statusOf(record);
  const label = promptLabel(record);
  const caseName = `${record.caseId}${options.repeats ? ` ${repeatLabel(record.repeat)}` : ''}`;
  const data: Record<string, string> = {
    status: String(STATUS_ORDER[status]),
    state: status,
    order: `${label}\u0001${record.modelId}\u0001${record.caseId}\u0001${String(record.repeat).padStart(6, '0')}`,
    prompt: label,
    model: record.modelId,
    case: caseName,
    score: String(record.score),
    latency: record.latencyMs !== undefined && !record.cached ? String(record.latencyMs) : '',
    cost: String(record.cost),
  };
  if (options.baseline) data.baseline = options.baseline;
  const attrs = Object.entries(data).map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`).join('');
  const columns = options.withBaseline ? 9 : 8;
  const latency = record.cached ? '<span class="muted">cached</span>' : escapeHtml(formatMs(record.latencyMs));
  const cells = [
    '<td class="chev" aria-hidden="true">›</td>',
    `<td><span class="badge ${status}">${STATUS_TEXT[status]}</span></td>`,
    `<td class="mono nowrap">${escapeHtml(label)}</td>`,
    `<td class="mono nowrap">${escapeHtml(record.modelId)}</td>`,
    `<td><span class="mono">${escapeHtml(caseName)}</span>${record.description ? `<div class="muted desc">${escapeHtml(truncate(record.description, 160))}</div>` : ''}</td>`,
    `<td class="num">${formatScore(record.score)}</td>`,
    `<td class="num">${latency}</td>`,
    `<td class="num">${escapeHtml(formatUsd(record.cost))}</td>`,
  ];
  if (options.withBaseline) {
    cells.push(options.baseline ? `<td><span class="bl ${options.baseline}">${BASELINE_TEXT[options.baseline]}</span></td>` : '<td></td>');
  }
  return `<tbody class="case"${attrs}${options.hidden ? ' hidden' : ''}><tr class="row" tabindex="0" aria-expanded="false">${cells.join('')}</tr><tr class="detail" hidden><td colspan="${columns}">${detail(record, options)}</td></tr></tbody>\n`;
}

function detail(record: CaseRecord, options: CaseRowOptions): string {
  const blocks: string[] = [];
  if (record.error) {
    blocks.push(`<section class="error-box"><h4>Error · ${escapeHtml(record.error.kind)}</h4><p>${escapeHtml(record.error.message)}</p></section>`);
  }
  const output = record.output === undefined ? '<p class="muted">No output.</p>' : pre(record.output, options.maxOutputChars);
  const left = `<section><h4>Output</h4>${output}</section>`;
  const right = `<section><h4>Assertions</h4>${record.results.length ? assertionList(record.results) : '<p class="muted">No assertions.</p>'}</section>`;
  blocks.push(`<div class="pair">${left}${right}</div>`);
  const diffs = flatten(record.results).filter((r) => !r.pass && (r.expected !== undefined || r.actual !== undefined));
  for (const result of diffs.slice(0, 5)) {
    blocks.push(
      `<div class="pair diff"><section><h4>Expected${result.assertion ? ` <code>${escapeHtml(result.assertion)}</code>` : ''}</h4>${pre(result.expected ?? '', options.maxOutputChars)}</section><section><h4>Actual</h4>${pre(result.actual ?? '', options.maxOutputChars)}</section></div>`,
    );
  }
  blocks.push(`<section><h4>Vars</h4>${pre(JSON.stringify(record.vars ?? {}, null, 2) ?? '{}', options.maxOutputChars)}</section>`);
  const facts = [
    record.location ? `${record.location.file}:${record.location.line}:${record.location.column}` : record.suiteFile,
    record.usage ? `${record.usage.inputTokens} in / ${record.usage.outputTokens} out tokens` : undefined,
    record.attempts !== undefined && record.attempts > 1 ? `${record.attempts} attempts` : undefined,
    record.cached ? 'from cache' : undefined,
    record.finishedAt,
  ].filter((x): x is string => x !== undefined);
  blocks.push(`<p class="facts mono">${facts.map(escapeHtml).join(' · ')}</p>`);
  return blocks.join('');
}

function assertionList(results: GradingResult[]): string {
  const items = results.map((r) => {
    const mark = r.pass ? '<span class="mark ok">✓</span>' : '<span class="mark no">✗</span>';
    const name = r.assertion ? `<code>${escapeHtml(r.assertion)}</code> ` : '';
    const metric = r.metric && r.metric !== r.assertion ? `<span class="muted"> (${escapeHtml(r.metric)})</span>` : '';
    const nested = r.componentResults?.length ? assertionList(r.componentResults) : '';
    return `<li class="${r.pass ? 'ok' : 'no'}">${mark}${name}<span class="score">${formatScore(r.score)}</span>${metric}<div class="reason">${escapeHtml(truncate(r.reason, 2000))}</div>${nested}</li>`;
  });
  return `<ul class="asserts">${items.join('')}</ul>`;
}

function flatten(results: GradingResult[]): GradingResult[] {
  return results.flatMap((r) => [r, ...flatten(r.componentResults ?? [])]);
}

function pre(text: string, max: number): string {
  const cut = text.length > max ? `${truncate(text, max)}` : text;
  const more = text.length > max ? `<p class="muted">… ${text.length - max} more characters (the JSON report has all of it)</p>` : '';
  return `<pre>${escapeHtml(cut)}</pre>${more}`;
}

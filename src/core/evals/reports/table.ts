// The terminal summary: one row per prompt version × model, a totals row, then the failed cases with the
// place they are written (`file:line:column`, which terminals make clickable), flaky cases, and the
// comparison with a baseline. Fits the given width: long names shrink first, then less useful columns go.
import path from 'node:path';
import { redact } from '../../redact';
import type { FailedCase, RunSummary, RunSummaryRow } from '../types';
import { baselineCounts, type BaselineCase, type BaselineComparison } from './baseline';
import { formatCount, formatMs, formatPercent, formatScore, formatUsd } from './format';
import { promptLabel, repeatLabel } from './keys';
import { displayWidth, fitMiddle, fitWidth, padEnd, padStart, paint, safeLine, type Paint } from './terminalText';

export interface TableOptions {
  color: boolean;
  /** Terminal columns (`process.stdout.columns`); default 100. */
  width?: number;
  /** Locations are shown relative to this folder when they are inside it. */
  cwd?: string;
  baseline?: BaselineComparison;
  /** How many failed (and broken) cases to list; default 20. */
  maxFailures?: number;
}

interface Column {
  title: string;
  align: 'left' | 'right';
  /** Columns with the highest rank are dropped first when the table is too wide; 0 never. */
  drop: number;
  /** Shrinkable columns give up width (down to `min`) before any column is dropped. */
  min?: number;
  cell(row: RunSummaryRow | undefined, summary: RunSummary, p: Paint): { text: string; paint?: (s: string) => string };
}

const GAP = '  ';
/** Names keep at least this many columns before any other column is dropped. */
const READABLE = 22;

const COLUMNS: Column[] = [
  { title: 'Prompt', align: 'left', drop: 0, min: 8, cell: (r) => ({ text: r ? safeLine(promptLabel(r)) : 'Total' }) },
  { title: 'Model', align: 'left', drop: 0, min: 8, cell: (r) => ({ text: r ? safeLine(r.modelId) : '' }) },
  { title: 'Cases', align: 'right', drop: 0, cell: (r, s) => ({ text: String(r ? r.cases : s.total) }) },
  { title: 'Failed', align: 'right', drop: 5, cell: (r, s, p) => countCell(r ? r.failed : s.failed, p) },
  { title: 'Errors', align: 'right', drop: 6, cell: (r, s, p) => countCell(r ? r.errors : s.errors, p) },
  {
    title: 'Pass rate',
    align: 'right',
    drop: 0,
    cell: (r, s, p) => {
      if (!r && !s.total) return { text: '–' };
      const rate = r ? r.passRate : s.passed / s.total;
      return { text: formatPercent(rate), paint: rate === 1 ? p.green : rate >= 0.8 ? p.yellow : p.red };
    },
  },
  { title: 'Score', align: 'right', drop: 3, cell: (r, s) => ({ text: formatScore(r ? r.meanScore : meanScore(s)) }) },
  { title: 'p50', align: 'right', drop: 2, cell: (r) => ({ text: r ? formatMs(r.latencyP50) : '' }) },
  { title: 'p95', align: 'right', drop: 4, cell: (r) => ({ text: r ? formatMs(r.latencyP95) : '' }) },
  {
    title: 'Tokens in/out',
    align: 'right',
    drop: 7,
    cell: (r, s) => {
      const rows = r ? [r] : s.rows;
      const sum = (k: 'inputTokens' | 'outputTokens'): number => rows.reduce((t, x) => t + x[k], 0);
      return { text: `${formatCount(sum('inputTokens'))}/${formatCount(sum('outputTokens'))}` };
    },
  },
  { title: 'Cost', align: 'right', drop: 1, cell: (r, s) => ({ text: formatUsd(r ? r.cost : s.cost) }) },
];

export function formatSummaryTable(summary: RunSummary, options: TableOptions): string {
  const p = paint(options.color);
  const width = Math.max(40, options.width ?? 100);
  const lines = [...table(summary, width, p), ''];
  lines.push(...totalsLines(summary, width, p));
  lines.push(...failureLines(summary, options, width, p));
  lines.push(...flakyLines(summary, width, p));
  if (options.baseline) lines.push(...baselineLines(options.baseline, options.maxFailures ?? 20, width, p));
  return redact(`${lines.join('\n')}\n`);
}

function table(summary: RunSummary, width: number, p: Paint): string[] {
  const all = [...summary.rows, undefined];
  const cells = COLUMNS.map((c) => all.map((row) => c.cell(row, summary, p)));
  const natural = COLUMNS.map((c, i) => Math.max(displayWidth(c.title), ...cells[i]!.map((x) => displayWidth(x.text))));
  const widths = [...natural];
  const shown = COLUMNS.map(() => true);
  const total = (): number => widths.reduce((t, w, i) => t + (shown[i] ? w : 0), 0) + GAP.length * (shown.filter(Boolean).length - 1);
  // Shrink the names to a readable width, then drop columns by rank, then shrink the names further.
  const shrink = (floor: (i: number) => number): void => {
    while (total() > width) {
      const shrinkable = COLUMNS.map((_, i) => i).filter((i) => COLUMNS[i]!.min !== undefined && widths[i]! > floor(i));
      if (!shrinkable.length) return;
      const widest = shrinkable.reduce((a, b) => (widths[b]! > widths[a]! ? b : a));
      widths[widest] = Math.max(floor(widest), widths[widest]! - (total() - width));
    }
  };
  shrink((i) => Math.min(natural[i]!, READABLE));
  while (total() > width) {
    const candidates = COLUMNS.map((_, i) => i).filter((i) => shown[i] && COLUMNS[i]!.drop > 0);
    if (!candidates.length) break;
    shown[candidates.reduce((a, b) => (COLUMNS[b]!.drop > COLUMNS[a]!.drop ? b : a))] = false;
  }
  shrink((i) => COLUMNS[i]!.min ?? natural[i]!);
  const line = (texts: { text: string; paint?: (s: string) => string }[], style: (s: string) => string = (s) => s): string =>
    COLUMNS.map((c, i) => {
      if (!shown[i]) return undefined;
      const fitted = c.min !== undefined ? fitMiddle(texts[i]!.text, widths[i]!) : fitWidth(texts[i]!.text, widths[i]!);
      const padded = c.align === 'left' ? padEnd(fitted, widths[i]!) : padStart(fitted, widths[i]!);
      return texts[i]!.paint ? texts[i]!.paint!(padded) : style(padded);
    })
      .filter((x) => x !== undefined)
      .join(GAP)
      .trimEnd();
  const rule = p.dim('─'.repeat(Math.min(width, total())));
  const out = [line(COLUMNS.map((c) => ({ text: c.title })), p.bold), rule];
  for (let r = 0; r < summary.rows.length; r++) out.push(line(cells.map((col) => col[r]!)));
  out.push(rule, line(cells.map((col) => col[summary.rows.length]!), p.bold));
  return out;
}

function totalsLines(summary: RunSummary, width: number, p: Paint): string[] {
  const parts = [`${summary.total} cases`, p.green(`${summary.passed} passed`)];
  if (summary.failed) parts.push(p.red(`${summary.failed} failed`));
  if (summary.errors) parts.push(p.red(`${summary.errors} error${summary.errors === 1 ? '' : 's'}`));
  parts.push(formatUsd(summary.cost), formatMs(summary.durationMs));
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    const next = line ? `${line}${p.dim(' · ')}${part}` : part;
    if (line && displayWidth(next) > width) {
      lines.push(line);
      line = part;
    } else {
      line = next;
    }
  }
  return [...lines, line];
}

function failureLines(summary: RunSummary, options: TableOptions, width: number, p: Paint): string[] {
  const failures = summary.failures ?? [];
  const failedTotal = failures.length + (summary.failuresOmitted ?? 0);
  if (!failedTotal) return [];
  const shown = failures.slice(0, options.maxFailures ?? 20);
  const title = shown.length < failedTotal ? `Failed cases (${shown.length} of ${failedTotal}):` : 'Failed cases:';
  const out = ['', p.bold(title)];
  const repeats = summary.stability !== undefined;
  for (const failure of shown) {
    const mark = failure.status === 'error' ? p.red('!') : p.red('✗');
    out.push(`  ${mark} ${locationOf(failure, options.cwd)}  ${p.dim(fitWidth(caseName(failure, repeats), Math.max(10, width - 40)))}`);
    const reason = `${failure.assertion ? `${safeLine(failure.assertion)}: ` : ''}${safeLine(failure.reason)}`;
    out.push(`    ${fitWidth(reason, width - 4)}`);
  }
  return out;
}

function flakyLines(summary: RunSummary, width: number, p: Paint): string[] {
  if (!summary.stability) return [];
  const flaky = Object.entries(summary.stability).filter(([, s]) => s > 0 && s < 1).sort((a, b) => a[1] - b[1]);
  if (!flaky.length) return [];
  const out = ['', p.bold(`Flaky: ${flaky.length} case${flaky.length === 1 ? '' : 's'} passed only some repeats`)];
  for (const [key, stability] of flaky.slice(0, 10)) {
    out.push(`  ${p.yellow(padStart(formatPercent(stability), 6))}  ${fitWidth(safeLine(key.replaceAll('|', ' · ')), width - 10)}`);
  }
  if (flaky.length > 10) out.push(p.dim(`  … and ${flaky.length - 10} more`));
  return out;
}

function baselineLines(comparison: BaselineComparison, max: number, width: number, p: Paint): string[] {
  const counts = baselineCounts(comparison);
  const name = comparison.baselineRunId ? `baseline ${safeLine(comparison.baselineRunId)}` : 'the baseline';
  const summaryLine = [
    counts.fixed ? p.green(`${counts.fixed} fixed`) : '0 fixed',
    counts.broken ? p.red(`${counts.broken} broken`) : '0 broken',
    `${counts.unchanged} unchanged`,
    `${counts.new} new`,
    `${counts.removed} removed`,
  ].join(', ');
  const out = ['', `${p.bold(`Compared with ${name}:`)} ${summaryLine}`];
  const list = (items: BaselineCase[], mark: string, limit: number): void => {
    for (const item of items.slice(0, limit)) out.push(`  ${mark} ${fitWidth(baselineName(item), width - 12)}`);
    if (items.length > limit) out.push(p.dim(`    … and ${items.length - limit} more`));
  };
  list(comparison.broken, p.red('↓ broken'), max);
  list(comparison.fixed, p.green('↑ fixed '), Math.min(max, 5));
  return out;
}

function baselineName(item: BaselineCase): string {
  const version =
    item.currentVersion !== item.baselineVersion && item.baselineVersion !== undefined
      ? `@${item.currentVersion ?? '?'} (was @${item.baselineVersion})`
      : item.currentVersion
        ? `@${item.currentVersion}`
        : '';
  return safeLine(`${item.promptId}${version} · ${item.modelId} · ${item.caseId} ${repeatLabel(item.repeat)}`);
}

function caseName(failure: FailedCase, repeats: boolean): string {
  const name = `${promptLabel(failure)} · ${failure.modelId} · ${failure.caseId}${repeats ? ` ${repeatLabel(failure.repeat)}` : ''}`;
  return safeLine(failure.description ? `${name} (${failure.description})` : name);
}

function locationOf(failure: FailedCase, cwd: string | undefined): string {
  const file = relative(failure.location?.file ?? failure.suiteFile, cwd);
  const where = failure.location ? `${file}:${failure.location.line}:${failure.location.column}` : file;
  return safeLine(where);
}

function relative(file: string, cwd: string | undefined): string {
  if (!cwd || !path.isAbsolute(file)) return file;
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function countCell(n: number, p: Paint): { text: string; paint?: (s: string) => string } {
  return n ? { text: String(n), paint: p.red } : { text: '0', paint: p.dim };
}

function meanScore(summary: RunSummary): number {
  return summary.total ? summary.rows.reduce((t, r) => t + r.meanScore * r.cases, 0) / summary.total : 0;
}

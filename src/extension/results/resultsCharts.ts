// The results view's own charts, drawn as inline SVG from the run summaries (no chart library, nothing
// remote): pass rate per version × model across runs, and the cost of each run. A series' colour is its
// prompt version (the class `s0`…`s9`, the same one core's latency cards give that version) and its line
// style is its model (`d0`…`d3`); resultsHtml.ts maps both to VS Code's theme colours and dash patterns.
// Every text that came from a run (model ids, versions) goes through escapeHtml.
import { truncate } from '../../core/evals/reports/caseStatus';
import { escapeHtml } from '../../core/evals/reports/escape';
import { formatDate, formatPercent, formatUsd } from '../../core/evals/reports/format';
import { compareRows, compareText, promptLabel } from '../../core/evals/reports/keys';
import type { RunSummaryRow } from '../../core/evals/types';
import type { RunPoint } from './resultsData';

const LINE_STYLES = 4;

export interface SeriesStyle {
  /** Colour class index: the prompt version's. */
  colour: number;
  /** Dash class index: the model's. */
  dash: number;
}

/** `1.2.0 · openai/gpt-4o-mini`; records of an unreleased file are the working copy. */
export function seriesLabel(row: Pick<RunSummaryRow, 'promptVersion' | 'modelId'>): string {
  return `${row.promptVersion ?? 'working copy'} · ${row.modelId}`;
}

/**
 * The style of each version × model series, in a stable order. `versionColours` is core's seriesOf over the
 * same rows (keyed by `id@version`), so a version has one colour in every chart of the view.
 */
export function seriesOfRuns(runs: RunPoint[], versionColours: Map<string, number>): Map<string, SeriesStyle> {
  const rows = runs.flatMap((r) => r.rows);
  const models = [...new Set(rows.map((r) => r.modelId))].sort(compareText);
  const series = new Map<string, SeriesStyle>();
  for (const row of [...rows].sort(compareRows)) {
    const label = seriesLabel(row);
    if (!series.has(label)) series.set(label, { colour: versionColours.get(promptLabel(row)) ?? 0, dash: models.indexOf(row.modelId) % LINE_STYLES });
  }
  return series;
}

export function seriesLegend(series: Map<string, SeriesStyle>): string {
  const items = [...series].map(([label, style]) => `<li><svg class="key" viewBox="0 0 26 10" aria-hidden="true"><line class="line ${classes(style)}" x1="1" x2="25" y1="5" y2="5"/></svg>${escapeHtml(label)}</li>`);
  return `<ul class="legend">${items.join('')}</ul>`;
}

function classes(style: SeriesStyle): string {
  return `s${style.colour} d${style.dash}`;
}

/** One line per version × model: x is the run (oldest left), y the pass rate. */
export function passRateOverTime(runs: RunPoint[], series: Map<string, SeriesStyle>): string {
  const W = 720;
  const H = 260;
  const left = 44;
  const right = 40;
  const top = 16;
  const plotW = W - left - right;
  const plotH = H - top - 44;
  const xOf = (i: number) => left + (runs.length === 1 ? plotW / 2 : (i / (runs.length - 1)) * plotW);
  const yOf = (rate: number) => top + plotH - rate * plotH;
  const parts: string[] = [];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line class="grid" x1="${left}" x2="${W - right}" y1="${n(yOf(tick))}" y2="${n(yOf(tick))}"/>`);
    parts.push(`<text class="tick" x="${left - 6}" y="${n(yOf(tick) + 4)}" text-anchor="end">${tick * 100}%</text>`);
  }
  for (const [label, style] of series) {
    const points = runs.flatMap((run, i) => {
      const row = run.rows.find((r) => seriesLabel(r) === label);
      return row ? [{ x: xOf(i), y: yOf(row.passRate), row, run }] : [];
    });
    if (points.length > 1) parts.push(`<polyline class="line ${classes(style)}" points="${points.map((p) => `${n(p.x)},${n(p.y)}`).join(' ')}"/>`);
    for (const p of points) {
      const tip = `${label} · ${formatDate(p.run.createdAt)}: ${formatPercent(p.row.passRate)} (${p.row.passed} of ${p.row.cases}) · run ${p.run.runId}`;
      parts.push(`<circle class="dot s${style.colour}" cx="${n(p.x)}" cy="${n(p.y)}" r="4"><title>${escapeHtml(tip)}</title></circle>`);
    }
  }
  parts.push(...runTicks(runs, xOf, top + plotH));
  return `<svg id="chart-pass-rate-time" class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="Pass rate per version and model over time">${parts.join('')}</svg>`;
}

/** One bar per run: what its cases of this prompt cost (model calls and grading). */
export function costPerRun(runs: RunPoint[]): string {
  // Narrower than the line chart: it sits in half the width, so its text stays as large.
  const W = 480;
  const H = 220;
  const left = 16;
  const top = 22;
  const plotW = W - 2 * left;
  const plotH = H - top - 44;
  const slot = plotW / Math.max(1, runs.length);
  const barW = Math.min(48, slot * 0.7);
  const max = Math.max(0, ...runs.map((r) => r.cost));
  const parts: string[] = [];
  runs.forEach((run, i) => {
    const h = max > 0 ? (run.cost / max) * plotH : 0;
    const x = left + i * slot + (slot - barW) / 2;
    const tip = `${formatDate(run.createdAt)} · run ${run.runId}: ${formatUsd(run.cost)} for ${run.cases} case${run.cases === 1 ? '' : 's'}`;
    parts.push(`<rect class="bar cost" x="${n(x)}" y="${n(top + plotH - h)}" width="${n(barW)}" height="${n(Math.max(h, 0))}" rx="2"><title>${escapeHtml(tip)}</title></rect>`);
    if (slot >= 60) parts.push(`<text class="value" x="${n(x + barW / 2)}" y="${n(top + plotH - h - 5)}" text-anchor="middle">${escapeHtml(formatUsd(run.cost))}</text>`);
  });
  parts.push(`<line class="axis-line" x1="${left}" x2="${W - left}" y1="${top + plotH}" y2="${top + plotH}"/>`);
  parts.push(...runTicks(runs, (i) => left + i * slot + slot / 2, top + plotH));
  return `<svg id="chart-cost-per-run" class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="Cost per run">${parts.join('')}</svg>`;
}

/** Date labels under the x axis, thinned so they never overlap. */
function runTicks(runs: RunPoint[], xOf: (i: number) => number, baseline: number): string[] {
  const every = Math.max(1, Math.ceil(runs.length / 8));
  return runs.flatMap((run, i) =>
    i % every === 0 || i === runs.length - 1
      ? [`<text class="tick" x="${n(xOf(i))}" y="${baseline + 18}" text-anchor="middle">${escapeHtml(truncate(run.createdAt.slice(5, 16).replace('T', ' '), 12))}<title>${escapeHtml(run.runId)}</title></text>`]
      : [],
  );
}

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

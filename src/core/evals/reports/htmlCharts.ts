// The HTML report's charts, drawn as inline SVG from the summary alone (no chart library, nothing remote).
// Colours come from CSS classes (`s0`…`s9` per prompt version), so the light and dark themes restyle them.
// Every text that came from a suite or a model id goes through escapeHtml.
import type { RunSummaryRow } from '../types';
import { truncate } from './caseStatus';
import { escapeHtml } from './escape';
import { formatCount, formatMs, formatPercent, formatUsd } from './format';
import { compareText, promptLabel } from './keys';

const SERIES_COLOURS = 10;
const CHAR_PX = 6.4;

/** Colour class of each prompt version, in the order of the summary rows. */
export function seriesOf(rows: RunSummaryRow[]): Map<string, number> {
  const labels = [...new Set(rows.map(promptLabel))];
  return new Map(labels.map((label, i) => [label, i % SERIES_COLOURS]));
}

export function legend(series: Map<string, number>): string {
  const items = [...series].map(([label, i]) => `<li><span class="sw s${i}"></span>${escapeHtml(label)}</li>`);
  return `<ul class="legend">${items.join('')}</ul>`;
}

/** Grouped bars: one group per model, one bar per prompt version, height = pass rate. */
export function passRateChart(rows: RunSummaryRow[], series: Map<string, number>): string {
  const W = 640;
  const H = 280;
  const left = 44;
  const top = 24;
  const plotW = W - left - 12;
  const plotH = H - top - 56;
  const models = [...new Set(rows.map((r) => r.modelId))].sort(compareText);
  const groupW = plotW / Math.max(1, models.length);
  const parts: string[] = [];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const y = top + plotH - tick * plotH;
    parts.push(`<line class="grid" x1="${left}" x2="${W - 12}" y1="${n(y)}" y2="${n(y)}"/>`);
    parts.push(`<text class="tick" x="${left - 6}" y="${n(y + 4)}" text-anchor="end">${tick * 100}%</text>`);
  }
  models.forEach((model, g) => {
    const bars = rows.filter((r) => r.modelId === model);
    const barW = Math.min(44, (groupW * 0.8) / bars.length);
    const x0 = left + g * groupW + (groupW - barW * bars.length) / 2;
    bars.forEach((row, b) => {
      const h = row.passRate * plotH;
      const x = x0 + b * barW;
      const label = `${promptLabel(row)} · ${row.modelId}: ${formatPercent(row.passRate)} (${row.passed} of ${row.cases})`;
      parts.push(
        `<rect class="bar s${series.get(promptLabel(row)) ?? 0}" x="${n(x + 1)}" y="${n(top + plotH - h)}" width="${n(Math.max(1, barW - 2))}" height="${n(h)}" rx="2"><title>${escapeHtml(label)}</title></rect>`,
      );
      if (barW >= 26) {
        parts.push(`<text class="value" x="${n(x + barW / 2)}" y="${n(top + plotH - h - 5)}" text-anchor="middle">${formatPercent(row.passRate)}</text>`);
      }
    });
    const name = fit(model, groupW);
    parts.push(`<text class="axis" x="${n(left + g * groupW + groupW / 2)}" y="${top + plotH + 18}" text-anchor="middle">${escapeHtml(name)}<title>${escapeHtml(model)}</title></text>`);
  });
  parts.push(`<line class="axis-line" x1="${left}" x2="${W - 12}" y1="${top + plotH}" y2="${top + plotH}"/>`);
  return svg('chart-pass-rate', W, H, 'Pass rate per model and prompt version', parts);
}

/** Horizontal bars: cost of each prompt version × model, with its tokens. */
export function costChart(rows: RunSummaryRow[], series: Map<string, number>): string {
  const W = 640;
  // Rows share about the height of the pass-rate chart beside it, within readable limits.
  const rowH = Math.max(30, Math.min(44, Math.floor(236 / Math.max(1, rows.length))));
  const labelW = 220;
  const valueW = 150;
  const H = rows.length * rowH + 12;
  const max = Math.max(...rows.map((r) => r.cost), 0);
  const parts: string[] = [];
  rows.forEach((row, i) => {
    const y = 6 + i * rowH + (rowH - 30) / 2;
    const w = max > 0 ? (row.cost / max) * (W - labelW - valueW) : 0;
    const label = `${promptLabel(row)} · ${row.modelId}`;
    parts.push(`<text class="axis" x="${labelW - 10}" y="${y + 19}" text-anchor="end">${escapeHtml(fit(label, labelW - 10))}<title>${escapeHtml(label)}</title></text>`);
    parts.push(`<rect class="track" x="${labelW}" y="${y + 6}" width="${W - labelW - valueW}" height="16" rx="3"/>`);
    parts.push(
      `<rect class="bar s${series.get(promptLabel(row)) ?? 0}" x="${labelW}" y="${y + 6}" width="${n(w)}" height="16" rx="3"><title>${escapeHtml(`${label}: ${formatUsd(row.cost)}`)}</title></rect>`,
    );
    const tokens = `${formatCount(row.inputTokens + row.outputTokens)} tok`;
    parts.push(`<text class="value" x="${W - valueW + 10}" y="${y + 19}">${formatUsd(row.cost)} <tspan class="muted">· ${tokens}</tspan></text>`);
  });
  return svg('chart-cost', W, H, 'Cost per model and prompt version', parts);
}

/** One small histogram per prompt version × model, all on the same latency axis, p50 and p95 marked. */
export function latencyCharts(rows: RunSummaryRow[], series: Map<string, number>): string {
  const cards = rows.map((row) => {
    const title = `<div class="mini-title" title="${escapeHtml(row.modelId)}">${escapeHtml(row.modelId)}</div>`;
    const sub = `<div class="mini-sub"><span class="sw s${series.get(promptLabel(row)) ?? 0}"></span>${escapeHtml(promptLabel(row))}</div>`;
    const hist = row.latencyHistogram;
    if (!hist || !hist.counts.length) return `<figure class="mini">${title}${sub}<p class="empty">No latency measured (cached or failed calls only).</p></figure>`;
    const stats = `<div class="mini-stats">p50 <b>${formatMs(row.latencyP50)}</b> · p95 <b>${formatMs(row.latencyP95)}</b></div>`;
    return `<figure class="mini">${title}${sub}${stats}${histogram(row, hist.bounds, hist.counts, series)}</figure>`;
  });
  return `<div class="minis" id="chart-latency">${cards.join('')}</div>`;
}

function histogram(row: RunSummaryRow, bounds: number[], counts: number[], series: Map<string, number>): string {
  const W = 300;
  const H = 110;
  const left = 6;
  const top = 6;
  const plotW = W - 2 * left;
  const plotH = H - top - 22;
  const lo = bounds[0]!;
  const hi = bounds[bounds.length - 1]!;
  const xOf = (ms: number): number => left + ((ms - lo) / Math.max(1e-9, hi - lo)) * plotW;
  const peak = Math.max(1, ...counts);
  const cls = `bar s${series.get(promptLabel(row)) ?? 0}`;
  const parts = counts.map((count, i) => {
    const x = xOf(bounds[i]!);
    const w = Math.max(1, xOf(bounds[i + 1]!) - x - 1);
    const h = (count / peak) * plotH;
    const tip = `${formatMs(bounds[i]!)}–${formatMs(bounds[i + 1]!)}: ${count} case${count === 1 ? '' : 's'}`;
    return `<rect class="${cls}" x="${n(x)}" y="${n(top + plotH - h)}" width="${n(w)}" height="${n(h)}"><title>${tip}</title></rect>`;
  });
  for (const [name, value] of [['p50', row.latencyP50], ['p95', row.latencyP95]] as const) {
    if (value === undefined) continue;
    const x = n(xOf(value));
    parts.push(`<line class="marker ${name}" x1="${x}" x2="${x}" y1="${top}" y2="${top + plotH}"><title>${name} ${formatMs(value)}</title></line>`);
  }
  parts.push(`<line class="axis-line" x1="${left}" x2="${W - left}" y1="${top + plotH}" y2="${top + plotH}"/>`);
  const mid = bounds[Math.floor((bounds.length - 1) / 2)]!;
  parts.push(`<text class="tick" x="${left}" y="${H - 6}">${formatMs(lo)}</text>`);
  if (bounds.length > 3) parts.push(`<text class="tick" x="${n(xOf(mid))}" y="${H - 6}" text-anchor="middle">${formatMs(mid)}</text>`);
  parts.push(`<text class="tick" x="${W - left}" y="${H - 6}" text-anchor="end">${formatMs(hi)}</text>`);
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="Latency distribution">${parts.join('')}</svg>`;
}

/** A thin pass-rate meter for a table cell. */
export function meter(ratio: number): string {
  const w = Math.max(0, Math.min(1, ratio)) * 100;
  const cls = ratio === 1 ? 'good' : ratio >= 0.8 ? 'fair' : 'poor';
  return `<svg class="meter" viewBox="0 0 100 8" aria-hidden="true"><rect class="track" width="100" height="8" rx="4"/><rect class="fill ${cls}" width="${n(w)}" height="8" rx="4"/></svg>`;
}

function svg(id: string, w: number, h: number, label: string, parts: string[]): string {
  return `<svg id="${id}" class="chart" viewBox="0 0 ${w} ${h}" role="img" aria-label="${label}">${parts.join('')}</svg>`;
}

function fit(text: string, px: number): string {
  return truncate(text, Math.max(3, Math.floor(px / CHAR_PX)));
}

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

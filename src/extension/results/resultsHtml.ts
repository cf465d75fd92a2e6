// The results view's page: the same Content Security Policy as the playground (a fresh nonce per render,
// scripts only with it, nothing remote), the charts drawn here as inline SVG, and the comparison form that
// dist/webview/results.js fills through the results protocol. Colours are VS Code's theme variables (series
// from the chart and terminal palettes, which themes keep opaque and readable on the editor background).
// No `vscode` here: the panel passes the URIs as strings.
import { escapeHtml } from '../../core/evals/reports/escape';
import { formatDate, formatMs, formatPercent, formatUsd } from '../../core/evals/reports/format';
import { latencyCharts, seriesOf } from '../../core/evals/reports/htmlCharts';
import { contentSecurityPolicy, createNonce } from '../playground/html';
import { costPerRun, passRateOverTime, seriesLegend, seriesOfRuns } from './resultsCharts';
import type { PromptResults, RunPoint } from './resultsData';

export interface ResultsHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `webview.asWebviewUri(dist/webview/results.js)`. */
  scriptUri: string;
  nonce?: string;
}

export function resultsHtml(results: PromptResults, options: ResultsHtmlOptions): string {
  const nonce = options.nonce ?? createNonce();
  const csp = contentSecurityPolicy(options.cspSource, nonce);
  const id = escapeHtml(results.promptId);
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <title>Eval results: ${id}</title>
    <style nonce="${nonce}">${RESULTS_CSS}</style>
  </head>
  <body>
    <main data-prompt="${id}">
      <header><h1>Eval results: ${id}</h1>${subtitle(results)}</header>
${results.runs.length ? body(results) : `<p class="empty" id="no-runs">No stored eval runs of ${id} yet. Run its evals from the Test Explorer, the "Run evals" CodeLens or <code>promptyard eval</code>; they are kept in .promptyard/runs.</p>`}
    </main>
    <script nonce="${nonce}" src="${attr(options.scriptUri)}"></script>
  </body>
</html>
`;
}

function subtitle(results: PromptResults): string {
  const n = results.runs.length;
  if (n === 0) return '';
  const omitted = results.omittedRuns ? ` (the newest ${n}; ${results.omittedRuns} older not shown)` : '';
  return `<p class="sub">${n} stored run${n === 1 ? '' : 's'}${omitted} · latest ${escapeHtml(formatDate(results.runs.at(-1)!.createdAt))}</p>`;
}

function body(results: PromptResults): string {
  const latest = results.runs.at(-1)!;
  // One colour per prompt version in every chart (core's latency cards colour by version).
  const versionColours = seriesOf(results.overall);
  const series = seriesOfRuns(results.runs, versionColours);
  return `${kpis(latest)}
      <section class="panel"><h2>Pass rate per version and model over time</h2>${seriesLegend(series)}${passRateOverTime(results.runs, series)}</section>
      <div class="grid2">
        <section class="panel"><h2>Cost per run</h2>${costPerRun(results.runs)}</section>
        <section class="panel"><h2>Latency distribution (all runs)</h2>${latencyCharts(results.overall, versionColours)}</section>
      </div>
      ${compareForm(results.runs)}`;
}

function kpis(run: RunPoint): string {
  const rate = run.cases ? run.passed / run.cases : 0;
  const p50s = run.rows.flatMap((r) => (r.latencyP50 === undefined ? [] : [r.latencyP50]));
  const latency = p50s.length <= 1 ? formatMs(p50s[0]) : `${formatMs(Math.min(...p50s))} – ${formatMs(Math.max(...p50s))}`;
  const rows = `${run.rows.length} version × model`;
  const items = [
    ['Pass rate (latest run)', formatPercent(rate), `${run.passed} of ${run.cases}`],
    ['Cost (latest run)', formatUsd(run.cost), rows],
    ['Latency p50 (latest run)', latency, p50s.length > 1 ? `the range over ${rows}` : ''],
  ];
  return `<section class="kpis">${items.map(([label, value, note]) => `<div class="kpi"><div class="label">${label}</div><div class="value">${escapeHtml(value!)}</div><div class="note">${escapeHtml(note!)}</div></div>`).join('')}</section>`;
}

/** Newest run against the one before it by default; the script sends `results/compare` on every change. */
function compareForm(runs: RunPoint[]): string {
  const newestFirst = [...runs].reverse();
  const options = (selected: string | undefined) =>
    newestFirst
      .map((r) => `<option value="${escapeHtml(r.runId)}"${r.runId === selected ? ' selected' : ''}>${escapeHtml(`${formatDate(r.createdAt)} · ${formatPercent(r.cases ? r.passed / r.cases : 0)} · ${r.runId}`)}</option>`)
      .join('');
  const current = newestFirst[0]?.runId;
  const baseline = newestFirst[1]?.runId ?? current;
  return `<section class="panel" id="compare">
        <h2>Compare a run with a baseline, case by case</h2>
        <div class="controls">
          <label>Run <select id="run">${options(current)}</select></label>
          <label>Baseline <select id="baseline">${options(baseline)}</select></label>
          <button id="open-report" type="button">Open report of the run</button>
        </div>
        <p id="compare-summary" class="sub" aria-live="polite">${runs.length < 2 ? 'Only one run so far: the next run can be compared with it.' : 'Comparing…'}</p>
        <table id="compare-table"><thead><tr><th>Change</th><th>Case</th><th>Model</th><th>Baseline</th><th>Run</th></tr></thead><tbody></tbody></table>
      </section>`;
}

/** A double-quoted attribute value we wrote ourselves (the CSP keeps its single quotes readable). */
function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const RESULTS_CSS = `
:root{--s0:var(--vscode-charts-blue,#4e79a7);--s1:var(--vscode-terminal-ansiRed,#e15759);--s2:var(--vscode-charts-green,#59a14f);--s3:var(--vscode-charts-purple,#b07aa1);
--s4:var(--vscode-terminal-ansiCyan,#76b7b2);--s5:var(--vscode-terminal-ansiYellow,#e1ae1f);--s6:var(--vscode-terminal-ansiMagenta,#ff9da7);--s7:var(--vscode-terminal-ansiBrightBlue,#9c755f);
--s8:var(--vscode-terminal-ansiBrightGreen,#8cd17d);--s9:var(--vscode-descriptionForeground,#8f8a86);
--text:var(--vscode-foreground);--muted:var(--vscode-descriptionForeground);--border:var(--vscode-panel-border,var(--vscode-widget-border,#8884));
--grid:var(--vscode-charts-lines,#8883);--panel:var(--vscode-editorWidget-background,transparent);--pass:var(--vscode-testing-iconPassed,var(--vscode-charts-green));
--fail:var(--vscode-testing-iconFailed,var(--vscode-charts-red));--err:var(--vscode-testing-iconErrored,var(--vscode-charts-orange))}
body{margin:0;color:var(--text);background:var(--vscode-editor-background);font-family:var(--vscode-font-family);font-size:var(--vscode-font-size,13px)}
main{max-width:1180px;margin:0 auto;padding:20px 22px 40px}
h1{font-size:20px;margin:0}h2{font-size:13px;margin:0 0 10px;font-weight:600}
.sub,.empty{color:var(--muted);margin:4px 0 14px}code{font-family:var(--vscode-editor-font-family)}
.panel{background:var(--panel);border:1px solid var(--border);border-radius:8px;padding:14px 16px;margin-bottom:14px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:14px;margin-bottom:14px}.grid2 .panel{margin-bottom:0}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin-bottom:14px}
.kpi{border:1px solid var(--border);border-radius:8px;padding:10px 12px;background:var(--panel)}.kpi .label,.kpi .note{font-size:12px;color:var(--muted)}.kpi .value{font-size:22px;font-weight:600}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;margin:0 0 8px;padding:0;font-size:12px}
.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:-1px;background:currentColor}
.chart{width:100%;height:auto;display:block}.chart text{fill:var(--text);font-size:12px}.chart .tick{fill:var(--muted);font-size:11px}.chart .value{font-weight:600;font-size:11px}
.grid{stroke:var(--grid)}.axis-line{stroke:var(--border)}.track{fill:var(--grid)}
.line{fill:none;stroke-width:2}.d1{stroke-dasharray:7 4}.d2{stroke-dasharray:2 3}.d3{stroke-dasharray:9 3 2 3}
.key{width:26px;height:10px;margin-right:6px;vertical-align:middle}.dot{stroke:var(--vscode-editor-background);stroke-width:1.5}
.bar.cost{fill:var(--s0)}.marker{stroke:var(--text);stroke-width:1.2;stroke-dasharray:3 2}.marker.p95{stroke:var(--fail)}
${Array.from({ length: 10 }, (_, i) => `.s${i}{color:var(--s${i})}.bar.s${i},.dot.s${i}{fill:var(--s${i})}.line.s${i}{stroke:var(--s${i})}`).join('')}
.minis{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:10px}.mini{margin:0;border:1px solid var(--border);border-radius:6px;padding:8px}
.mini-title{font-weight:600;font-size:12px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.mini-sub,.mini-stats{font-size:11.5px;color:var(--muted)}
.controls{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:center;margin-bottom:6px}
select,button{font:inherit;color:var(--vscode-dropdown-foreground);background:var(--vscode-dropdown-background);border:1px solid var(--vscode-dropdown-border,var(--border));border-radius:2px;padding:3px 6px;max-width:420px}
button{color:var(--vscode-button-foreground);background:var(--vscode-button-background);border-color:transparent;cursor:pointer}button:hover{background:var(--vscode-button-hoverBackground)}
table{border-collapse:collapse;width:100%;font-size:12.5px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--border)}th{color:var(--muted);font-weight:600}
.status-broken{color:var(--fail);font-weight:600}.status-fixed{color:var(--pass);font-weight:600}.status-new,.status-removed{color:var(--err)}.status-unchanged{color:var(--muted)}
.pass{color:var(--pass)}.fail{color:var(--fail)}
`;

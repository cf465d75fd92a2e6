// The results view over stored runs written through core's run store: per-run summaries of one prompt,
// versions named from the lock's hashes, the comparison through core's baseline comparison, and the page:
// chart SVGs, a strict CSP with a fresh nonce, and every run-provided string escaped.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { comparePromptRuns, loadPromptResults } from '../../../src/extension/results/resultsData';
import { costPerRun, passRateOverTime, seriesOfRuns } from '../../../src/extension/results/resultsCharts';
import { resultsHtml } from '../../../src/extension/results/resultsHtml';
import { storeRun } from './storedRuns';

const HOSTILE = 'evil/<img src=x onerror=alert(1)>';

describe('extension results view data and page', () => {
  let ws: string;
  before(async () => {
    ws = mkdtempSync(path.join(os.tmpdir(), 'promptyard-results-'));
    await storeRun(ws, '20250101-090000-aaaaaa', '2025-01-01T09:00:00.000Z', [
      { id: 'a', pass: true, sha: 'sha-100', latencyMs: 100 },
      { id: 'b', pass: true, sha: 'sha-100', latencyMs: 300 },
      { id: 'other', pass: false, promptId: 'summarize' },
    ]);
    await storeRun(ws, '20250102-090000-bbbbbb', '2025-01-02T09:00:00.000Z', [
      { id: 'a', pass: true, version: '1.1.0', cost: 0.002 },
      { id: 'b', pass: false, version: '1.1.0', cost: 0.002 },
      { id: 'a', pass: false, version: '1.1.0', model: HOSTILE },
    ]);
    await storeRun(ws, '20250103-090000-cccccc', '2025-01-03T09:00:00.000Z', [{ id: 'x', pass: true, promptId: 'summarize' }]);
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  it('summarizes each run of the prompt (oldest first) and names working-file records after their release', async () => {
    const results = await loadPromptResults(ws, 'tone', { versionsBySha: new Map([['sha-100', '1.0.0']]) });
    assert.deepEqual(results.runs.map((r) => r.runId), ['20250101-090000-aaaaaa', '20250102-090000-bbbbbb'], 'runs of other prompts are left out');
    assert.deepEqual(results.runs[0]!.rows.map((r) => [r.promptVersion, r.modelId, r.passRate]), [['1.0.0', 'openai/gpt-4o-mini', 1]]);
    assert.equal(results.runs[0]!.cases, 2, 'records of other prompts are not counted');
    assert.deepEqual(results.runs[1]!.rows.map((r) => [r.promptVersion, r.modelId, r.passRate]), [['1.1.0', HOSTILE, 0], ['1.1.0', 'openai/gpt-4o-mini', 0.5]]);
    assert.equal(Math.round(results.runs[1]!.cost * 1e6), 5000);
    assert.ok(results.overall.every((row) => row.latencyHistogram), 'one latency distribution per version × model over every run');
    const limited = await loadPromptResults(ws, 'tone', { maxRuns: 1 });
    assert.deepEqual([limited.runs.map((r) => r.runId), limited.omittedRuns], [['20250102-090000-bbbbbb'], 1]);
  });

  it('compares two runs case by case with core\'s baseline comparison', async () => {
    const c = await comparePromptRuns(ws, 'tone', '20250102-090000-bbbbbb', '20250101-090000-aaaaaa', new Map([['sha-100', '1.0.0']]));
    assert.deepEqual(c.counts, { fixed: 0, broken: 1, unchanged: 1, new: 1, removed: 0 });
    assert.deepEqual(c.cases.map((x) => [x.status, x.caseId, x.modelId, x.baselineVersion, x.currentVersion]), [
      ['broken', 'b', 'openai/gpt-4o-mini', '1.0.0', '1.1.0'],
      ['new', 'a', HOSTILE, undefined, '1.1.0'],
      ['unchanged', 'a', 'openai/gpt-4o-mini', '1.0.0', '1.1.0'],
    ]);
  });

  it('draws the charts as SVG under a CSP with a fresh nonce, and escapes what the runs wrote', async () => {
    const results = await loadPromptResults(ws, 'tone', { versionsBySha: new Map([['sha-100', '1.0.0']]) });
    const options = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/results.js' };
    const a = resultsHtml(results, options);
    const b = resultsHtml(results, options);
    const nonce = (html: string) => /<script nonce="([^"]+)" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\/results\.js">/.exec(html)?.[1];
    assert.ok(nonce(a) && nonce(a)!.length >= 16);
    assert.notEqual(nonce(a), nonce(b));
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(a)![1]!;
    assert.match(csp, new RegExp(`^default-src 'none'; script-src 'nonce-${nonce(a)}'; style-src \\S+ 'nonce-${nonce(a)}'; img-src \\S+ data:`));
    assert.match(a, new RegExp(`<style nonce="${nonce(a)}">`));
    for (const id of ['chart-pass-rate-time', 'chart-cost-per-run']) assert.match(a, new RegExp(`<svg id="${id}" class="chart" viewBox`));
    assert.match(a, /id="chart-latency"/);
    assert.equal((a.match(/<circle class="dot s\d+"/g) ?? []).length, 3, 'a point per version × model per run');
    assert.equal((a.match(/<polyline /g) ?? []).length, 0, 'no series is in two runs: no line yet');
    const legend = /<ul class="legend">([^]*?)<\/ul>/.exec(a)![1]!;
    assert.deepEqual(
      [...legend.matchAll(/<line class="line (s\d) (d\d)"[^>]*\/><\/svg>([^<]*)<\/li>/g)].map((m) => [m[3], m[1], m[2]]),
      [
        ['1.0.0 · openai/gpt-4o-mini', 's0', 'd1'],
        ['1.1.0 · evil/&lt;img src=x onerror=alert(1)&gt;', 's1', 'd0'],
        ['1.1.0 · openai/gpt-4o-mini', 's1', 'd1'],
      ],
      'colour by version (as the latency cards), line style by model',
    );
    assert.match(a, /<div class="mini-sub"><span class="sw s1"><\/span>tone@1\.1\.0<\/div>/, 'the latency cards use the same version colours');
    assert.equal((/<svg id="chart-cost-per-run"[^]*?<\/svg>/.exec(a)![0].match(/<rect class="bar cost"/g) ?? []).length, 2, 'a bar per run');
    assert.doesNotMatch(a, /<img/, 'a model id never becomes markup');
    assert.match(a, /evil\/&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.doesNotMatch(a, /style="/, 'no inline style attributes (the CSP would block them)');
    assert.match(a, /var\(--vscode-charts-blue/, 'theme colours');
    assert.match(a, /<option value="20250102-090000-bbbbbb" selected>[^<]*<\/option><option value="20250101-090000-aaaaaa">/);
    assert.match(a, /<select id="baseline"><option value="20250102-090000-bbbbbb">[^<]*<\/option><option value="20250101-090000-aaaaaa" selected>/);
  });

  it('joins the points of one version × model across runs with a line, placed by pass rate', () => {
    const row = (version: string, passRate: number) => ({ promptId: 'tone', promptVersion: version, modelId: 'm/x', cases: 4, passed: passRate * 4, failed: 4 - passRate * 4, errors: 0, passRate, meanScore: passRate, inputTokens: 0, outputTokens: 0, cost: 0 });
    const runs = [0.5, 1, 0.25].map((rate, i) => ({ runId: `r${i}`, createdAt: `2025-01-0${i + 1}T00:00:00.000Z`, status: 'complete' as const, rows: [row('1.0.0', rate)], cases: 4, passed: rate * 4, cost: 0.01 * (i + 1) }));
    const svg = passRateOverTime(runs, seriesOfRuns(runs, new Map([['tone@1.0.0', 0]])));
    // Plot: y from 16 (100%) to 216 (0%), x from 44 to 680.
    assert.match(svg, /<polyline class="line s0 d0" points="44,116 362,16 680,166"\/>/);
    const bars = costPerRun(runs).match(/height="[\d.]+"/g);
    assert.deepEqual(bars, ['height="51.3"', 'height="102.7"', 'height="154"'], 'bar heights in proportion to cost');
  });

  it('says so when the prompt has no stored runs', async () => {
    const html = resultsHtml(await loadPromptResults(ws, 'never-run'), { cspSource: 'self', scriptUri: 'x.js' });
    assert.match(html, /id="no-runs">No stored eval runs of never-run yet/);
    assert.doesNotMatch(html, /<svg/);
  });
});

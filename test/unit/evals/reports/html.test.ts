import * as assert from 'node:assert/strict';
import { compareWithBaseline } from '../../../../src/core/evals/reports/baseline';
import { renderHtmlReport } from '../../../../src/core/evals/reports/html';
import { collectText } from '../../../../src/core/evals/reports/reportInput';
import { fixtureRun, payloads } from './fixtureRun';

const ALLOWED_TAGS = new Set(
  'html head meta link title style body main header div h1 h2 h4 span section ul li svg line text tspan rect figure p table thead tbody tr th td button input code pre b br footer script'.split(' '),
);

/** Every real tag of the document (the script's body set aside), with its attribute names. */
function tags(html: string): { name: string; attrs: string[]; raw: string }[] {
  const withoutScript = html.replace(/(<script[^>]*>)[\s\S]*?(<\/script>)/g, '$1$2');
  const out: { name: string; attrs: string[]; raw: string }[] = [];
  for (const m of withoutScript.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    out.push({ name: m[1]!.toLowerCase(), attrs: [...m[2]!.matchAll(/\s+([^\s=>/]+)/g)].map((a) => a[1]!.toLowerCase()), raw: m[0] });
  }
  // Anything that opens like a tag but did not parse as one would be a way around the checks.
  assert.equal(count(withoutScript, /<[a-zA-Z]/g), out.length, 'every tag parses');
  return out;
}

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

function svgOf(html: string, id: string): string {
  const start = html.indexOf(`<svg id="${id}"`);
  assert.ok(start >= 0, `chart ${id}`);
  return html.slice(start, html.indexOf('</svg>', start));
}

describe('reports: HTML', () => {
  it('allows nothing remote: a CSP with a fresh nonce per render, one script and one stylesheet, both with it', async () => {
    const run = fixtureRun();
    const a = await collectText(renderHtmlReport(run));
    const b = await collectText(renderHtmlReport(run));
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(a)![1]!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    assert.notEqual(nonce, /'nonce-([^']+)'/.exec(b)![1], 'a new nonce per render');
    assert.equal(csp, `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'`);
    assert.ok(a.indexOf('Content-Security-Policy') < a.indexOf('<style'), 'the policy comes before anything it governs');
    assert.ok(!/unsafe-eval|unsafe-inline|https?:|\*/.test(csp));
    const all = tags(a);
    assert.deepEqual(all.filter((t) => t.name === 'script').map((t) => t.raw), [`<script nonce="${nonce}">`]);
    assert.deepEqual(all.filter((t) => t.name === 'style').map((t) => t.raw), [`<style nonce="${nonce}">`]);
    assert.deepEqual(all.filter((t) => t.name === 'link').map((t) => t.raw), ['<link rel="icon" href="data:,">']);
    assert.ok(!a.includes('innerHTML') && !a.includes('eval('), 'the script builds no markup');
    await assert.rejects(collectText(renderHtmlReport(run, { nonce: `x' 'unsafe-inline` })), /nonce/);
  });

  it('turns every payload in outputs, vars, reasons, ids and the origin into text', async () => {
    const run = fixtureRun({ hostile: { port: 1 } });
    const html = await collectText(renderHtmlReport(run));
    for (const tag of tags(html)) {
      assert.ok(ALLOWED_TAGS.has(tag.name), `unexpected <${tag.name}>: ${tag.raw}`);
      for (const attr of tag.attrs) {
        assert.ok(!attr.startsWith('on'), `event handler in ${tag.raw}`);
        assert.ok(!['src', 'srcset', 'action', 'formaction', 'style', 'xlink:href'].includes(attr), `${attr} in ${tag.raw}`);
        if (attr === 'href') assert.equal(tag.raw, '<link rel="icon" href="data:,">');
      }
    }
    assert.ok(html.includes('&lt;script&gt;window.__pwned = &quot;script&quot;&lt;/script&gt;'), 'the payload is shown as text');
    assert.ok(html.includes('\\u001B[31mred'), 'controls are made visible');
    for (const payload of payloads(1)) assert.ok(!html.includes(payload), `raw payload: ${payload}`);
  });

  it('draws the charts from the summary: a bar per row for pass rate and cost, a histogram per row for latency', async () => {
    const run = fixtureRun();
    const html = await collectText(renderHtmlReport(run));
    const rows = run.summary.rows;
    const passBars = svgOf(html, 'chart-pass-rate').match(/<rect class="bar s\d"[^>]*>/g)!;
    assert.equal(passBars.length, rows.length);
    const heights = passBars.map((bar) => Number(/height="([\d.]+)"/.exec(bar)![1]));
    // Rows are drawn grouped by model; the bar of ollama 1.0.0 (66.7%) is the shortest, 0.8 of the others.
    assert.equal(Math.min(...heights), heights[2]);
    assert.ok(Math.abs(heights[2]! / heights[0]! - 0.8) < 0.01);
    assert.equal(count(svgOf(html, 'chart-cost'), /<rect class="bar s\d"/g), rows.length);
    const latency = html.slice(html.indexOf('id="chart-latency"'), html.indexOf('<h2>Summary</h2>'));
    assert.equal(count(latency, /<figure class="mini">/g), rows.length);
    const bins = rows.reduce((t, r) => t + r.latencyHistogram!.counts.length, 0);
    assert.equal(count(latency, /<rect class="bar s\d"/g), bins);
    assert.equal(count(latency, /<line class="marker p50"/g), rows.length);
    assert.match(html, /<ul class="legend"><li><span class="sw s0"><\/span>greet@1\.0\.0<\/li><li><span class="sw s1"><\/span>greet@1\.1\.0<\/li><\/ul>/);
  });

  it('lists every case with its details, and the header holds run id, date, models, versions and totals', async () => {
    const run = fixtureRun();
    const html = await collectText(renderHtmlReport(run));
    assert.equal(count(html, /<tbody class="case"/g), run.records.length);
    assert.equal(count(html, /<tr class="detail" hidden>/g), run.records.length);
    assert.match(html, /<title>Eval report · run-2025-05-01-abc123<\/title>/);
    assert.match(html, /2025-05-01 10:00 UTC/);
    assert.match(html, /<div class="label">Pass rate<\/div><div class="value fair">80\.6%<\/div><div class="note">29 of 36 passed<\/div>/);
    for (const model of run.meta.models) assert.ok(html.includes(`<span class="mono">${model}</span>`));
    assert.match(html, /<span class="mono">greet@1\.1\.0<\/span> <span class="muted mono">bbbbbbbb<\/span>/);
    assert.match(html, /<tbody class="case" data-status="1" data-state="failed"[^>]*data-model="ollama\/llama3\.2"/);
    assert.ok(html.includes('<h4>Expected <code>icontains</code></h4><pre>bonjour </pre>'));
    assert.ok(!html.includes('data-baseline'), 'no baseline column without a baseline');
  });

  it('keeps every failing case and caps the passing ones on big runs', async () => {
    const run = fixtureRun();
    const html = await collectText(renderHtmlReport(run, { maxCases: 10 }));
    assert.equal(count(html, /<tbody class="case"/g), 10);
    assert.equal(count(html, /data-state="(?:failed|error)"/g), 7);
    assert.match(html, /26 passing cases are not listed here/);
    const cut = await collectText(renderHtmlReport({ ...run, records: [{ ...run.records[0]!, output: 'x'.repeat(500) }] }, { maxOutputChars: 100 }));
    assert.match(cut, /… 400 more characters/);
  });

  it('marks each case against a baseline and offers broken and fixed filters', async () => {
    const run = fixtureRun();
    const before = run.records.map((r) => ({ ...r, pass: r.caseId === 'case-2' ? true : r.pass }));
    const baseline = await compareWithBaseline(run.records, before, { baselineRunId: 'run-old' });
    const html = await collectText(renderHtmlReport({ ...run, baseline }));
    assert.equal(count(html, /data-baseline="broken"/g), 3);
    assert.equal(count(html, /<span class="bl broken">↓ broken<\/span>/g), 3);
    assert.match(html, /<button type="button" data-filter="broken" aria-pressed="false">Broken 3<\/button>/);
    assert.match(html, /Against the baseline<\/div><div class="value "><span class="good">↑0<\/span> <span class="poor">↓3<\/span><\/div><div class="note"><span class="mono">run-old<\/span><br>33 unchanged/);
  });
});

// The HTML report in a real browser (headless Debian Chromium through playwright-core): the charts render,
// the table sorts, filters and expands, hostile payloads stay inert, nothing loads from the network, and
// screenshots of both themes land in test-results/ for a person to look at.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { compareWithBaseline } from '../../../../src/core/evals/reports/baseline';
import { renderHtmlReport } from '../../../../src/core/evals/reports/html';
import { collectText } from '../../../../src/core/evals/reports/reportInput';
import { launchChromium, type ChromiumSession } from '../../../support/chromium';
import { fixtureRun } from '../../../unit/evals/reports/fixtureRun';

const RESULTS = path.resolve(__dirname, '../../../../test-results');

// The browser globals the page functions below use (the project's tsconfig has no DOM lib on purpose).
interface El {
  hidden: boolean;
  dataset: Record<string, string | undefined>;
  getBoundingClientRect(): { width: number; height: number };
}
interface Doc {
  querySelectorAll(selector: string): ArrayLike<El> & Iterable<El>;
  addEventListener(type: 'securitypolicyviolation', listener: (e: { violatedDirective: string; blockedURI: string }) => void): void;
  scripts: { length: number };
  body: El & { textContent: string | null };
}
declare const window: Record<string, unknown>;
declare const document: Doc;
declare const location: { href: string };
declare function getComputedStyle(element: El): { fill: string; backgroundColor: string };

interface Watch {
  dialogs: string[];
  requests: string[];
  errors: string[];
}

describe('reports: HTML in headless Chromium', function () {
  this.timeout(60_000);
  let browser: ChromiumSession;
  let listener: Server;
  let port: number;
  const hits: string[] = [];
  let dir: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-html-'));
    listener = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('pwned');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as AddressInfo).port;
    browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => listener?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(html: string, name: string): Promise<{ page: Page; watch: Watch }> {
    const file = path.join(dir, name);
    writeFileSync(file, html);
    const page = await browser.context.newPage();
    const watch: Watch = { dialogs: [], requests: [], errors: [] };
    page.on('dialog', (dialog) => {
      watch.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      if (!/^(file|data):/.test(request.url())) watch.requests.push(request.url());
    });
    page.on('pageerror', (error) => watch.errors.push(error.message));
    await page.addInitScript(() => {
      const violations: string[] = [];
      window.__violations = violations;
      document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForLoadState('load');
    return { page, watch };
  }

  it('the listener sees a request from an unescaped image, so a zero below means something', async () => {
    const { page } = await open(`<!doctype html><img src="http://127.0.0.1:${port}/control">`, 'control.html');
    await page.waitForTimeout(300);
    await page.close();
    assert.deepEqual(hits.splice(0), ['/control']);
  });

  it('renders hostile payloads as inert text: nothing runs, nothing loads, no dialog', async () => {
    const run = fixtureRun({ hostile: { port } });
    const { page, watch } = await open(await collectText(renderHtmlReport(run)), 'hostile.html');
    // Expand every case so details (outputs, vars, reasons) are laid out too.
    await page.evaluate(() => {
      for (const row of document.querySelectorAll('tr.detail')) row.hidden = false;
    });
    await page.mouse.move(400, 400);
    await page.waitForTimeout(500);
    const state = await page.evaluate(() => ({
      pwned: window.__pwned,
      violations: window.__violations as string[],
      foreign: document.querySelectorAll('img, iframe, object, embed, base, a, image, form, link:not([rel=icon]), meta[http-equiv=refresh]').length,
      scripts: document.scripts.length,
      shownAsText: document.body.textContent!.includes('<script>window.__pwned = "script"</script>'),
      location: location.href,
    }));
    await page.close();
    assert.equal(state.pwned, undefined);
    assert.deepEqual(watch.dialogs, []);
    assert.deepEqual(watch.requests, []);
    assert.deepEqual(hits, [], 'the local listener saw no request');
    assert.deepEqual(watch.errors, []);
    assert.equal(state.foreign, 0, 'no element from a payload exists');
    assert.equal(state.scripts, 1);
    assert.ok(state.shownAsText, 'the payload is visible as text');
    assert.ok(state.location.endsWith('hostile.html'), 'no redirect');
    assert.deepEqual(state.violations, [], 'the CSP blocked nothing of ours (and nothing else tried)');
  });

  it('lays out a big table a page at a time', async () => {
    const run = fixtureRun({ repeats: 12 });
    const { page, watch } = await open(await collectText(renderHtmlReport(run)), 'big.html');
    const visible = (): Promise<number> => page.locator('#cases tbody.case:not([hidden])').count();
    assert.equal(await visible(), 200);
    assert.equal(await page.textContent('#matching'), String(run.records.length));
    await page.click('#more');
    assert.equal(await visible(), 400);
    await page.click('#more');
    assert.equal(await visible(), run.records.length);
    assert.ok(await page.locator('#more').isHidden());
    await page.fill('#filter', 'case-3');
    assert.equal(await visible(), run.records.filter((r) => r.caseId === 'case-3').length, 'a new filter starts from the first page');
    await page.close();
    assert.deepEqual(watch.errors, []);
  });

  it('draws the charts, sorts, filters and expands, and looks right in light and dark (screenshots)', async () => {
    const run = fixtureRun({ repeats: 4 });
    const before = fixtureRun({ repeats: 4, runId: 'run-2025-04-28-prev01' }).records.map((r) => ({
      ...r,
      pass: r.caseId === 'case-1' && r.modelId.startsWith('ollama/') ? false : r.caseId === 'case-2' && r.modelId.startsWith('openai/') ? true : r.pass,
    }));
    const baseline = await compareWithBaseline(run.records, before, { baselineRunId: 'run-2025-04-28-prev01' });
    const { page, watch } = await open(await collectText(renderHtmlReport({ ...run, baseline })), 'report.html');
    const rows = run.summary.rows;
    const bins = rows.reduce((t, r) => t + r.latencyHistogram!.counts.length, 0);

    // (No named functions inside evaluate: tsx's keepNames would reference a helper the page lacks.)
    const charts = await page.evaluate(() => {
      const passBars = [...document.querySelectorAll('#chart-pass-rate rect.bar')];
      return {
        pass: passBars.length,
        passDrawn: passBars.filter((b) => b.getBoundingClientRect().width * b.getBoundingClientRect().height > 0).length,
        cost: document.querySelectorAll('#chart-cost rect.bar').length,
        latencyCards: document.querySelectorAll('#chart-latency figure.mini').length,
        latencyBars: document.querySelectorAll('#chart-latency rect.bar').length,
        fill: getComputedStyle(passBars[0]!).fill,
      };
    });
    assert.deepEqual(
      { pass: charts.pass, passDrawn: charts.passDrawn, cost: charts.cost, latencyCards: charts.latencyCards, latencyBars: charts.latencyBars },
      { pass: rows.length, passDrawn: rows.length, cost: rows.length, latencyCards: rows.length, latencyBars: bins },
    );
    assert.equal(charts.fill, 'rgb(78, 121, 167)', 'the stylesheet applied under the CSP');

    const visible = (): Promise<number> => page.locator('#cases tbody.case:not([hidden])').count();
    assert.equal(await visible(), run.records.length);
    const first = await page.locator('#cases tbody.case').first().getAttribute('data-state');
    assert.equal(first, 'error', 'errors first, then failures');

    await page.fill('#filter', 'ollama');
    assert.equal(await visible(), run.records.filter((r) => r.modelId.startsWith('ollama/')).length);
    await page.fill('#filter', '');
    await page.click('button[data-filter="broken"]');
    assert.equal(await visible(), baseline.broken.length);
    assert.equal(Number(await page.textContent('#shown')), baseline.broken.length);
    await page.click('button[data-filter="all"]');

    await page.click('#cases th[data-key="latency"] button');
    const latencies = await page.$$eval('#cases tbody.case', (bodies) => bodies.map((b) => (b as unknown as El).dataset.latency!).filter((v) => v !== '').map(Number));
    assert.deepEqual(latencies, [...latencies].sort((a, b) => a - b), 'sorted by latency');
    assert.equal(await page.getAttribute('#cases th[data-key="latency"]', 'aria-sort'), 'ascending');
    await page.click('#cases th[data-key="latency"] button');
    assert.equal(await page.getAttribute('#cases th[data-key="latency"]', 'aria-sort'), 'descending');

    // The view a person wants: failing cases, the first one open.
    await page.click('#cases th[data-key="status"] button');
    await page.click('button[data-filter="failing"]');
    const failing = run.records.filter((r) => !r.pass).length;
    assert.equal(await visible(), failing);
    const row = page.locator('#cases tbody.case[data-state=failed]:not([hidden]) tr.row').first();
    await row.click();
    assert.equal(await row.getAttribute('aria-expanded'), 'true');
    assert.ok(await page.locator('#cases tbody.case[data-state=failed]:not([hidden]) tr.detail').first().isVisible());
    await row.press('Enter');
    assert.equal(await row.getAttribute('aria-expanded'), 'false', 'the keyboard toggles too');
    await row.press('Enter');

    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'eval-report.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    const darkFill = await page.$eval('#chart-pass-rate rect.bar', (b) => getComputedStyle(b as unknown as El).fill);
    assert.equal(darkFill, 'rgb(110, 163, 220)', 'the dark palette applies');
    const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(darkBg, 'rgb(13, 17, 23)');
    await page.screenshot({ path: path.join(RESULTS, 'eval-report-dark.png'), fullPage: true });
    const violations = await page.evaluate(() => window.__violations as string[]);
    await page.close();
    assert.deepEqual(violations, []);
    assert.deepEqual(watch.errors, []);
    assert.deepEqual(watch.requests, []);
  });
});

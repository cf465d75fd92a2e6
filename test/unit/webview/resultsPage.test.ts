// The results view's page (dist/webview/results.js, bundled from webview-ui/src/results/main.ts) in jsdom
// over the host's real HTML: it asks for the comparison of the selected runs, renders the reply as text (a
// hostile model id stays text), asks again when a selection changes, shows errors, and loads nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { loadPromptResults } from '../../../src/extension/results/resultsData';
import { resultsHtml } from '../../../src/extension/results/resultsHtml';
import type { ResultsComparison, ResultsToHost } from '../../../src/shared/resultsProtocol';
import { storeRun } from '../extension/storedRuns';
import type { TestElement, TestWindow } from './support/domTypes';
import { settle } from './support/fakeHost';
import { bundle, RecordingLoader } from './support/webviewDom';

const OLD = '20250101-090000-aaaaaa';
const NEW = '20250102-090000-bbbbbb';
const HOSTILE = 'evil/<img src=x onerror=alert(1)>';

function comparison(runId: string, baselineRunId: string): ResultsComparison {
  return {
    runId,
    baselineRunId,
    counts: { broken: 1, fixed: 0, new: 1, removed: 0, unchanged: 0 },
    cases: [
      { status: 'broken', caseId: 'b', modelId: 'openai/gpt-4o-mini', repeat: 0, pass: false, baselinePass: true, currentVersion: '1.1.0', baselineVersion: '1.0.0' },
      { status: 'new', caseId: 'a', modelId: HOSTILE, repeat: 1, pass: true },
    ],
    omitted: 0,
  };
}

describe('webview results page', () => {
  let ws: string;
  let html: string;
  before(async () => {
    ws = mkdtempSync(path.join(os.tmpdir(), 'promptyard-results-page-'));
    await storeRun(ws, OLD, '2025-01-01T09:00:00.000Z', [{ id: 'a', pass: true }]);
    await storeRun(ws, NEW, '2025-01-02T09:00:00.000Z', [{ id: 'a', pass: false }]);
    html = resultsHtml(await loadPromptResults(ws, 'tone'), { cspSource: 'https://webview.test', scriptUri: 'https://webview.test/results.js' });
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  async function open(): Promise<{ w: TestWindow; posted: ResultsToHost[]; loader: RecordingLoader; reply(id: number, body: object): Promise<void> }> {
    const loader = new RecordingLoader();
    const w = new JSDOM(html, { url: 'https://webview.test/index.html', runScripts: 'outside-only', pretendToBeVisual: true, resources: { interceptors: [loader.interceptor] } }).window;
    const posted: ResultsToHost[] = [];
    w.acquireVsCodeApi = () => ({ postMessage: (m: ResultsToHost) => void posted.push(JSON.parse(JSON.stringify(m)) as ResultsToHost), getState: () => undefined, setState: () => undefined });
    w.eval(await bundle('webview-ui/src/results/main.ts'));
    await settle();
    return {
      w,
      posted,
      loader,
      async reply(id, body) {
        w.dispatchEvent(new w.MessageEvent('message', { data: { kind: 'response', id, ...body } }));
        await settle();
      },
    };
  }
  const rows = (w: TestWindow) => Array.from(w.document.querySelectorAll('#compare-table tbody tr')).map((tr: TestElement) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent));

  it('compares the newest run with the one before it, and renders the reply as text', async () => {
    const page = await open();
    assert.equal(page.w.document.body.getAttribute('data-promptyard'), 'ready');
    assert.deepEqual(page.posted, [{ kind: 'request', id: 1, method: 'results/compare', params: { runId: NEW, baselineRunId: OLD } }]);
    assert.equal(page.w.document.querySelector('#compare-summary')!.textContent, 'Comparing…');
    await page.reply(1, { result: comparison(NEW, OLD) });
    assert.equal(page.w.document.querySelector('#compare-summary')!.textContent, '1 broken · 0 fixed · 1 new · 0 removed · 0 unchanged');
    assert.deepEqual(rows(page.w), [
      ['broken', 'b', 'openai/gpt-4o-mini', 'pass (1.0.0)', 'fail (1.1.0)'],
      ['new', 'a #2', HOSTILE, '–', 'pass'],
    ]);
    assert.equal(page.w.document.querySelectorAll('#compare-table img').length, 0, 'a model id never becomes markup');
    assert.deepEqual(page.loader.requests.filter((u) => !u.endsWith('/results.js')), [], 'nothing loads');
    page.w.close();
  });

  it('asks again when the baseline changes, says when both are the same run, shows errors, and opens a report', async () => {
    const page = await open();
    await page.reply(1, { result: comparison(NEW, OLD) });
    const baseline = page.w.document.querySelector('#baseline')!;
    baseline.value = NEW;
    baseline.dispatchEvent(new page.w.Event('change'));
    await settle();
    assert.equal(page.posted.length, 1, 'no request to compare a run with itself');
    assert.equal(page.w.document.querySelector('#compare-summary')!.textContent, 'Pick a different baseline run to compare with.');
    assert.deepEqual(rows(page.w), []);

    const run = page.w.document.querySelector('#run')!;
    run.value = OLD;
    baseline.value = NEW;
    run.dispatchEvent(new page.w.Event('change'));
    await settle();
    assert.deepEqual(page.posted.at(-1), { kind: 'request', id: 2, method: 'results/compare', params: { runId: OLD, baselineRunId: NEW } });
    await page.reply(2, { error: { message: 'the run is gone', hint: 'Pick another.' } });
    assert.equal(page.w.document.querySelector('#compare-summary')!.textContent, 'Could not compare: the run is gone Pick another.');

    page.w.document.querySelector('#open-report')!.click();
    assert.deepEqual(page.posted.at(-1), { kind: 'request', id: 3, method: 'results/openReport', params: { runId: OLD } });
    page.w.close();
  });
});

// The versions and results views as a person uses them: "Open Eval Results" on a prompt with stored runs
// shows its charts and the case-by-case comparison (a real round trip through the results protocol), and a
// version in the Prompts tree diffs with another one in VS Code's diff editor.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { createRun, runsDir } from '../../src/core/evals/store/runStore';
import type { CaseRecord } from '../../src/core/evals/types';
import { openRegistry } from '../../src/core/prompts/registry/registry';
import { screenshot } from './support/artifacts';
import { textContrast } from './support/contrast';
import { editorTab, pickQuickItem, runCommand, setColorTheme } from './support/vscodeUi';
import { workbenchScenario } from './support/scenario';

const FILE = 'prompts/summarize.prompt.yml';
const MODELS = ['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5'];
const PANEL_IFRAME = 'iframe.webview.ready[src*="extensionId=promptyard.promptyard"]:not([src*="purpose=webviewView"])';

describe('e2e: prompt versions and eval results', () => {
  const s = workbenchScenario({
    prepare: async (ws) => {
      // Two releases and two labels, through core's registry as `promptyard prompts` would write them.
      const registry = openRegistry(ws.dir, { git: false, author: 'e2e' });
      await registry.release(ws.file(FILE), { message: 'first release' });
      writeFileSync(ws.file(FILE), readFileSync(ws.file(FILE), 'utf8').replace('most important first', 'most important first, numbers kept exact'));
      await registry.release(ws.file(FILE), { bump: 'minor', message: 'keep numbers exact' });
      await registry.label('summarize', 'production', '1.0.0');
      await registry.label('summarize', 'staging', '1.1.0');
      const versions = registry.lock().prompts.summarize!.versions;
      // Four stored runs over both versions and two models.
      const plan: Array<[string, string, number]> = [
        ['2025-03-01T10:00:00.000Z', '1.0.0', 0.5],
        ['2025-03-02T10:00:00.000Z', '1.0.0', 0.75],
        ['2025-03-03T10:00:00.000Z', '1.1.0', 0.75],
        ['2025-03-04T10:00:00.000Z', '1.1.0', 1],
      ];
      for (const [i, [at, version, rate]] of plan.entries()) await storeRun(ws.dir, `2025030${i + 1}-100000-00000${i}`, at, version, versions[version]!.sha256, rate);
    },
  });

  it('opens the results view of a prompt: charts of pass rate over time, cost and latency, and a comparison', async () => {
    const page = s.wb.page;
    // No prompt file open: the command offers the prompts that have stored runs.
    await runCommand(page, 'Promptyard: Open Eval Results');
    await pickQuickItem(page, 'summarize');
    const view = page.frameLocator(`${PANEL_IFRAME}:visible`).frameLocator('#active-frame');
    await view.locator('body[data-promptyard=ready]').waitFor({ timeout: 30_000 });
    for (const chart of ['#chart-pass-rate-time', '#chart-cost-per-run', '#chart-latency svg']) await view.locator(chart).first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await view.locator('#chart-pass-rate-time circle').count(), 8, 'a point per version × model per run');
    assert.equal(await view.locator('#chart-pass-rate-time polyline').count(), 4, 'a line per version × model');
    assert.equal(await view.locator('#chart-cost-per-run rect.bar').count(), 4, 'a bar per run');
    assert.match(await view.locator('.legend').first().innerText(), /1\.0\.0 · anthropic\/claude-haiku-4-5[\s\S]*1\.1\.0 · openai\/gpt-4o-mini/);
    // The page asked the host to compare the newest run with the one before it, and got the cases back.
    await view.locator('#compare-table tbody tr').first().waitFor({ timeout: 15_000 });
    assert.match(await view.locator('#compare-summary').innerText(), /^0 broken · 2 fixed · 0 new · 0 removed · 6 unchanged$/);
    assert.equal(await view.locator('#compare-table tbody tr[data-status=fixed]').count(), 2);
    await screenshot(page, 'results-view');

    await view.locator('#baseline').selectOption({ index: 3 });
    await waitForText(view, '#compare-summary', /^0 broken · 4 fixed · 0 new · 0 removed · 4 unchanged$/);
    await view.locator('#compare').scrollIntoViewIfNeeded();
    await screenshot(page, 'results-view-compared');

    // The theme's colours: the page follows a switch to a dark theme, and its text stays readable.
    const strokeOf = () => view.locator('#chart-pass-rate-time polyline.s0').first().evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { stroke: string } }).getComputedStyle(el).stroke);
    const light = { stroke: await strokeOf(), text: await textContrast(view.locator('h1'), '#ffffff') };
    await setColorTheme(page, 'Dark Modern');
    await waitUntil(async () => (await textContrast(view.locator('h1'), '#1f1f1f')).color !== light.text.color, 'the page to take the dark theme');
    const dark = { stroke: await strokeOf(), text: await textContrast(view.locator('h1'), '#1f1f1f'), tick: await textContrast(view.locator('#chart-pass-rate-time text.tick').first(), '#1f1f1f') };
    assert.notEqual(dark.stroke, light.stroke, 'series colours come from the theme');
    assert.ok(light.text.ratio >= 4.5 && dark.text.ratio >= 4.5, `title contrast ${light.text.ratio.toFixed(1)} / ${dark.text.ratio.toFixed(1)}`);
    assert.ok(dark.tick.ratio >= 3, `axis labels in the dark theme: ${dark.tick.ratio.toFixed(1)}`);
    await view.locator('h1').scrollIntoViewIfNeeded();
    await screenshot(page, 'results-view-dark');
    await setColorTheme(page, 'Light Modern');
  });

  it('diffs two versions from the Prompts tree in the diff editor', async () => {
    const page = s.wb.page;
    await runCommand(page, 'View: Close All Editors');
    const icon = page.locator('.part.activitybar .action-item .action-label[aria-label="Promptyard"]');
    await icon.click();
    const tree = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: /^Prompts/ }) });
    const header = tree.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const file = tree.locator('.monaco-list-row').filter({ hasText: 'summarize.prompt.yml' }).first();
    await file.waitFor({ timeout: 30_000 });
    assert.match(await file.innerText(), /production 1\.0\.0 · staging 1\.1\.0/);
    await file.locator('.monaco-tl-twistie').click();
    const version = tree.locator('.monaco-list-row').filter({ hasText: /^1\.1\.0/ }).first();
    await version.waitFor({ timeout: 15_000 });
    assert.match(await version.innerText(), /staging · 20\d\d-\d\d-\d\d/);
    // The version's context menu; its inline diff button when the menu closes before the click lands.
    await version.click({ button: 'right' });
    const item = page.locator('.context-view .action-item:visible .action-label', { hasText: 'Diff Prompt Versions…' }).first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    await page.waitForTimeout(300); // the menu fades in
    await item.click();
    const versionPick = page.locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-label^="1.0.0"]').first();
    if (!(await versionPick.waitFor({ timeout: 5_000 }).then(() => true, () => false))) {
      await version.hover();
      await version.locator('.action-label[aria-label="Diff Prompt Versions…"]').click();
    }
    await pickQuickItem(page, '1.0.0');
    const tab = editorTab(page, 'summarize: 1.0.0 ↔ 1.1.0');
    await tab.waitFor({ timeout: 15_000 });
    const diff = page.locator('.editor-group-container.active .monaco-diff-editor');
    await diff.waitFor({ timeout: 15_000 });
    await diff.locator('.editor.modified .view-lines').filter({ hasText: 'numbers kept exact' }).waitFor({ timeout: 15_000 });
    assert.doesNotMatch(await diff.locator('.editor.original .view-lines').innerText(), /numbers kept exact/, 'the older snapshot on the left');
    await screenshot(page, 'versions-diff');
  });
});

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function waitForText(view: FrameLocator, selector: string, text: RegExp, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!text.test(await view.locator(selector).innerText())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${selector} to read ${text}: ${await view.locator(selector).innerText()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One stored run: 8 cases on each model, the first `rate` of them passing. */
async function storeRun(workspace: string, runId: string, createdAt: string, version: string, sha256: string, rate: number): Promise<void> {
  const writer = await createRun(path.join(runsDir(workspace), runId), {
    runId,
    createdAt,
    origin: 'e2e',
    suites: ['prompts/summarize.prompt.yml'],
    promptVersions: [{ id: 'summarize', version, sha256 }],
    models: MODELS,
    total: 16,
    status: 'complete',
  });
  for (const [m, modelId] of MODELS.entries()) {
    for (let c = 0; c < 4; c++) {
      const pass = c < rate * 4;
      const record: CaseRecord = {
        key: `summarize@${version}|${modelId}|case-${c}|0`,
        promptId: 'summarize',
        promptVersion: version,
        modelId,
        caseId: `case-${c}`,
        repeat: 0,
        promptSha256: sha256,
        suiteFile: 'prompts/summarize.prompt.yml',
        vars: { text: `document ${c}` },
        output: `- point ${c}`,
        pass,
        score: pass ? 1 : 0,
        results: [{ pass, score: pass ? 1 : 0, reason: pass ? 'contains the point' : 'missed the point', assertion: 'contains' }],
        latencyMs: 300 + 150 * c + 400 * m,
        usage: { inputTokens: 400, outputTokens: 80, cachedInputTokens: 0 },
        cost: 0.0004 + 0.0006 * m,
        cached: false,
        finishedAt: createdAt,
      };
      await writer.append(record);
    }
  }
  await writer.close();
}

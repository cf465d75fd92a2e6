// Security in the real webview (SECURITY.md): a strict CSP with a fresh nonce per render; model output that
// tries to load from a local listener (Markdown images, <img>, SVG <image href>, reference links, CSS urls,
// frames) or to run something (javascript:, command: links) loads nothing and runs nothing; a canary key set
// through the command is found in no file and no log, except VS Code's own secret store.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { screenshot } from './support/artifacts';
import { setApiKeyThroughPalette } from './support/keys';
import { startListener, type Listener } from './support/listener';
import { PlaygroundUi } from './support/playgroundUi';
import type { PageElement } from './support/pageTypes';
import { filesContaining } from './support/scanFiles';
import { editorTab, openFile, quickInput, runCommand } from './support/vscodeUi';
import type { Workbench } from './support/workbench';
import { workbenchScenario } from './support/scenario';

const GPT = 'openai/gpt-4o-mini';
const CANARY = `sk-canary-${randomBytes(16).toString('hex')}`;

/** Model output that tries every way we know to make the webview fetch something, or run something. */
function hostileAnswer(base: string): string {
  return [
    '# Report',
    `![tracking pixel](${base}/markdown-image.png)`,
    `<img src="${base}/html-img.png" onerror="fetch('${base}/onerror')">`,
    `<svg width="10" height="10"><image href="${base}/svg-image.png" width="10" height="10"/></svg>`,
    `See [the reference][ref] and [an inline link](${base}/inline-link).`,
    `[ref]: ${base}/reference-link`,
    `<div style="background-image: url(${base}/css-url.png)">styled</div>`,
    `<iframe src="${base}/iframe"></iframe>`,
    `<video poster="${base}/video-poster.png"></video>`,
    `<link rel="stylesheet" href="${base}/stylesheet.css">`,
    `[run script](javascript:fetch('${base}/javascript-link'))`,
    '[run command](command:workbench.action.files.newUntitledFile)',
    `<a href="command:promptyard.setApiKey">set a key</a>`,
    'Done.',
  ].join('\n\n'); // one block each: an HTML block would swallow the Markdown lines after it
}

describe('e2e: security of the playground webview', () => {
  const s = workbenchScenario({ llm: true, window: ({ llm }) => ({ env: { OPENAI_BASE_URL: llm.openaiBaseURL } }) });
  let listener: Listener;
  let ui: PlaygroundUi;
  const consoleLines: string[] = [];

  before(async () => {
    listener = await startListener();
    s.wb.page.on('console', (m) => consoleLines.push(m.text()));
    ui = await PlaygroundUi.openView(s.wb.page);
  });

  after(async () => {
    await listener?.close();
  });

  it('each render has its own nonce and a CSP with no remote images, no eval and nothing by default', async () => {
    const view = await cspOf(ui);
    await openFile(s.wb.page, 'prompts/summarize.prompt.yml');
    await runCommand(s.wb.page, 'Promptyard: Open in Playground');
    const panel = await cspOf(await PlaygroundUi.panel(s.wb.page));
    await screenshot(s.wb.page, 'security-two-renders');
    assert.notEqual(view.nonce, panel.nonce, 'a fresh nonce per render');
    for (const { policy, nonce, scriptNonces } of [view, panel]) {
      assert.ok(nonce.length >= 16, `a long nonce (${nonce})`);
      assert.deepEqual(scriptNonces, [nonce], 'the page\'s one script carries the nonce');
      const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
      assert.deepEqual(directives.get('default-src'), ["'none'"]);
      assert.deepEqual(directives.get('script-src'), [`'nonce-${nonce}'`]);
      const img = directives.get('img-src') ?? [];
      assert.ok(img.length > 0 && !img.some((s) => s === '*' || s === 'https:' || s === 'http:'), `img-src ${img.join(' ')}`);
      // webview.cspSource: the extension's own files, served by VS Code from its resource host.
      assert.ok(img.every((s) => s === "'self'" || s === 'data:' || /^https:\/\/\*\.vscode-cdn\.net$/.test(s)), `img-src ${img.join(' ')}`);
      assert.doesNotMatch(policy, /unsafe-eval|unsafe-inline/);
    }
  });

  it('hostile Markdown and HTML in an answer load nothing from a local listener and run no command', async () => {
    await setApiKeyThroughPalette(s.wb.page, 'openai', CANARY);
    await runCommand(s.wb.page, 'View: Close All Editors');
    ui = await PlaygroundUi.openView(s.wb.page);
    await ui.pickModel(GPT);
    await ui.setMessage(1, `Summarize {{topic}}. [[reply: ${hostileAnswer(listener.url)}]]`);
    await ui.run();
    assert.deepEqual(await ui.waitSettled(), { [GPT]: 'done' });
    const body = ui.column(GPT).locator('[data-testid=output-body]');
    assert.match(await body.innerText(), /Report[\s\S]*Done\./, 'the answer rendered');
    assert.equal(s.llm.chatRequests().at(-1)?.keyLength, CANARY.length, 'the run used the canary key');

    const dangerous = await body.evaluate((el) => ({
      elements: el.querySelectorAll('img, svg, image, iframe, video, link, object, embed, style, script').length,
      styled: el.querySelectorAll('[style]').length,
      hrefs: [...el.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? ''),
    }));
    assert.equal(dangerous.elements, 0, 'no element that loads or runs');
    assert.equal(dangerous.styled, 0, 'no inline styles');
    assert.ok(dangerous.hrefs.every((h) => /^https?:/.test(h)), `only http(s) links are kept: ${dangerous.hrefs.join(', ')}`);

    for (const text of ['run script', 'run command', 'set a key']) await body.getByText(text, { exact: true }).click();
    await ui.testId('raw-toggle').check();
    await ui.testId('raw-toggle').uncheck();
    await s.wb.page.waitForTimeout(1500);
    assert.deepEqual(listener.hits, [], 'the listener saw no request');
    assert.equal(await quickInput(s.wb.page).isVisible(), false, 'command:promptyard.setApiKey did not run');
    assert.equal(await editorTab(s.wb.page, 'Untitled-1').count(), 0, 'command:workbench.action.files.newUntitledFile did not run');
    await ui.showAnswers();
    await screenshot(s.wb.page, 'security-hostile-answer');
  });

  it('the canary key is in no file and no log, except VS Code\'s secret store', async () => {
    const column = ui.column(GPT);
    await column.locator('[data-testid=feedback-up]').click();
    await column.locator('[data-testid=feedback-send]').click();
    await column.locator('[data-testid=feedback-result]').waitFor();
    await runCommand(s.wb.page, 'Promptyard: Show Providers');
    await s.wb.page.keyboard.press('Escape');
    await s.wb.page.waitForTimeout(1000); // let logs flush

    const roots = [s.wb.server.baseDir, s.ws.dir, s.wb.browser.userDataDir];
    // The scan finds what it should: a probe file with the canary in it.
    const probe = path.join(s.wb.server.userDataDir, 'probe.txt');
    writeFileSync(probe, `key=${CANARY}\n`);
    assert.ok(filesContaining(roots, CANARY).includes(probe), 'the scan finds the canary in a file');
    rmSync(probe);

    const found = filesContaining(roots, CANARY);
    process.stdout.write(`      files with the canary: ${found.map((f) => path.relative('/tmp', f)).join(', ') || 'none'}\n`);
    const leaks = found.filter((f) => !isSecretStore(f, s.wb));
    assert.deepEqual(leaks, [], 'the key leaked into these files');
    assert.ok(!s.wb.server.log().includes(CANARY), 'code-server output has no key');
    assert.ok(!consoleLines.some((l) => l.includes(CANARY)), 'the browser console has no key');
  });
});

async function cspOf(ui: PlaygroundUi): Promise<{ policy: string; nonce: string; scriptNonces: string[] }> {
  const policy = (await ui.frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1] ?? '';
  // VS Code injects its own acquireVsCodeApi script before the page's head; the page's scripts follow its CSP.
  const scriptNonces = await ui.frame.locator('meta[http-equiv="Content-Security-Policy"] ~ script, body script').evaluateAll((els: PageElement[]) => els.map((e) => e.nonce ?? ''));
  return { policy, nonce, scriptNonces };
}

/** Where VS Code keeps secrets in code-server: the browser's storage for the workbench origin. */
function isSecretStore(file: string, wb: Workbench): boolean {
  return file.startsWith(wb.browser.userDataDir) && /IndexedDB|Local Storage/.test(file);
}

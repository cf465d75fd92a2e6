// "Open in Playground" on an example prompt: a panel bound to the file; an edit in the panel shows in the
// editor (dirty, undoable), saving writes it to disk, and typing in the editor shows in the panel.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { screenshot } from './support/artifacts';
import { PlaygroundUi } from './support/playgroundUi';
import { editorTab, openFile, runCommand } from './support/vscodeUi';
import { workbenchScenario } from './support/scenario';

const FILE = 'prompts/summarize.prompt.yml';
const ADDED = 'Quote numbers exactly as written.';

describe('e2e: Open in Playground on a prompt file', () => {
  const s = workbenchScenario();

  it('edits in the panel go to the editor, saving writes the file, and editor edits show in the panel', async () => {
    const page = s.wb.page;
    const before = readFileSync(s.ws.file(FILE), 'utf8');
    await openFile(page, FILE);
    await runCommand(page, 'Promptyard: Open in Playground');
    const panel = await PlaygroundUi.panel(page);
    assert.match(await panel.testId('bound-file').innerText(), /summarize\.prompt\.yml/);
    assert.match(await panel.message(0).inputValue(), /You summarize documents for \{\{audience\}\}/);

    const system = panel.message(0);
    await system.click();
    await system.press('Control+End');
    await system.pressSequentially(`\n${ADDED}`, { delay: 5 });
    const tab = editorTab(page, 'summarize.prompt.yml').first();
    await tab.and(page.locator('.dirty')).waitFor({ timeout: 10_000 });
    assert.equal(readFileSync(s.ws.file(FILE), 'utf8'), before, 'nothing is written before the user saves');
    await screenshot(page, 'open-in-playground-edited');

    await tab.click();
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+S');
    await waitUntil(() => readFileSync(s.ws.file(FILE), 'utf8').includes(ADDED), 10_000, 'the file on disk has the panel edit');
    const after = readFileSync(s.ws.file(FILE), 'utf8');
    assert.match(after, /Answer with at most \{\{maxBullets\}\} bullet points, most important first, each under 25 words\.\n\s+Quote numbers exactly as written\./);
    assert.match(after, /testData:/, 'the rest of the file is kept');
    assert.match(after, /evaluators:/);

    // The other way: typing in the editor shows in the panel.
    await page.keyboard.press('Control+F');
    await page.keyboard.type('<document> tags.');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.keyboard.press('End');
    await page.keyboard.type(' Be brief.');
    await waitUntilAsync(async () => /<document> tags\. Be brief\./.test(await panel.message(1).inputValue()), 10_000, 'the panel shows the editor edit');
    await screenshot(page, 'open-in-playground-saved');
  });
});

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return waitUntilAsync(async () => check(), timeoutMs, what);
}

async function waitUntilAsync(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

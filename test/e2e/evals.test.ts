// Evals as a person runs them, in the packaged extension: "Run evals" from the CodeLens of a prompt file; the
// run's estimate would pass the monthly budget, so a modal asks first; then the failure in the Test Explorer
// and at its testData row, and today's spend in the status bar. The test LLM server stands in for OpenAI.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLlmServer, type LlmServer } from '../support/llmServer';
import { screenshot, screenshotOnFailure } from './support/artifacts';
import { openFile, runCommand, waitForNotification } from './support/vscodeUi';
import { openWorkbench, type Workbench } from './support/workbench';

const FILE = 'evals/greet.prompt.yml';
const PROMPT = `name: Greeter
model: openai/gpt-4o
messages:
  - role: system
    content: You greet people.
  - role: user
    content: "Greet {{name}}. [[reply: {{answer}}]]"
testData:
  - id: ada
    name: Ada
    answer: Hello Ada!
    assert:
      - type: icontains
        value: ada
  - id: bob
    name: Bob
    answer: Goodbye Bob
    assert:
      - type: equals
        value: Hello Bob
  - id: cara
    name: Cara
    answer: Hi Cara
    assert:
      - type: javascript
        value: output.includes('Cara')
`;

describe('e2e: evals from the CodeLens', () => {
  let server: LlmServer;
  let dir: string;
  let wb: Workbench;
  screenshotOnFailure(() => wb?.page);

  before(async () => {
    server = await startLlmServer();
    dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-e2e-evals-'));
    mkdirSync(path.join(dir, 'evals'));
    writeFileSync(path.join(dir, FILE), PROMPT);
    wb = await openWorkbench({
      folder: dir,
      env: { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: 'sk-e2e-evals-0000' },
      // A budget of a ten-thousandth of a cent: any priced run would pass it.
      settings: { 'promptyard.useEnvironmentKeys': true, 'promptyard.budget.monthlyUsd': 0.000001 },
    });
  });

  after(async () => {
    await wb?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs the evals from the CodeLens after the budget question, and shows the failure in the Test Explorer and at its row', async () => {
    const page = wb.page;
    await openFile(page, FILE);
    const lens = page.locator('.monaco-editor .codelens-decoration a').filter({ hasText: 'Run evals (3 cases)' });
    await lens.waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.monaco-editor .codelens-decoration a').filter({ hasText: 'Run this case' }).count(), 3);
    await lens.click();

    const dialog = page.locator('.monaco-dialog-box').filter({ hasText: 'would pass your monthly budget' });
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /3 model calls, estimated at <?\$0\.\d+/);
    await screenshot(page, 'evals-budget-question');
    assert.equal(server.chatRequests().length, 0, 'nothing is sent before the answer');
    await dialog.locator('.dialog-buttons .monaco-button').filter({ hasText: 'Run Anyway' }).click();

    // The failure at its row: VS Code's test error widget on the editor (a diff shows as actual != expected).
    const inline = page.locator('.monaco-editor .test-error-content-widget').filter({ hasText: /Goodbye\s+Bob\s+!=\s+Hello\s+Bob/ });
    await inline.waitFor({ timeout: 60_000 });
    assert.equal(server.chatRequests().length, 3);
    await waitForNotification(page, /past your monthly budget/);
    await screenshot(page, 'evals-failure-at-line');

    await runCommand(page, 'Testing: Focus on Test Explorer View');
    const tree = page.locator('.test-explorer .monaco-list');
    const suite = tree.locator('.monaco-list-row').filter({ hasText: 'Greeter' }).first();
    await suite.waitFor({ timeout: 30_000 });
    if ((await suite.getAttribute('aria-expanded')) === 'false') await suite.click();
    const bob = tree.locator('.monaco-list-row').filter({ hasText: /^bob/ }).first();
    await bob.waitFor({ timeout: 15_000 });
    assert.match((await bob.getAttribute('aria-label')) ?? '', /Failed/i);
    for (const passing of ['ada', 'cara']) {
      assert.match((await tree.locator('.monaco-list-row').filter({ hasText: new RegExp(`^${passing}`) }).first().getAttribute('aria-label')) ?? '', /Passed/i, passing);
    }
    await screenshot(page, 'evals-test-explorer');

    const spend = page.locator('.part.statusbar .statusbar-item').filter({ hasText: /tok · / }).first();
    assert.match(await spend.innerText(), /^\S* ?\d+ tok · <?\$0\.\d+$/);
  });
});

// The playground webview as a person uses it, through the data-testids of webview-ui/README.md. The side
// view and a bound editor panel are separate webviews: VS Code marks the view's iframe `purpose=webviewView`.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { runCommand } from './vscodeUi';

export type ColumnStatus = 'waiting' | 'streaming' | 'done' | 'failed' | 'stopped';

const VIEW_IFRAME = 'iframe.webview.ready[src*="extensionId=promptyard.promptyard"][src*="purpose=webviewView"]';
const PANEL_IFRAME = 'iframe.webview.ready[src*="extensionId=promptyard.promptyard"]:not([src*="purpose=webviewView"])';

export class PlaygroundUi {
  constructor(
    readonly page: Page,
    readonly frame: FrameLocator,
  ) {}

  /** The Playground view in the Promptyard side bar, opened through the palette. */
  static async openView(page: Page): Promise<PlaygroundUi> {
    await runCommand(page, 'Promptyard: Open Playground');
    return PlaygroundUi.shownView(page);
  }

  /** The Playground view once it shows (opened through the palette or the activity bar). */
  static async shownView(page: Page): Promise<PlaygroundUi> {
    const ui = new PlaygroundUi(page, page.frameLocator(VIEW_IFRAME).frameLocator('#active-frame'));
    await ui.ready();
    await roomForTheView(page);
    return ui;
  }

  /** The editor panel opened by "Open in Playground" (the one visible). */
  static async panel(page: Page): Promise<PlaygroundUi> {
    const ui = new PlaygroundUi(page, page.frameLocator(`${PANEL_IFRAME}:visible`).frameLocator('#active-frame'));
    await ui.ready();
    return ui;
  }

  async ready(): Promise<void> {
    await this.frame.locator('[data-testid=playground][data-phase=ready]').waitFor({ timeout: 30_000 });
  }

  testId(id: string): Locator {
    return this.frame.locator(`[data-testid="${id}"]`);
  }

  message(index: number, list: 'a' | 'b' = 'a'): Locator {
    return this.testId(`messages-${list}`).locator(`[data-testid=message][data-index="${index}"] [data-testid=message-content]`);
  }

  /** Replaces the text of message `index` as typed keys (so variables are detected as you type). */
  async typeMessage(index: number, text: string): Promise<void> {
    const box = this.message(index);
    await box.fill('');
    await box.pressSequentially(text, { delay: 5 });
  }

  async setMessage(index: number, text: string): Promise<void> {
    await this.message(index).fill(text);
  }

  variable(name: string): Locator {
    return this.testId(`variable-${name}`);
  }

  async setVariable(name: string, value: string): Promise<void> {
    await this.variable(name).fill(value);
  }

  modelOption(id: string): Locator {
    return this.frame.locator(`[data-testid=model-option][data-model-id="${id}"] input`);
  }

  async pickModel(id: string): Promise<void> {
    const input = this.modelOption(id);
    await input.waitFor({ timeout: 20_000 });
    if (!(await input.isChecked())) await input.check();
  }

  async setCompare(on: boolean): Promise<void> {
    await this.testId('compare-toggle').setChecked(on);
  }

  async run(): Promise<void> {
    const run = this.testId('run');
    await run.waitFor();
    const problems = this.testId('run-problems');
    if (await run.isDisabled()) throw new Error(`Run is disabled: ${(await problems.innerText().catch(() => '')).trim()}`);
    await run.click();
  }

  columns(): Locator {
    return this.testId('output-column');
  }

  column(modelId: string): Locator {
    return this.frame.locator(`[data-testid=output-column][data-model-id="${modelId}"]`);
  }

  /** Waits until every column of the run is settled; returns their statuses by model. */
  async waitSettled(timeoutMs = 30_000): Promise<Record<string, ColumnStatus>> {
    await this.testId('run').waitFor({ timeout: timeoutMs });
    const settled = this.frame.locator('[data-testid=output-column]:not([data-status=waiting]):not([data-status=streaming])');
    const until = Date.now() + timeoutMs;
    while ((await settled.count()) < (await this.columns().count())) {
      if (Date.now() > until) throw new Error('the run did not settle');
      await this.page.waitForTimeout(100);
    }
    const statuses = await this.columns().evaluateAll((els) => els.map((e) => [e.getAttribute('data-model-id') ?? '', e.getAttribute('data-status') ?? '']));
    return Object.fromEntries(statuses) as Record<string, ColumnStatus>;
  }

  /** Scrolls the answers into view (for screenshots). */
  async showAnswers(): Promise<void> {
    await this.testId('output-columns').scrollIntoViewIfNeeded();
  }

  async answerText(modelId: string): Promise<string> {
    return (await this.column(modelId).locator('[data-testid=output-body]').innerText()).trim();
  }

  async failure(modelId: string): Promise<{ message: string; hint: string }> {
    const error = this.column(modelId).locator('[data-testid=output-error]');
    await error.waitFor({ timeout: 30_000 });
    const message = (await error.locator('strong').innerText()).trim();
    const hint = (await error.locator('[data-testid=output-hint]').innerText().catch(() => '')).trim();
    return { message, hint };
  }
}

/** Collapses the Prompts view and widens the side bar, so the playground (and its screenshots) has room. */
async function roomForTheView(page: Page): Promise<void> {
  const prompts = page.locator('.part.sidebar .pane-header[aria-expanded="true"]').filter({ hasText: /^Prompts/ });
  if (await prompts.count()) await prompts.first().click();
  const box = await page.locator('.part.sidebar').boundingBox();
  const viewport = page.viewportSize();
  if (!box || !viewport) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(Math.round(viewport.width * 0.62), y, { steps: 8 });
  await page.mouse.up();
}

// The workbench as a person uses it: the command palette, quick picks, input boxes, notifications, Quick Open
// and the editor. The palette can open before the extension's contributions are registered, so commands
// are retried until they show up.
import type { Locator, Page } from 'playwright-core';

const QUICK_INPUT = '.quick-input-widget';

export function quickInput(page: Page): Locator {
  return page.locator(`${QUICK_INPUT} .quick-input-box input`);
}

/** Rows of the open quick pick whose label matches. */
export function quickPickRow(page: Page, label: string | RegExp): Locator {
  return page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`).filter({ hasText: label });
}

async function closeQuickInput(page: Page): Promise<void> {
  if (await page.locator(QUICK_INPUT).isVisible()) await page.keyboard.press('Escape');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
}

/** Runs a command by its palette title (e.g. "Promptyard: Set API Key…"), retrying until it is registered. */
export async function runCommand(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await closeQuickInput(page);
    await page.keyboard.press('F1');
    const input = quickInput(page);
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row[aria-label^="${title.replace(/"/g, '\\"')}"]`).first();
    try {
      await row.waitFor({ timeout: 2_000 });
      await row.click();
      return;
    } catch (error) {
      if (Date.now() > until) throw new Error(`the command "${title}" never appeared in the palette: ${String(error)}`);
      await page.waitForTimeout(500);
    }
  }
}

/** Picks the item of the open quick pick whose label is `label` (its row's aria-label starts with it). */
export async function pickQuickItem(page: Page, label: string): Promise<void> {
  const rows = page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`);
  const row = rows.and(page.locator(`[aria-label="${label}"], [aria-label^="${label},"], [aria-label^="${label} "]`)).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

/** Types into the input box titled `title` and accepts it; returns whether it was a password box. */
export async function answerInputBox(page: Page, title: string | RegExp, text: string): Promise<{ password: boolean }> {
  // The quick pick before it used the same widget: wait until it shows the input box's title.
  await page.locator(`${QUICK_INPUT} .quick-input-title`).filter({ hasText: title }).waitFor({ timeout: 15_000 });
  const input = quickInput(page);
  const password = (await input.getAttribute('type')) === 'password';
  await input.fill(text);
  await input.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 10_000 });
  return { password };
}

/** Waits for a notification toast containing `text`; returns its text. */
export async function waitForNotification(page: Page, text: string | RegExp, timeoutMs = 20_000): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
  await toast.waitFor({ timeout: timeoutMs });
  return (await toast.innerText()).trim();
}

export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
}

/** Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor tab. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const base = relativePath.split('/').pop()!;
  await closeQuickInput(page);
  await page.keyboard.press('Control+P');
  const input = quickInput(page);
  await input.waitFor({ timeout: 10_000 });
  await input.fill(relativePath);
  await quickPickRow(page, base).first().waitFor({ timeout: 15_000 });
  await input.press('Enter');
  await editorTab(page, base).waitFor({ timeout: 15_000 });
}

export function editorTab(page: Page, label: string): Locator {
  return page.locator('.tabs-container .tab').filter({ hasText: label });
}

/** Switches the color theme as a person does ("Preferences: Color Theme", pick by its label, e.g. "Dark Modern"). */
export async function setColorTheme(page: Page, label: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  await quickInput(page).fill(label);
  await pickQuickItem(page, label);
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 10_000 });
}

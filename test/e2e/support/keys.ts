// "Promptyard: Set API Key…" as a new user runs it: the palette, the provider pick, the password box.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { answerInputBox, pickQuickItem, runCommand, waitForNotification } from './vscodeUi';

export async function setApiKeyThroughPalette(page: Page, provider: string, key: string): Promise<void> {
  await runCommand(page, 'Promptyard: Set API Key…');
  await pickQuickItem(page, provider);
  const { password } = await answerInputBox(page, `API key for ${provider}`, key);
  assert.ok(password, 'the key is typed into a password box');
  await waitForNotification(page, `Saved the ${provider} key`);
}

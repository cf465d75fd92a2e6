// Screenshots kept as CI artifacts under test-results/e2e/ (gitignored).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../../support/cli';

export const RESULTS_DIR = path.join(ROOT, 'test-results/e2e');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Registers an afterEach that keeps a screenshot of the page when a test failed. */
export function screenshotOnFailure(page: () => Page | undefined): void {
  afterEach(async function () {
    const current = page();
    if (this.currentTest?.state !== 'failed' || !current) return;
    const name = `FAILED-${this.currentTest.fullTitle().replace(/[^\w-]+/g, '-').slice(0, 100)}`;
    await screenshot(current, name).catch(() => undefined);
  });
}

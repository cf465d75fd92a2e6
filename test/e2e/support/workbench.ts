// One real VS Code for a scenario file: code-server on 127.0.0.1 with the packaged .vsix installed, opened
// in headless Chromium on a folder. Its environment reaches the extension host (OPENAI_BASE_URL, ...).
// close() kills code-server's process group and Chromium and deletes their folders.
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../../support/chromium';
import { startCodeServer, type CodeServer } from '../../support/codeServer';
import { packagedVsix } from './vsix';

export interface WorkbenchOptions {
  /** The folder to open. */
  folder: string;
  /** Environment of code-server and so of the extension host. */
  env?: NodeJS.ProcessEnv;
  /** User settings on top of the test defaults. */
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
}

export interface Workbench {
  page: Page;
  server: CodeServer;
  browser: ChromiumSession;
  close(): Promise<void>;
}

/** Settings every scenario wants: offline, no prompts of its own in the way, providers only from the test. */
export const E2E_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.colorTheme': 'Default Light Modern',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'files.autoSave': 'off',
  'git.enabled': false,
  // Keys from the test runner's environment must not count: a scenario sets its own through the command.
  'promptyard.useEnvironmentKeys': false,
  'promptyard.ollama.detect': false,
};

export async function openWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const vsix = await packagedVsix();
  const server = await startCodeServer({ vsix, env: options.env, settings: { ...E2E_SETTINGS, ...options.settings }, isolateHome: true });
  let browser: ChromiumSession | undefined;
  try {
    browser = await launchChromium({ viewport: options.viewport ?? { width: 1440, height: 900 } });
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${server.url}/?folder=${encodeURIComponent(options.folder)}`);
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    const session = browser;
    return {
      page,
      server,
      browser: session,
      async close() {
        await session.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw new Error(`the workbench did not open: ${error instanceof Error ? error.message : String(error)}\n${server.log().slice(-4000)}`);
  }
}

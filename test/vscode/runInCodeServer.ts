// Runs the extension-host tests (dist/test/extension) inside a real VS Code on this machine: code-server with
// the smoke-test driver, opened in headless Chromium with a test payload. The extension host's test runner
// reports its exit code through `codeAutomationExit`. Desktop VS Code runs the same tests via runElectron.ts.
//   node --import tsx test/vscode/runInCodeServer.ts [workspace-folder]
import path from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { ROOT } from '../support/cli';
import { startCodeServer } from '../support/codeServer';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';

async function main(): Promise<number> {
  const workspace = path.resolve(process.argv[2] ?? path.join(ROOT, 'test/fixtures/workspace'));
  const server = await startCodeServer({ vscodeOptions: ['enable-smoke-test-driver'] });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => printLog(type, Array.isArray(args) ? args : [args]));
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(path.join(ROOT, 'dist/test/extension/index.js'))],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(124), 5 * 60_000).unref());
    const code = await Promise.race([exit, timeout]);
    if (code === 124) process.stderr.write(`extension tests timed out\n${server.log()}\n`);
    return code;
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The workbench forwards console calls as (type, printf-style args); offline gallery lookups are noise here. */
let skippingStack = false;
function printLog(type: string, args: unknown[]): void {
  const text = args.length && typeof args[0] === 'string' ? format(...(args as [string, ...unknown[]])) : args.map(String).join(' ');
  for (const line of text.split('\n')) {
    if (/ENOTFOUND open-vsx\.org|marketplace/.test(line)) {
      skippingStack = true;
      continue;
    }
    if (skippingStack && /^\s+at /.test(line)) continue;
    skippingStack = false;
    process.stdout.write(`${type === 'error' ? '[error] ' : ''}${line}\n`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`extension tests could not run: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);

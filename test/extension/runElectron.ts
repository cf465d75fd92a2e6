// Runs the extension-host tests in desktop VS Code through @vscode/test-electron. Needs internet to
// download VS Code (or VSCODE_EXECUTABLE pointing at an installed one).
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..');
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'dist/test/extension/index.js'),
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE,
    launchArgs: [path.join(root, 'test/fixtures/workspace'), '--disable-extensions'],
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`extension tests failed: ${String(error)}\n`);
  process.exit(1);
});

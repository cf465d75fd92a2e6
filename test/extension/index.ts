// Mocha inside the VS Code extension host. Used by the "Extension Tests" launch configuration and by
// @vscode/test-electron (test/extension/runElectron.ts) on machines that can download VS Code.
import * as path from 'node:path';
import { readdirSync } from 'node:fs';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // PROMPTYARD_TEST_GREP (inherited from code-server's environment) runs only the matching tests.
  const grep = process.env.PROMPTYARD_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 20_000, ...(grep ? { grep } : {}) });
  const dir = __dirname;
  for (const file of readdirSync(dir)) if (file.endsWith('.test.js')) mocha.addFile(path.join(dir, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension test(s) failed`)) : resolve()));
  });
}

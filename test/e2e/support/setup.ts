// Mocha global setup of the e2e run: fresh screenshots, and the .vsix packaged once before the first file.
import { rmSync } from 'node:fs';
import { RESULTS_DIR } from './artifacts';
import { packagedVsix } from './vsix';

export async function mochaGlobalSetup(): Promise<void> {
  rmSync(RESULTS_DIR, { recursive: true, force: true });
  const started = Date.now();
  const vsix = await packagedVsix();
  process.stdout.write(`  packaged ${vsix} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

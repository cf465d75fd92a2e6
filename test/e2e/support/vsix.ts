// The .vsix the scenarios install: packaged once per test process with scripts/vscode/package.mjs (a
// production build, about 2 s), or the file named by PROMPTYARD_E2E_VSIX.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../support/cli';

let packaged: Promise<string> | undefined;

export function packagedVsix(): Promise<string> {
  if (process.env.PROMPTYARD_E2E_VSIX) return Promise.resolve(path.resolve(process.env.PROMPTYARD_E2E_VSIX));
  return (packaged ??= packageOnce());
}

function packageOnce(): Promise<string> {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'promptyard-vsix-')), 'promptyard.vsix');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/vscode/package.mjs'), '--out', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`packaging the extension failed (exit ${code}):\n${output}`))));
  });
}

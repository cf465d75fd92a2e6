// Runs the extension-host tests in desktop VS Code, downloaded by @vscode/test-electron (needs internet) or
// VSCODE_EXECUTABLE: the same dist/test/extension/index.js on the same fixture workspace as
// test/vscode/runInCodeServer.ts. Not through runTests(): it always adds --disable-workspace-trust, and these
// tests need the fixture workspace untrusted, as it is in code-server (nobody trusted it). So this spawns
// VS Code with runTests' other flags and a fresh profile whose settings skip the startup trust prompt.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode } from '@vscode/test-electron';

async function main(): Promise<number> {
  const root = path.resolve(__dirname, '../../..');
  const executable = process.env.VSCODE_EXECUTABLE ?? (await downloadAndUnzipVSCode());
  const profile = mkdtempSync(path.join(os.tmpdir(), 'promptyard-vscode-electron-'));
  const userDataDir = path.join(profile, 'user-data');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const settings = {
    'security.workspace.trust.startupPrompt': 'never',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'chat.disableAIFeatures': true,
    'workbench.startupEditor': 'none',
  };
  writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify(settings, null, 2));
  const args = [
    path.join(root, 'test/fixtures/workspace'),
    '--disable-extensions',
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-updates',
    '--skip-welcome',
    '--skip-release-notes',
    `--extensionDevelopmentPath=${root}`,
    `--extensionTestsPath=${path.join(root, 'dist/test/extension/index.js')}`,
    `--user-data-dir=${userDataDir}`,
    `--extensions-dir=${path.join(profile, 'extensions')}`,
  ];
  try {
    return await run(executable, args);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

function run(executable: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const shell = process.platform === 'win32';
    const child = spawn(shell ? `"${executable}"` : executable, args, { stdio: 'inherit', shell });
    const interrupt = () => child.kill('SIGINT');
    process.once('SIGINT', interrupt);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', interrupt);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`extension tests could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

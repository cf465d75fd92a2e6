// The CLI's keys in a REAL Secret Service (GNOME Keyring in a private D-Bus session started by this test),
// and the canary: a key stored with `promptyard keys set` and used in full runs appears in no file the CLI
// wrote and in none of its output, while `secret-tool` sees exactly what was stored.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLlmServer, type LlmServer } from '../../support/llmServer';
import { assertBuilt, CLI, cleanEnv, ROOT, runProcess } from '../../support/cli';

const CANARY = `sk-proj-CANARY${Math.random().toString(36).slice(2)}0123456789abcdefXYZ`;

const STEPS: Array<[name: string, command: string]> = [
  ['set', 'printf %s "$KEY" | promptyard keys set openai'],
  ['lookup', 'secret-tool lookup service promptyard username openai'],
  ['list', 'promptyard keys list'],
  ['listJson', 'promptyard keys list --json'],
  ['run', 'promptyard run summarize.prompt.yml --var text="The canary must never leak."'],
  ['runJson', 'promptyard run summarize.prompt.yml --json --var text="JSON output"'],
  ['runDebug', 'promptyard --debug run summarize.prompt.yml --var text="debug logs"'],
  ['runAuthError', 'promptyard --debug run summarize.prompt.yml --model openai/fault-401-echo --var text=x'],
  ['runReset', 'promptyard run summarize.prompt.yml --model openai/fault-reset-2 --var text=x'],
  ['models', 'promptyard models --offline'],
  ['delete', 'promptyard keys delete openai'],
  ['lookupAfter', 'secret-tool lookup service promptyard username openai'],
  ['runAfter', 'promptyard run summarize.prompt.yml --var text=x'],
];

function walk(dir: string, skip: string[] = []): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (skip.includes(full)) continue;
    const st = statSync(full);
    if (st.isDirectory()) files.push(...walk(full, skip));
    else if (st.isFile()) files.push(full);
  }
  return files;
}

describe('keys in the OS keychain and the canary key (real Secret Service)', function () {
  this.timeout(120_000);
  let server: LlmServer;
  let base: string;
  const result: Record<string, { out: string; err: string; code: number }> = {};

  before(async function () {
    assertBuilt();
    for (const tool of ['dbus-run-session', 'gnome-keyring-daemon', 'secret-tool']) {
      if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
        throw new Error(`${tool} is missing: install dbus, gnome-keyring and libsecret-tools (bash scripts/test.sh does)`);
      }
    }
    server = await startLlmServer({ errorRetryAfterMs: 1 });
    base = mkdtempSync(path.join(os.tmpdir(), 'promptyard-canary-'));
    const dirs = { home: 'home', data: 'data', config: 'config', cache: 'cache', run: 'run', tmp: 'tmp', work: 'work', out: 'out' };
    for (const d of Object.values(dirs)) mkdirSync(path.join(base, d), { recursive: true, mode: 0o700 });
    cpSync(path.join(ROOT, 'prompts/summarize.prompt.yml'), path.join(base, 'work/summarize.prompt.yml'));
    cpSync(path.join(ROOT, 'prompts/partials'), path.join(base, 'work/prompts/partials'), { recursive: true });

    const script = [
      'set -u',
      'read -r KEY',
      'echo -n unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1',
      `promptyard() { "${process.execPath}" "${CLI}" "$@"; }`,
      ...STEPS.map(([name, command]) => `( ${command} ) >"$OUT/${name}.out" 2>"$OUT/${name}.err"; echo $? >"$OUT/${name}.code"`),
    ].join('\n');
    writeFileSync(path.join(base, 'steps.sh'), script);
    const env = cleanEnv({
      HOME: path.join(base, 'home'),
      XDG_DATA_HOME: path.join(base, 'data'),
      XDG_CONFIG_HOME: path.join(base, 'config'),
      XDG_CACHE_HOME: path.join(base, 'cache'),
      XDG_RUNTIME_DIR: path.join(base, 'run'),
      TMPDIR: path.join(base, 'tmp'),
      OUT: path.join(base, 'out'),
      OPENAI_BASE_URL: server.openaiBaseURL,
    });
    const run = await runProcess('dbus-run-session', ['--', 'bash', path.join(base, 'steps.sh')], { cwd: path.join(base, 'work'), env, input: `${CANARY}\n`, timeoutMs: 100_000 });
    assert.equal(run.code, 0, `the step script failed: ${run.stderr}`);
    for (const [name] of STEPS) {
      const read = (ext: string) => readFileSync(path.join(base, 'out', `${name}.${ext}`), 'utf8');
      result[name] = { out: read('out'), err: read('err'), code: Number(read('code').trim()) };
    }
  });

  after(async () => {
    await server?.close();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('stores the key in the Secret Service, where secret-tool sees it', () => {
    assert.equal(result.set!.code, 0, result.set!.err);
    assert.equal(result.lookup!.code, 0, result.lookup!.err);
    assert.equal(result.lookup!.out.trim(), CANARY);
  });

  it('lists where the key comes from, never the key', () => {
    assert.match(result.list!.out, /^openai\s+set \(OS keychain\)$/m);
    assert.match(result.list!.out, /^anthropic\s+not set/m);
    const rows = JSON.parse(result.listJson!.out) as Array<{ provider: string; source: string }>;
    assert.deepEqual(rows.find((r) => r.provider === 'openai')?.source, 'keychain');
  });

  it('runs a prompt with the key from the keychain', () => {
    assert.equal(result.run!.code, 0, result.run!.err);
    assert.ok(result.run!.out.length > 0);
    assert.match(result.run!.err, /openai\/gpt-4o-mini · \d+ in/);
    const chat = server.requests.filter((r) => r.path.endsWith('/chat/completions'));
    assert.ok(chat.length >= 4, `the server saw ${chat.length} chat requests`);
    for (const r of chat) {
      assert.equal(r.hadAuth, true);
      assert.equal(r.keyLength, CANARY.length);
    }
    assert.equal(JSON.parse(result.runJson!.out).promptId, 'summarize');
  });

  it('turns failures into one-line typed errors without the key', () => {
    assert.equal(result.runAuthError!.code, 1);
    assert.match(result.runAuthError!.err, /error: .*(key|auth)/i);
    assert.equal(result.runReset!.code, 1);
    assert.match(result.runReset!.err, /^error: /m);
  });

  it('deletes the key; a run then says how to set one', () => {
    assert.equal(result.delete!.code, 0, result.delete!.err);
    assert.notEqual(result.lookupAfter!.code, 0);
    assert.equal(result.lookupAfter!.out, '');
    assert.equal(result.runAfter!.code, 2);
    assert.match(result.runAfter!.err, /no key for openai\. Run `promptyard keys set openai` or set OPENAI_API_KEY/);
  });

  it('never shows the canary in any output but secret-tool lookup', () => {
    for (const [name, r] of Object.entries(result)) {
      if (name === 'lookup') continue;
      assert.ok(!r.out.includes(CANARY) && !r.err.includes(CANARY), `${name} printed the key`);
    }
    assert.ok(!JSON.stringify(server.requests).includes(CANARY), 'the server log holds the key');
  });

  it('never writes the canary to any file (home, config, cache, tmp, the workspace)', () => {
    const files = walk(base, [path.join(base, 'out')]);
    assert.ok(files.length > 0);
    const hits = files.filter((f) => readFileSync(f).includes(CANARY));
    assert.deepEqual(hits, []);
  });
});

// Importing the local provider must not load node-llama-cpp (heavy, native, ESM-only): the CLI and the extension
// start without it. A child process records every node-llama-cpp module that Node resolves or requires; the same
// hooks can also make the package unloadable, as on a platform without a prebuilt binary.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { makeGguf } from '../../support/makeGguf';

const run = promisify(execFile);
const root = resolve(__dirname, '../../..');

const HOOKS = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (process.env.PY_BLOCK && specifier === 'node-llama-cpp') throw new Error('no prebuilt binary for this platform');
  const result = await next(specifier, context);
  if (result.url.includes('/node-llama-cpp/')) appendFileSync(process.env.PY_TRACE, result.url + '\\n');
  return result;
}
`;

const CHILD = `
import { register, createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
register(new URL('./hooks.mjs', import.meta.url));
const require = createRequire(import.meta.url);
const loaded = () => {
  const resolved = existsSync(process.env.PY_TRACE) ? readFileSync(process.env.PY_TRACE, 'utf8').split('\\n').filter(Boolean) : [];
  const required = Object.keys(require.cache).filter((k) => k.includes('node-llama-cpp'));
  return resolved.length + required.length;
};
const local = await import(process.env.PY_LOCAL);
// Give a stray top-level import() time to be resolved before looking.
await new Promise((r) => setTimeout(r, 500));
const afterImport = loaded();
const provider = local.createLocalProvider({}, { logger: { debug() {}, info() {}, warn() {}, error() {} } });
try {
  const result = await provider.complete({ model: process.env.PY_MODEL, messages: [{ role: 'user', content: 'hi' }] });
  const afterCall = loaded();
  await local.disposeLocalModels();
  process.stdout.write(JSON.stringify({ afterImport, afterCall, text: result.text }));
} catch (e) {
  process.stdout.write(JSON.stringify({ afterImport, error: { name: e.name, code: e.code, exitCode: e.exitCode, text: e.format() } }));
}
`;

describe('local provider loading', function () {
  this.timeout(30_000);
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'promptyard-lazy-'));
    await writeFile(join(dir, 'hooks.mjs'), HOOKS);
    await writeFile(join(dir, 'child.mjs'), CHILD);
    await makeGguf(join(dir, 'tiny.gguf'));
  });

  after(() => rm(dir, { recursive: true, force: true }));

  async function child(extraEnv: Record<string, string> = {}): Promise<Record<string, unknown>> {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(dir, 'child.mjs')], {
      cwd: root,
      env: {
        ...process.env,
        PY_TRACE: join(dir, `trace-${Date.now()}.txt`),
        PY_LOCAL: join(root, 'src/core/providers/local.ts'),
        PY_MODEL: join(dir, 'tiny.gguf'),
        ...extraEnv,
      },
    });
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  it('imports node-llama-cpp on the first local call, not when the module loads', async () => {
    const report = await child();
    assert.equal(report.afterImport, 0, 'node-llama-cpp was loaded by the import');
    // The same probe sees it once a call needs it: the check above can fail.
    assert.ok(Number(report.afterCall) > 0, 'the probe did not see node-llama-cpp load at all');
    assert.ok(String(report.text).length > 0, JSON.stringify(report));
  });

  it('says what to use instead when the runtime cannot load', async () => {
    const report = await child({ PY_BLOCK: '1' });
    const error = report.error as { name: string; code: string; exitCode: number; text: string } | undefined;
    assert.equal(error?.code, 'local-runtime-unavailable', JSON.stringify(report));
    assert.equal(error?.exitCode, 1);
    assert.match(error?.text ?? '', /no prebuilt binary for this platform/);
    assert.match(error?.text ?? '', /ollama\/<model>.*promptyard keys set openai\|anthropic/);
  });
});

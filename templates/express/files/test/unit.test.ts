// Configuration, the prompt registry, the breaker, the token bucket, prices and log redaction.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { CircuitBreaker } from '../src/breaker.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { Prices } from '../src/prices.js';
import { PromptRegistry, RegistryError } from '../src/registry.js';
import { MemoryStore } from '../src/store.js';
import { makePromptsDir } from './helpers.js';

const KEY = { LLM_API_KEY: 'sk-test-0123456789abcdef' };

test('configuration: defaults, and a bad value names its variable', () => {
  const c = loadConfig(KEY);
  assert.equal(c.port, 8080);
  assert.equal(c.rateLimitRps, 10);
  assert.equal(c.rateLimitBurst, 20);
  assert.equal(c.llmMaxRetries, 2);
  assert.match(c.canary, /^[0-9a-f]{16}$/);
  const bad: Array<[Record<string, string>, string]> = [
    [{}, 'LLM_API_KEY'],
    [{ ...KEY, PORT: 'eighty' }, 'PORT'],
    [{ ...KEY, LLM_PROVIDER: 'cohere' }, 'LLM_PROVIDER'],
    [{ ...KEY, RATE_LIMIT_RPS: '-1' }, 'RATE_LIMIT_RPS'],
    [{ ...KEY, REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ ...KEY, LLM_MAX_RETRIES: '99' }, 'LLM_MAX_RETRIES'],
    [{ ...KEY, SERVICE_API_KEYS: 'short' }, 'SERVICE_API_KEYS'],
  ];
  for (const [env, variable] of bad) assert.throws(() => loadConfig(env), (e: ConfigError) => e.variable === variable && e.message.startsWith(variable), variable);
});

test("this project's own prompts load and verify through the lock", () => {
  const dir = path.resolve('prompts');
  const registry = PromptRegistry.load(dir, 'production');
  assert.ok(registry.ids().length > 0);
  for (const p of registry.all()) assert.match(p.sha256, /^[0-9a-f]{64}$/);
});

test('an edited snapshot stops start-up, naming the file', () => {
  const dir = makePromptsDir();
  const file = path.join(dir, '.versions', 'echo', '1.0.0.prompt.yml');
  appendFileSync(file, '# edited\n');
  assert.throws(() => PromptRegistry.load(dir, 'production'), (e: RegistryError) => e.message.includes(file) && /sha256 differs/.test(e.message));
});

test('CRLF line endings hash like LF; a missing label is an error', () => {
  const dir = makePromptsDir();
  const file = path.join(dir, '.versions', 'echo', '1.0.0.prompt.yml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
  assert.equal(PromptRegistry.load(dir, 'production').get('echo')!.version, '1.0.0');
  assert.throws(() => PromptRegistry.load(dir, 'staging'), /no label 'staging'/);
});

test('the breaker opens after N failures, lets one trial through after the reset time, and closes on success', () => {
  let now = 0;
  const changes: boolean[] = [];
  const b = new CircuitBreaker(3, 1000, (open) => changes.push(open), () => now);
  for (let i = 0; i < 3; i++) {
    assert.ok(b.tryAcquire());
    b.failure();
  }
  assert.equal(b.current, 'open');
  assert.ok(!b.tryAcquire());
  assert.equal(b.retryAfterMs(), 1000);
  now = 1000;
  assert.ok(b.tryAcquire(), 'one trial');
  assert.ok(!b.tryAcquire(), 'only one');
  b.failure();
  assert.equal(b.current, 'open');
  now = 2500;
  assert.ok(b.tryAcquire());
  b.success();
  assert.equal(b.current, 'closed');
  assert.deepEqual(changes, [true, false]);
});

test('the memory token bucket allows the burst, then refuses with a wait', async () => {
  const s = new MemoryStore();
  let allowed = 0;
  // 0.01 tokens/s: no refill can sneak in while the test runs, however slow the machine.
  for (let i = 0; i < 8; i++) if ((await s.take('k', 0.01, 5)).allowed) allowed++;
  assert.equal(allowed, 5);
  const r = await s.take('k', 0.01, 5);
  assert.ok(!r.allowed && r.retryAfterSeconds > 99 && r.retryAfterSeconds <= 100, String(r.retryAfterSeconds));
  assert.ok((await s.take('other', 0.01, 5)).allowed, 'per key');
  const fast = new MemoryStore();
  await fast.take('k', 1000, 1);
  const refused = await fast.take('k', 1000, 1);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(refused.allowed || refused.retryAfterSeconds <= 0.001);
  assert.ok((await fast.take('k', 1000, 1)).allowed, 'refilled at the rate');
});

test('prices: per 1M tokens; an unknown model costs 0 and warns once', () => {
  const warned: string[] = [];
  const p = new Prices({ 'openai/gpt-4o-mini': { input: 0.15, output: 0.6 } }, (m) => warned.push(m));
  assert.equal(p.cost('openai/gpt-4o-mini', 1_000_000, 1_000_000), 0.75);
  assert.equal(p.cost('x/y', 10, 10), 0);
  p.cost('x/y', 10, 10);
  assert.deepEqual(warned, ['x/y']);
});

test('logs are JSON lines with ts, level and msg; keys are redacted', async () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) });
  const logTo = createLogger('info', ['my-service-key-0123456789'], sink as unknown as Parameters<typeof createLogger>[2]);
  logTo.info({ authorization: 'Bearer abcdefghijkl', note: 'key sk-proj-ABCDEFGHIJKLMNOPQRSTUV and my-service-key-0123456789' }, 'called with sk-ant-0123456789abcdefghij');
  await new Promise((r) => setImmediate(r));
  const line = JSON.parse(lines[0]!);
  assert.equal(line.level, 'info');
  assert.match(line.ts, /^\d{4}-\d{2}-\d{2}T/);
  assert.equal(line.authorization, '[redacted]');
  assert.equal(line.note, 'key [redacted] and [redacted]');
  assert.equal(line.msg, 'called with [redacted]');
});

import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { responseCacheKey } from '../../../../src/core/evals/cache/cacheKey';
import { COMPACT_AFTER_SEGMENTS } from '../../../../src/core/evals/cache/compact';
import { cacheDir, openResponseCache } from '../../../../src/core/evals/cache/responseCache';
import { entryLine } from '../../../../src/core/evals/cache/segments';
import type { ChatRequest } from '../../../../src/core/providers/types';
import type { ChatResult } from '../../../../src/shared/types';
import { workspace } from './helpers';

const request: ChatRequest = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], parameters: { temperature: 0, maxTokens: 10 } };
const result = (text: string): ChatResult => ({ modelId: 'openai/gpt-4o-mini', text, toolCalls: [], usage: { inputTokens: 3, outputTokens: 2, cachedInputTokens: 0 }, finishReason: 'stop', latencyMs: 42 });

function segmentFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.jsonl'))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}

describe('response cache', () => {
  let ws: ReturnType<typeof workspace>;
  beforeEach(() => (ws = workspace()));
  afterEach(() => ws.cleanup());

  describe('keys', () => {
    it('are the sha256 of the request: same request, same key; any change, another key', () => {
      const key = responseCacheKey('openai', request);
      assert.match(key, /^[0-9a-f]{64}$/);
      assert.equal(responseCacheKey('openai', structuredClone(request)), key);
      assert.equal(responseCacheKey('openai', { ...request, parameters: { maxTokens: 10, temperature: 0 } }), key, 'parameter order does not matter');
      const others = [
        responseCacheKey('ollama', request),
        responseCacheKey('openai', { ...request, model: 'gpt-4o' }),
        responseCacheKey('openai', { ...request, parameters: { temperature: 0.1, maxTokens: 10 } }),
        responseCacheKey('openai', { ...request, messages: [{ role: 'user', content: 'hi!' }] }),
        responseCacheKey('openai', { ...request, messages: [{ role: 'system', content: 'hi' }] }),
        responseCacheKey('openai', { ...request, tools: [{ name: 't', parameters: { type: 'object' } }] }),
        responseCacheKey('openai', { ...request, responseFormat: { type: 'json_object' } }),
        responseCacheKey('openai', request, 1),
      ];
      assert.equal(new Set([key, ...others]).size, others.length + 1);
      assert.equal(responseCacheKey('openai', request, 0), key, 'the first repeat shares the plain key');
    });
  });

  it('misses, stores, then hits in the next run (a new instance), with the result as it was', async () => {
    const key = responseCacheKey('openai', request);
    const first = await openResponseCache({ dir: cacheDir(ws.dir) });
    assert.equal(first.has(key), false);
    assert.equal(await first.get(key), undefined);
    first.put(key, result('hello'));
    await first.close();
    const second = await openResponseCache({ dir: cacheDir(ws.dir) });
    assert.equal(second.has(key), true);
    assert.deepEqual(await second.get(key), result('hello'));
    assert.equal(second.size, 1);
    await second.close();
  });

  it('appends each process’s entries to one segment, in a shard folder of .promptyard/cache', async () => {
    const cache = await openResponseCache({ dir: cacheDir(ws.dir) });
    for (let i = 0; i < 64; i++) cache.put(responseCacheKey('openai', { ...request, messages: [{ role: 'user', content: `q${i}` }] }), result(`a${i}`));
    await cache.close();
    const files = segmentFiles(path.join(ws.dir, '.promptyard', 'cache'));
    assert.equal(files.length, 1);
    assert.match(path.basename(path.dirname(files[0]!)), /^[0-9a-f]$/);
    const lines = readFileSync(files[0]!, 'utf8').split('\n').filter(Boolean);
    assert.equal(lines.length, 64);
    for (const line of lines) assert.ok(JSON.parse(line).r.text.startsWith('a'));
    // other processes (writers) spread over the shard folders
    for (let w = 0; w < 12; w++) {
      const other = await openResponseCache({ dir: cacheDir(ws.dir) });
      other.put(responseCacheKey('openai', { ...request, messages: [{ role: 'user', content: `w${w}` }] }), result('x'));
      await other.close();
    }
    const shards = new Set(segmentFiles(cacheDir(ws.dir)).map((f) => path.basename(path.dirname(f))));
    assert.ok(shards.size >= 4, [...shards].join(','));
    const reader = await openResponseCache({ dir: cacheDir(ws.dir) });
    assert.equal(reader.size, 64 + 12);
    await reader.close();
  });

  it('entries older than the TTL are misses', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const key = responseCacheKey('openai', request);
    const writer = await openResponseCache({ dir: cacheDir(ws.dir), now: () => now });
    writer.put(key, result('old'));
    await writer.close();
    now += 13 * 86_400_000;
    const fresh = await openResponseCache({ dir: cacheDir(ws.dir), now: () => now });
    assert.ok(fresh.has(key), '13 days old is fresh under the default 14-day TTL');
    await fresh.close();
    const strict = await openResponseCache({ dir: cacheDir(ws.dir), now: () => now, ttlMs: 86_400_000 });
    assert.equal(strict.has(key), false);
    assert.equal(await strict.get(key), undefined);
    await strict.close();
  });

  it('a torn last line (a killed writer) is skipped; a damaged entry is a miss, not an error', async () => {
    const [keyA, keyB] = ['a', 'b'].map((t) => responseCacheKey('openai', { ...request, messages: [{ role: 'user', content: t }] }));
    for (const [key, text] of [[keyA!, 'rA'], [keyB!, 'rB']] as const) {
      const writer = await openResponseCache({ dir: cacheDir(ws.dir) });
      writer.put(key, result(text));
      await writer.close();
    }
    const fileOf = (key: string) => segmentFiles(cacheDir(ws.dir)).find((f) => readFileSync(f, 'utf8').includes(key))!;
    const fileA = fileOf(keyA!);
    const fileB = fileOf(keyB!);
    assert.notEqual(fileA, fileB, 'two writers, two segments');
    appendFileSync(fileA, `{"k":"${'f'.repeat(64)}","t":1,"r":{"text":"cut sh`);
    writeFileSync(fileB, readFileSync(fileB, 'utf8').replace('"r":{', '"r":{{'));
    const reader = await openResponseCache({ dir: cacheDir(ws.dir) });
    assert.equal(reader.has('f'.repeat(64)), false);
    assert.equal((await reader.get(keyA!))?.text, 'rA');
    assert.equal(reader.has(keyB!), true, 'the head of the damaged line is intact');
    assert.equal(await reader.get(keyB!), undefined);
    await reader.close();
  });

  it('merges many idle segments of a shard folder into one and drops expired entries', async () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    const ttl = 14 * 86_400_000;
    const shard = path.join(cacheDir(ws.dir), 'a');
    mkdirSync(shard, { recursive: true });
    const keys: string[] = [];
    // one segment per past run; the first one's entry is older than the TTL
    for (let i = 0; i < COMPACT_AFTER_SEGMENTS + 2; i++) {
      const key = responseCacheKey('openai', { ...request, messages: [{ role: 'user', content: `run${i}` }] });
      keys.push(key);
      const time = i === 0 ? now - ttl - 1000 : now - 3_600_000;
      writeFileSync(path.join(shard, `run${i}-0.jsonl`), `${entryLine(key, time, JSON.stringify(result(`run${i}`)))}\n`);
    }
    const old = (now - 3_600_000) / 1000;
    for (const f of segmentFiles(shard)) utimesSync(f, old, old);
    const reader = await openResponseCache({ dir: cacheDir(ws.dir), now: () => now, ttlMs: ttl });
    const after = segmentFiles(shard);
    assert.equal(after.length, 1, after.join('\n'));
    assert.match(path.basename(after[0]!), /^compacted-/);
    assert.equal(readFileSync(after[0]!, 'utf8').split('\n').filter(Boolean).length, keys.length - 1, 'the expired entry was dropped');
    assert.equal((await reader.get(keys.at(-1)!))?.text, `run${keys.length - 1}`);
    assert.equal(reader.has(keys[0]!), false);
    await reader.close();
  });

  it('a segment older than the TTL is deleted whole; a segment being written is never compacted', async () => {
    const now = Date.now();
    const shard = path.join(cacheDir(ws.dir), 'b');
    mkdirSync(shard, { recursive: true });
    const key = responseCacheKey('openai', request);
    writeFileSync(path.join(shard, 'ancient-0.jsonl'), `${entryLine(key, now - 30 * 86_400_000, JSON.stringify(result('old')))}\n`);
    const ancient = (now - 30 * 86_400_000) / 1000;
    utimesSync(path.join(shard, 'ancient-0.jsonl'), ancient, ancient);
    for (let i = 0; i < COMPACT_AFTER_SEGMENTS + 2; i++) writeFileSync(path.join(shard, `busy${i}-0.jsonl`), `${entryLine(key, now, JSON.stringify(result('new')))}\n`);
    const reader = await openResponseCache({ dir: cacheDir(ws.dir) });
    const names = segmentFiles(shard).map((f) => path.basename(f));
    assert.ok(!names.includes('ancient-0.jsonl'));
    assert.equal(names.length, COMPACT_AFTER_SEGMENTS + 2, 'segments written in the last minutes are left alone');
    assert.equal((await reader.get(key))?.text, 'new');
    await reader.close();
  });
});

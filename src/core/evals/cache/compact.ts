// Keeps the cache small: a segment whose last write is older than the TTL holds only expired entries and is
// deleted; a shard folder with many idle segments (no write for 10 minutes, so no run is appending to them)
// has them merged into one, newest entry per key, expired entries left out. The merged file is written under a
// temporary name and renamed into place before the old segments go, so a reader never sees half of it.
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { scanSegment, SEGMENT_SUFFIX, SHARDS } from './segments';

/** Idle segments in one shard before they are merged. */
export const COMPACT_AFTER_SEGMENTS = 24;
const IDLE_MS = 10 * 60 * 1000;

export async function compactShards(root: string, ttlMs: number, now: number): Promise<void> {
  for (const shard of SHARDS) await compactShard(path.join(root, shard), ttlMs, now);
}

async function compactShard(dir: string, ttlMs: number, now: number): Promise<void> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(SEGMENT_SUFFIX));
  const idle: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const s = await stat(file).catch(() => undefined);
    if (!s) continue;
    if (now - s.mtimeMs > ttlMs) await unlink(file).catch(() => undefined);
    else if (now - s.mtimeMs > IDLE_MS) idle.push(file);
  }
  if (idle.length < COMPACT_AFTER_SEGMENTS) return;
  const newest = new Map<string, { file: string; time: number; offset: number; length: number }>();
  for (const file of idle) {
    await scanSegment(file, (key, time, offset, length) => {
      const old = newest.get(key);
      if (now - time <= ttlMs && (!old || old.time <= time)) newest.set(key, { file, time, offset, length });
    });
  }
  const target = path.join(dir, `compacted-${now.toString(36)}-${randomBytes(3).toString('hex')}${SEGMENT_SUFFIX}`);
  const temp = `${target}.tmp`;
  const out = await open(temp, 'wx');
  try {
    const byFile = new Map<string, Array<{ offset: number; length: number }>>();
    for (const e of newest.values()) (byFile.get(e.file) ?? byFile.set(e.file, []).get(e.file)!).push(e);
    for (const [file, entries] of byFile) {
      const input = await open(file, 'r');
      try {
        for (const e of entries) {
          const buffer = Buffer.allocUnsafe(e.length + 1);
          await input.read(buffer, 0, e.length, e.offset);
          buffer[e.length] = 10;
          await out.write(buffer);
        }
      } finally {
        await input.close();
      }
    }
    await out.sync();
  } catch (e) {
    await out.close();
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await out.close();
  await rename(temp, target);
  for (const file of idle) await unlink(file).catch(() => undefined);
}

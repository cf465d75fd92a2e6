// The on-disk response cache of the eval runner, under `<workspace>/.promptyard/cache/responses-v1/`.
// Opening it indexes every segment (key → file, offset, length, time: no response is parsed), so a lookup
// is a map access and a hit is one positioned read; a rerun of 1,000 cached cases opens a handful of files,
// not 1,000. New responses are appended in batches to this process's own segment (one write per batch);
// they are found by the next run (this one keeps nothing per new entry in memory). Only successful results are stored (the caller never puts an
// error); entries older than the TTL are misses. See segments.ts for the file format, compact.ts for cleanup.
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ChatResult } from '../../../shared/types';
import { silentLogger, type Logger } from '../../ports';
import { JsonlAppender } from '../store/jsonl';
import { compactShards } from './compact';
import { createHash, randomBytes } from 'node:crypto';
import { entryLine, lineHead, listSegments, scanSegment, SEGMENT_SUFFIX, SHARDS, type SegmentEntry } from './segments';

export const DEFAULT_CACHE_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/** A writer starts a new segment past this size. */
const MAX_SEGMENT_BYTES = 64 * 1024 * 1024;

export interface ResponseCacheOptions {
  /** The cache folder, e.g. cacheDir(workspace). */
  dir: string;
  /** Entries older than this are misses; default 14 days. */
  ttlMs?: number;
  now?: () => number;
  logger?: Logger;
}

export interface ResponseCache {
  /** A fresh entry exists (no I/O). */
  has(key: string): boolean;
  /** The stored result, or undefined (a miss, an expired entry, or one that can't be read). */
  get(key: string): Promise<ChatResult | undefined>;
  /** Stores a successful result; best effort (a failed write is logged once, the run goes on). */
  put(key: string, result: ChatResult): void;
  /** Waits for queued writes and closes the files. */
  close(): Promise<void>;
  readonly size: number;
}

export function cacheDir(workspace: string): string {
  return path.join(workspace, '.promptyard', 'cache', 'responses-v1');
}

interface Writer {
  appender: JsonlAppender;
  size: number;
}

/** New responses wait this long to be written together. */
const WRITE_BATCH_MS = 10;

export async function openResponseCache(options: ResponseCacheOptions): Promise<ResponseCache> {
  const ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const root = options.dir;
  await compactShards(root, ttlMs, now()).catch((e: unknown) => logger.debug(`response cache: compaction skipped: ${String(e)}`));
  const segments: string[] = [];
  const index = new Map<string, SegmentEntry>();
  for (const seg of await listSegments(root)) {
    const segment = segments.push(seg.file) - 1;
    await scanSegment(seg.file, (key, time, offset, length) => {
      const old = index.get(key);
      if (!old || old.time <= time) index.set(key, { segment, offset, length, time });
    });
  }
  const handles = new Map<number, Promise<FileHandle | undefined>>();
  const writerId = `${Date.now().toString(36)}-${process.pid}-${randomBytes(3).toString('hex')}`;
  let rotation = 0;
  let writesFailed = false;
  const fresh = (entry: SegmentEntry | undefined): entry is SegmentEntry => entry !== undefined && now() - entry.time <= ttlMs;

  function handleOf(segment: number): Promise<FileHandle | undefined> {
    let h = handles.get(segment);
    if (!h) {
      h = open(segments[segment]!, 'r').catch(() => undefined);
      handles.set(segment, h);
    }
    return h;
  }

  async function readLine(entry: SegmentEntry): Promise<string | undefined> {
    const handle = await handleOf(entry.segment);
    if (!handle) return undefined;
    const buffer = Buffer.allocUnsafe(entry.length);
    const { bytesRead } = await handle.read(buffer, 0, entry.length, entry.offset);
    return bytesRead === entry.length ? buffer.toString('utf8') : undefined;
  }

  // This process's segment lives in the shard folder its writer id hashes to.
  const shard = SHARDS[createHash('sha256').update(writerId).digest()[0]! % SHARDS.length]!;
  let writer: Writer | undefined;

  async function writerFor(bytes: number): Promise<Writer> {
    if (writer && writer.size + bytes > MAX_SEGMENT_BYTES) {
      await writer.appender.close();
      writer = undefined;
    }
    if (!writer) {
      const dir = path.join(root, shard);
      await mkdir(dir, { recursive: true });
      writer = { appender: await JsonlAppender.open(path.join(dir, `${writerId}-${rotation++}${SEGMENT_SUFFIX}`)), size: 0 };
    }
    return writer;
  }

  // New entries wait in `queued` and are written every WRITE_BATCH_MS in one write.
  let queued: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  async function writeQueued(): Promise<void> {
    timer = undefined;
    if (queued.length === 0) return;
    const text = queued.join('\n');
    queued = [];
    try {
      const bytes = Buffer.byteLength(text) + 1;
      const w = await writerFor(bytes);
      w.size += bytes;
      await w.appender.appendLine(text);
    } catch (e) {
      fail(e);
    }
  }

  function scheduleWrite(): void {
    timer ??= setTimeout(() => {
      writing = writing.then(writeQueued);
    }, WRITE_BATCH_MS);
  }

  return {
    get size() {
      return index.size;
    },

    has(key) {
      return fresh(index.get(key));
    },

    async get(key) {
      const entry = index.get(key);
      if (!fresh(entry)) return undefined;
      try {
        const line = await readLine(entry);
        if (line === undefined || lineHead(line)?.key !== key) return undefined;
        return (JSON.parse(line) as { r: ChatResult }).r;
      } catch {
        return undefined;
      }
    },

    put(key, result) {
      if (writesFailed) return;
      // Not indexed: the next run finds it. So a first run of 30,000 cases keeps nothing per case in memory.
      queued.push(entryLine(key, now(), JSON.stringify(result)));
      scheduleWrite();
    },

    async close() {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      if (queued.length) writing = writing.then(writeQueued);
      await writing;
      await writer?.appender.close().catch(() => undefined);
      writer = undefined;
      for (const h of handles.values()) await (await h)?.close().catch(() => undefined);
      handles.clear();
    },
  };

  function fail(e: unknown): void {
    if (writesFailed) return;
    writesFailed = true;
    logger.warn(`the response cache in ${root} cannot be written (${e instanceof Error ? e.message : String(e)}); this run goes on without storing responses.`);
  }
}

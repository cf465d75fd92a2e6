// The cache's files: append-only segment files, one per writing process (`<writer>-<n>.jsonl`), so
// concurrent runs never interleave bytes and a run appends to a single file. Segments are spread over 16
// shard folders by their writer's id, which keeps folders small and lets compaction work one folder at a
// time. A line is `{"k":"<64 hex>","t":<ms>,"r":<ChatResult>}`: key and time sit at fixed places, so an index
// is built without parsing the responses. A torn last line (a killed writer) is no entry; a damaged one is a miss.
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export const SHARDS = '0123456789abcdef'.split('');
export const SEGMENT_SUFFIX = '.jsonl';

export interface SegmentEntry {
  /** Index into the cache's list of segment files. */
  segment: number;
  offset: number;
  /** Bytes of the line without its newline. */
  length: number;
  /** When the response was stored (ms since the epoch). */
  time: number;
}

const PREFIX = '{"k":"';
const KEY_LENGTH = 64;
const TIME_PREFIX = '","t":';

export function entryLine(key: string, time: number, resultJson: string): string {
  return `${PREFIX}${key}${TIME_PREFIX}${time},"r":${resultJson}}`;
}

/** The key and time of a line, read at their fixed places; undefined for anything else. */
export function lineHead(line: Buffer | string, start = 0, end = line.length): { key: string; time: number } | undefined {
  const headEnd = Math.min(end, start + PREFIX.length + KEY_LENGTH + TIME_PREFIX.length + 20);
  const head = typeof line === 'string' ? line.slice(start, headEnd) : line.toString('latin1', start, headEnd);
  if (!head.startsWith(PREFIX)) return undefined;
  const key = head.slice(PREFIX.length, PREFIX.length + KEY_LENGTH);
  if (!/^[0-9a-f]{64}$/.test(key) || head.slice(PREFIX.length + KEY_LENGTH, PREFIX.length + KEY_LENGTH + TIME_PREFIX.length) !== TIME_PREFIX) return undefined;
  const time = Number.parseInt(head.slice(PREFIX.length + KEY_LENGTH + TIME_PREFIX.length), 10);
  return Number.isFinite(time) ? { key, time } : undefined;
}

export interface SegmentFile {
  file: string;
  size: number;
  mtimeMs: number;
}

/** The segment files of a cache folder, shard by shard. */
export async function listSegments(root: string): Promise<SegmentFile[]> {
  const out: SegmentFile[] = [];
  await Promise.all(
    SHARDS.map(async (shard) => {
      const dir = path.join(root, shard);
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        if (!name.endsWith(SEGMENT_SUFFIX)) continue;
        const file = path.join(dir, name);
        const s = await stat(file).catch(() => undefined);
        if (s?.isFile()) out.push({ file, size: s.size, mtimeMs: s.mtimeMs });
      }
    }),
  );
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

/** Calls `onEntry` for each complete line of a segment, in file order. */
export async function scanSegment(file: string, onEntry: (key: string, time: number, offset: number, length: number) => void): Promise<void> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    const { size } = await handle.stat();
    if (size === 0) return;
    const data = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const { bytesRead } = await handle.read(data, read, size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    let start = 0;
    for (let nl = data.indexOf(10, 0); nl !== -1 && nl < read; nl = data.indexOf(10, start)) {
      const head = lineHead(data, start, nl);
      if (head) onEntry(head.key, head.time, start, nl - start);
      start = nl + 1;
    }
  } finally {
    await handle.close();
  }
}

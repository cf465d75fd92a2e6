// JSON Lines on disk: an appender whose promise resolves once the line is in the file (so a record is
// "finished" exactly when a reader can see it: a SIGKILL loses only lines not yet reported written), lines
// batched into few writes, and a streaming reader that tolerates a torn last line and says where the last
// good line ends.
import { open, type FileHandle } from 'node:fs/promises';

export interface AppenderOptions {
  /**
   * Lines wait this long for company before they are written (one write per batch: a write is a system
   * call, and thousands of them cost more than the model calls they record). Default 0: the next tick.
   */
  batchMs?: number;
}

/** A batch is written at once past this size, whatever the delay. */
const MAX_BATCH_BYTES = 256 * 1024;

/** Lines waiting to be written together, and the one promise they all resolve with. */
interface Batch {
  lines: string[];
  bytes: number;
  written: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class JsonlAppender {
  private batch: Batch | undefined;
  private draining: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failure: unknown;
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    private readonly batchMs: number,
  ) {}

  static async open(file: string, options: AppenderOptions = {}): Promise<JsonlAppender> {
    return new JsonlAppender(await open(file, 'a'), Math.max(0, options.batchMs ?? 0));
  }

  /** Appends one value as a line; resolves once the line is in the file. */
  append(value: unknown): Promise<void> {
    return this.appendLine(JSON.stringify(value));
  }

  /**
   * Appends text that holds no newline, as one line; resolves once the line is in the file. Lines of one
   * batch share one promise (the same object): a caller can tell which lines were written together.
   */
  appendLine(line: string): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const batch = (this.batch ??= newBatch());
    batch.lines.push(line);
    batch.bytes += line.length + 1;
    this.schedule();
    return batch.written;
  }

  /** Writes everything queued and waits for it. */
  async flush(): Promise<void> {
    this.clearTimer();
    while (this.draining || this.batch) {
      this.draining ??= this.drain();
      await this.draining;
      this.clearTimer();
    }
  }

  /** Writes what is queued and closes the file; closing again does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flush();
    await this.handle.close();
  }

  private schedule(): void {
    if (this.draining) return;
    if (this.batch!.bytes >= MAX_BATCH_BYTES) {
      this.clearTimer();
      this.draining = this.drain();
    } else this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.draining ??= this.drain();
    }, this.batchMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Writes one batch: what is queued now. Lines that come meanwhile wait for the next batch. */
  private async drain(): Promise<void> {
    const batch = this.batch;
    this.batch = undefined;
    if (batch) {
      try {
        // One string, one write: the lines and their newlines (the empty last item gives the final one).
        batch.lines.push('');
        await this.handle.write(batch.lines.join('\n'));
        batch.resolve();
      } catch (e) {
        this.failure = e;
        batch.reject(e);
        // Lines queued meanwhile will not be written either.
        const next = this.batch as Batch | undefined;
        next?.reject(e);
        this.batch = undefined;
      }
    }
    this.draining = undefined;
    if (this.batch && this.failure === undefined) this.schedule();
  }
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const written = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { lines: [], bytes: 0, written, resolve, reject };
}

export interface JsonlReadStats {
  /** Byte offset just after the last line that parsed: where appending may safely go on. */
  validEnd: number;
  /** Lines that were not JSON (a torn last line, or damage), 1-based. */
  badLines: number[];
  /** The file ends in a line without its newline (a write cut short). */
  tornTail: boolean;
}

const CHUNK = 1 << 20;

/**
 * Values of a JSONL file, one line at a time in constant memory. A missing file reads as empty. Lines that
 * do not parse are skipped and listed in `stats` (fill it by passing an object).
 */
export async function* readJsonl<T>(file: string, stats?: JsonlReadStats): AsyncGenerator<T> {
  const st: JsonlReadStats = stats ?? { validEnd: 0, badLines: [], tornTail: false };
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let carry: Buffer | undefined;
    let carryStart = 0;
    let position = 0;
    let lineNo = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      let start = 0;
      for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, nl);
        const line = carry ? Buffer.concat([carry, piece]) : piece;
        const end = (carry ? carryStart : position + start) + line.length + 1;
        carry = undefined;
        lineNo++;
        start = nl + 1;
        const parsed = parseLine<T>(line);
        if (parsed.ok) {
          st.validEnd = end;
          yield parsed.value;
        } else if (parsed.blank) st.validEnd = end;
        else st.badLines.push(lineNo);
      }
      if (start < bytesRead) {
        const rest = Buffer.from(chunk.subarray(start));
        if (!carry) carryStart = position + start;
        carry = carry ? Buffer.concat([carry, rest]) : rest;
      }
      position += bytesRead;
    }
    if (carry?.length) {
      st.tornTail = true;
      st.badLines.push(lineNo + 1);
    }
  } finally {
    await handle.close();
  }
}

function parseLine<T>(line: Buffer): { ok: true; value: T } | { ok: false; blank: boolean } {
  const text = line.toString('utf8').trim();
  if (!text) return { ok: false, blank: true };
  try {
    return { ok: true, value: JSON.parse(text) as T };
  } catch {
    return { ok: false, blank: false };
  }
}

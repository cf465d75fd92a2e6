// Downloads a model file: into `<destination>.part`, resuming with an HTTP Range request when a part is
// left from an earlier try, SHA-256 checked before an atomic rename into place, so the destination is
// either absent or complete. Network access goes through one injectable `fetch`.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PromptyardError, ProviderError } from '../errors';
import type { Logger } from '../ports';
import { silentLogger } from '../ports';

export interface DownloadProgress {
  /** Bytes of the file on disk so far, resumed bytes included. */
  received: number;
  /** Size of the whole file, when known. */
  total: number | undefined;
  /** Average speed of this attempt. */
  bytesPerSecond: number;
}

export interface DownloadOptions {
  url: string;
  destination: string;
  /** Expected lower-case hex SHA-256 of the whole file. */
  sha256: string;
  size?: number;
  fetchImpl?: typeof fetch;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  logger?: Logger;
  /** How many times to resume after the connection breaks mid-file. Default 3. */
  retries?: number;
  /** Minimum time between progress callbacks. Default 100 ms. */
  progressIntervalMs?: number;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  /** True when bytes from an earlier attempt were kept. */
  resumed: boolean;
}

/** What to do instead when the model cannot be downloaded. */
export const OFFLINE_ALTERNATIVES = [
  'point local/<path-to-file.gguf> at a model you already have',
  'set local.model in promptyard.config.yaml',
  'run Ollama and use ollama/<model>',
  'or set a key: promptyard keys set openai|anthropic',
];

/** The connection broke after some bytes were written: the part file is kept for a resume. */
class Interrupted extends Error {}

export async function downloadFile(options: DownloadOptions): Promise<DownloadResult> {
  const logger = options.logger ?? silentLogger;
  const part = `${options.destination}.part`;
  await mkdir(dirname(options.destination), { recursive: true });
  let retriesLeft = options.retries ?? 3;
  let resumed = false;
  for (;;) {
    try {
      const result = await attempt(options, part, logger);
      return { ...result, resumed: resumed || result.resumed };
    } catch (e) {
      if (!(e instanceof Interrupted)) throw e;
      if (retriesLeft-- <= 0 || options.signal?.aborted) {
        throw new ProviderError('network', 'local', `The download of ${options.url} was interrupted: ${e.message}.`, {
          hint: 'Run the same command again: the download resumes where it stopped.',
          cause: e.cause,
        });
      }
      resumed = true;
      logger.warn(`download interrupted (${e.message}); resuming`);
    }
  }
}

async function attempt(options: DownloadOptions, part: string, logger: Logger): Promise<DownloadResult> {
  const start = await fileSize(part);
  const response = await request(options, start > 0 ? { Range: `bytes=${start}-` } : {});
  if (response.status === 416 && start > 0) {
    // The part is already whole (or longer than the file): check it, else start over.
    await response.body?.cancel();
    if (options.size === undefined || start === options.size) return finish(options, part, start, await hashFile(part), false);
    await rm(part, { force: true });
    return attempt(options, part, logger);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new PromptyardError('download-http', `Downloading ${options.url} failed: the server answered ${response.status}.`, {
      hint: response.status === 404 ? 'Check local.downloadURL in promptyard.config.yaml.' : 'Try again later or set local.downloadURL to a mirror.',
      exitCode: 1,
    });
  }
  const resuming = start > 0 && response.status === 206;
  if (resuming && contentRangeStart(response.headers.get('content-range')) !== start) {
    await response.body?.cancel();
    logger.warn('the server answered a different range; starting the download over');
    await rm(part, { force: true });
    return attempt(options, part, logger);
  }
  if (start > 0 && !resuming) logger.info('the server ignored the Range request; starting the download over');
  const length = Number(response.headers.get('content-length') ?? NaN);
  const total = options.size ?? (Number.isFinite(length) ? length + (resuming ? start : 0) : undefined);
  const hash = resuming ? await hashFile(part) : createHash('sha256');
  const received = await writeBody(response, part, resuming ? start : 0, hash, total, options);
  return finish(options, part, received, hash, resuming);
}

async function request(options: DownloadOptions, headers: Record<string, string>): Promise<Response> {
  const fetchImpl = options.fetchImpl ?? fetch;
  try {
    return await fetchImpl(options.url, { headers, signal: options.signal, redirect: 'follow' });
  } catch (e) {
    if (options.signal?.aborted) throw cancelled(e);
    throw offline(options.url, e);
  }
}

async function writeBody(
  response: Response,
  part: string,
  start: number,
  hash: Hash,
  total: number | undefined,
  options: DownloadOptions,
): Promise<number> {
  const file = await open(part, start > 0 ? 'a' : 'w');
  const began = Date.now();
  const interval = options.progressIntervalMs ?? 100;
  let received = start;
  let lastReport = 0;
  // An exception from the caller's callback is the caller's, not a broken connection: it ends the download as is.
  const callback: { failed: boolean; error?: unknown } = { failed: false };
  const report = (force: boolean): void => {
    const now = Date.now();
    if (!options.onProgress || (!force && now - lastReport < interval)) return;
    lastReport = now;
    const seconds = Math.max((now - began) / 1000, 0.001);
    try {
      options.onProgress({ received, total, bytesPerSecond: Math.round((received - start) / seconds) });
    } catch (e) {
      callback.failed = true;
      callback.error = e;
    }
  };
  try {
    if (!response.body) throw new Interrupted('the response had no body');
    for await (const chunk of response.body) {
      await file.write(chunk);
      hash.update(chunk);
      received += chunk.length;
      report(false);
      if (callback.failed) break;
    }
    await file.sync();
  } catch (e) {
    if (options.signal?.aborted) throw cancelled(e);
    if (e instanceof Interrupted) throw e;
    throw new Interrupted(`${describe(e)} after ${received} bytes`, { cause: e });
  } finally {
    await file.close();
  }
  if (!callback.failed) report(true);
  if (callback.failed) throw callback.error;
  return received;
}

async function finish(options: DownloadOptions, part: string, bytes: number, hash: Hash, resumed: boolean): Promise<DownloadResult> {
  if (options.size !== undefined && bytes < options.size) {
    throw new Interrupted(`the connection closed after ${bytes} of ${options.size} bytes`);
  }
  const digest = hash.digest('hex');
  if (digest !== options.sha256.toLowerCase() || (options.size !== undefined && bytes !== options.size)) {
    await rm(part, { force: true });
    throw new PromptyardError(
      'download-checksum',
      `The file downloaded from ${options.url} is not the expected one (SHA-256 ${digest}, expected ${options.sha256}); it was deleted.`,
      { hint: 'Run again to download it afresh; if local.downloadURL points at a mirror, check that it serves the same file.', exitCode: 1 },
    );
  }
  await rename(part, options.destination);
  return { path: options.destination, bytes, resumed };
}

function offline(url: string, e: unknown): ProviderError {
  const host = safeHost(url);
  return new ProviderError('network', 'local', `Cannot download the local model from ${host}: no network (${describe(e)}).`, {
    hint: `Instead: ${OFFLINE_ALTERNATIVES.join('; ')}.`,
    cause: e,
  });
}

function cancelled(e: unknown): ProviderError {
  return new ProviderError('cancelled', 'local', 'The download was cancelled; run again to resume it.', { cause: e });
}

/** The most telling part of a fetch error: its cause's code (ENOTFOUND, ECONNREFUSED...) when there is one. */
function describe(e: unknown): string {
  const cause = e instanceof Error ? (e.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return e instanceof Error ? e.message : String(e);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function contentRangeStart(header: string | null): number | undefined {
  const match = header ? /^bytes\s+(\d+)-/i.exec(header) : null;
  return match ? Number(match[1]) : undefined;
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function hashFile(path: string): Promise<Hash> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash;
}

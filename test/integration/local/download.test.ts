// Model downloads against a real HTTP server on 127.0.0.1: progress, Range resume, servers that ignore
// Range, checksum mismatch, no network, and a destination that only ever holds a complete file.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PromptyardError, ProviderError } from '../../../src/core/errors';
import { silentLogger } from '../../../src/core/ports';
import { downloadFile, OFFLINE_ALTERNATIVES, type DownloadProgress } from '../../../src/core/providers/download';
import { createLocalProvider } from '../../../src/core/providers/local';
import { RECOMMENDED_LOCAL_MODEL } from '../../../src/core/providers/localModels';

const FILE = randomBytes(1024 * 1024 + 123);
const SHA256 = createHash('sha256').update(FILE).digest('hex');

type Handler = (req: IncomingMessage, res: ServerResponse, nth: number) => void;

/** Sends `body` in 64 KiB chunks with a pause between them, so progress has something to report. */
function sendSlowly(res: ServerResponse, body: Buffer, options: { cutAfter?: number } = {}): void {
  let offset = 0;
  const next = (): void => {
    if (options.cutAfter !== undefined && offset >= options.cutAfter) {
      res.socket?.destroy();
      return;
    }
    if (offset >= body.length) {
      res.end();
      return;
    }
    res.write(body.subarray(offset, offset + 64 * 1024));
    offset += 64 * 1024;
    setTimeout(next, 2);
  };
  next();
}

/** A file server that honours `Range: bytes=N-`. */
function serveFile(body: Buffer, options: { cutFirstAfter?: number; ignoreRange?: boolean } = {}): Handler {
  return (req, res, nth) => {
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const cutAfter = nth === 1 ? options.cutFirstAfter : undefined;
    if (range && !options.ignoreRange) {
      const start = Number(range[1]);
      res.writeHead(206, { 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` });
      sendSlowly(res, body.subarray(start), { cutAfter });
      return;
    }
    res.writeHead(200, { 'content-length': body.length });
    sendSlowly(res, body, { cutAfter });
  };
}

describe('model download', function () {
  this.timeout(20_000);
  let dir: string;
  let server: Server;
  let url: string;
  let handler: Handler;
  let requests: IncomingMessage[];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'promptyard-download-'));
    requests = [];
    server = createServer((req, res) => {
      requests.push(req);
      handler(req, res, requests.length);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/model.gguf`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const destination = (): string => join(dir, 'models', 'model.gguf');

  it('downloads with progress events, checks the SHA-256 and never shows a partial file', async () => {
    handler = serveFile(FILE);
    const progress: DownloadProgress[] = [];
    const result = await downloadFile({
      url,
      destination: destination(),
      sha256: SHA256,
      size: FILE.length,
      progressIntervalMs: 0,
      onProgress: (p) => {
        assert.equal(existsSync(destination()), false, 'the destination appeared before the download was complete');
        progress.push(p);
      },
    });
    assert.equal(result.bytes, FILE.length);
    assert.equal(result.resumed, false);
    assert.ok((await readFile(destination())).equals(FILE));
    assert.equal(existsSync(`${destination()}.part`), false);
    assert.ok(progress.length >= 5, `${progress.length} progress events`);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i]!.received >= progress[i - 1]!.received);
    assert.equal(progress.at(-1)?.received, FILE.length);
    assert.equal(progress.at(-1)?.total, FILE.length);
    assert.ok(progress.every((p) => p.bytesPerSecond >= 0));
  });

  it('keeps the part of an interrupted download and resumes it with a Range request', async () => {
    handler = serveFile(FILE, { cutFirstAfter: 256 * 1024 });
    const first = downloadFile({ url, destination: destination(), sha256: SHA256, size: FILE.length, retries: 0 });
    await assert.rejects(first, (e: unknown) => e instanceof ProviderError && e.kind === 'network' && /interrupted/.test(e.message));
    const kept = (await stat(`${destination()}.part`)).size;
    assert.ok(kept > 0 && kept < FILE.length, `part of ${kept} bytes`);
    assert.equal(existsSync(destination()), false);

    const second = await downloadFile({ url, destination: destination(), sha256: SHA256, size: FILE.length });
    assert.equal(requests[1]?.headers.range, `bytes=${kept}-`);
    assert.equal(second.resumed, true);
    assert.ok((await readFile(destination())).equals(FILE));
  });

  it('resumes by itself when the connection drops mid-file', async () => {
    handler = serveFile(FILE, { cutFirstAfter: 512 * 1024 });
    const result = await downloadFile({ url, destination: destination(), sha256: SHA256, size: FILE.length });
    assert.equal(requests.length, 2);
    assert.match(requests[1]?.headers.range ?? '', /^bytes=\d+-$/);
    assert.equal(result.resumed, true);
    assert.ok((await readFile(destination())).equals(FILE));
  });

  it('starts over when the server ignores Range and sends the whole file', async () => {
    handler = serveFile(FILE, { ignoreRange: true });
    await mkdir(join(dir, 'models'));
    await writeFile(`${destination()}.part`, randomBytes(300 * 1024)); // stale bytes that must not survive
    const result = await downloadFile({ url, destination: destination(), sha256: SHA256, size: FILE.length });
    assert.equal(requests.length, 1);
    assert.equal(requests[0]?.headers.range, `bytes=${300 * 1024}-`);
    assert.equal(result.resumed, false);
    assert.ok((await readFile(destination())).equals(FILE));
  });

  it('deletes a file whose SHA-256 does not match and says so', async () => {
    handler = serveFile(randomBytes(FILE.length));
    await assert.rejects(downloadFile({ url, destination: destination(), sha256: SHA256, size: FILE.length }), (e: unknown) => {
      assert.ok(e instanceof PromptyardError);
      assert.equal(e.code, 'download-checksum');
      assert.match(e.message, new RegExp(`expected ${SHA256}`));
      return true;
    });
    assert.equal(existsSync(destination()), false);
    assert.equal(existsSync(`${destination()}.part`), false);
  });

  it('reports an HTTP error status', async () => {
    handler = (_req, res) => res.writeHead(404).end('no such file');
    await assert.rejects(downloadFile({ url, destination: destination(), sha256: SHA256 }), (e: unknown) => {
      assert.ok(e instanceof PromptyardError);
      assert.equal(e.code, 'download-http');
      assert.match(e.message, /404/);
      return true;
    });
    assert.equal(existsSync(destination()), false);
  });

  it('says there is no network and lists the alternatives when the connection is refused', async () => {
    handler = serveFile(FILE);
    server.close();
    await assert.rejects(downloadFile({ url, destination: destination(), sha256: SHA256 }), (e: unknown) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.kind, 'network');
      assert.match(e.message, /no network \(ECONNREFUSED\)/);
      for (const alternative of OFFLINE_ALTERNATIVES) assert.ok(e.format().includes(alternative), alternative);
      assert.match(e.format(), /ollama\/<model>.*promptyard keys set openai\|anthropic/);
      return true;
    });
  });

  it('gives the offline error for local/default through the provider, at the configured mirror', async () => {
    handler = serveFile(FILE);
    server.close();
    const progress: DownloadProgress[] = [];
    const provider = createLocalProvider(
      { cacheDir: join(dir, 'cache'), downloadURL: url },
      { logger: silentLogger, onDownloadProgress: (p) => progress.push(p) },
    );
    await assert.rejects(provider.complete({ model: 'default', messages: [{ role: 'user', content: 'hi' }] }), (e: unknown) => {
      assert.ok(e instanceof ProviderError, String(e));
      assert.match(e.message, /127\.0\.0\.1/);
      assert.match(e.format(), /local\.model in promptyard\.config\.yaml/);
      return true;
    });
    assert.deepEqual(progress, []);
  });

  it('downloads local/default on first use through the injected fetch and the mirror, reporting progress', async () => {
    // A short file: every attempt ends early, the retries resume with Range, then the part is kept for later.
    const body = randomBytes(256 * 1024);
    const ranges: (string | null)[] = [];
    const fetchImpl: typeof fetch = async (input, init) => {
      assert.equal(String(input), 'https://mirror.example/q.gguf');
      ranges.push(new Headers(init?.headers).get('range'));
      return new Response(body, { status: 200, headers: { 'content-length': String(body.length) } });
    };
    const progress: DownloadProgress[] = [];
    const cacheDir = join(dir, 'cache');
    const provider = createLocalProvider(
      { cacheDir, downloadURL: 'https://mirror.example/q.gguf' },
      { logger: silentLogger, fetchImpl, onDownloadProgress: (p) => progress.push(p) },
    );
    await assert.rejects(provider.complete({ model: 'default', messages: [{ role: 'user', content: 'hi' }] }), (e: unknown) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.kind, 'network');
      assert.match(e.message, /interrupted/);
      return true;
    });
    assert.deepEqual(ranges, [null, `bytes=${body.length}-`, `bytes=${body.length}-`, `bytes=${body.length}-`]);
    assert.equal(progress.at(-1)?.received, body.length);
    assert.equal(progress.at(-1)?.total, RECOMMENDED_LOCAL_MODEL.sizeBytes);
    assert.deepEqual(await readdir(cacheDir), [`${RECOMMENDED_LOCAL_MODEL.file}.part`]);
  });

  it('passes the cancellation of the caller to the download and keeps the part', async () => {
    handler = serveFile(FILE);
    const controller = new AbortController();
    const download = downloadFile({
      url,
      destination: destination(),
      sha256: SHA256,
      progressIntervalMs: 0,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.received >= 128 * 1024) controller.abort();
      },
    });
    await assert.rejects(download, (e: unknown) => e instanceof ProviderError && e.kind === 'cancelled');
    assert.equal(existsSync(destination()), false);
    assert.ok(existsSync(`${destination()}.part`));
  });
});

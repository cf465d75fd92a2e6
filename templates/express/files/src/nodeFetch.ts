// The SDKs' HTTP transport: a `fetch` over node:http and node:https with keep-alive agents, passed to both
// SDKs through their `fetch` option. Why not the global fetch: Node's built-in fetch (undici) keeps every
// response reachable from a FinalizationRegistry until a full GC, so at a hundred requests a second each one
// is promoted to the old generation and a full GC (5–15 ms pauses) runs every few seconds — measured, it is
// what the p99 latency of this service paid. The same traffic over node:http needs no full GC at all.
// Scope: what the SDKs send (a string or byte body, an AbortSignal) and read (status, headers, a body, SSE
// streamed as it arrives).
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export interface NodeFetchOptions {
  /** Idle sockets kept per host (default 64). */
  maxFreeSockets?: number;
}

export function nodeFetch(options: NodeFetchOptions = {}): typeof fetch {
  const agentOptions = { keepAlive: true, maxFreeSockets: options.maxFreeSockets ?? 64, scheduling: 'lifo' as const };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  return (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const signal = init.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
      if (!transport) return reject(new TypeError(`fetch failed: unsupported protocol ${url.protocol}`));

      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const body = requestBody(init.body);
      if (body !== undefined) headers['content-length'] = String(body.byteLength);
      headers['accept-encoding'] ??= 'gzip, deflate, br';

      const req = transport.request(url, { method: init.method ?? 'GET', headers, agent: agents[url.protocol as 'http:' | 'https:'] });
      let response: http.IncomingMessage | undefined;
      const onAbort = () => {
        const reason = abortReason(signal!);
        // before the answer: the promise rejects; during its body: the body's stream errors
        if (response) response.destroy(reason);
        req.destroy(reason);
        reject(reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);

      req.on('error', (error) => {
        done();
        reject(signal?.aborted ? abortReason(signal) : new TypeError('fetch failed', { cause: error }));
      });
      req.on('response', (res) => {
        response = res;
        res.on('close', done);
        const status = res.statusCode ?? 0;
        const responseHeaders = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        if (NULL_BODY_STATUSES.has(status) || init.method === 'HEAD') {
          res.resume();
          return resolve(new Response(null, { status, statusText: res.statusMessage, headers: responseHeaders }));
        }
        const decoded = decode(res, responseHeaders);
        if (responseHeaders.get('content-type')?.includes('text/event-stream')) {
          resolve(new Response(Readable.toWeb(decoded) as ReadableStream<Uint8Array>, { status, statusText: res.statusMessage, headers: responseHeaders }));
          return;
        }
        // Anything but a stream is read whole before the promise resolves: a connection cut in the middle of
        // the answer then rejects like a refused connection, which the SDKs retry (they read bodies after
        // their retry loop). Streams resolve at once and are never retried once they started.
        const chunks: Buffer[] = [];
        decoded.on('data', (chunk: Buffer) => chunks.push(chunk));
        decoded.on('error', (error) => reject(signal?.aborted ? abortReason(signal) : new TypeError('fetch failed', { cause: error })));
        res.on('close', () => {
          if (!res.complete) reject(signal?.aborted ? abortReason(signal) : new TypeError('fetch failed', { cause: new Error('the connection closed before the answer was complete') }));
        });
        decoded.on('end', () => {
          if (!res.complete) return reject(new TypeError('fetch failed', { cause: new Error('the connection closed before the answer was complete') }));
          resolve(new Response(Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: responseHeaders }));
        });
      });
      req.end(body);
    });
  };
}

function requestBody(body: RequestInit['body']): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  throw new TypeError('nodeFetch sends string and byte bodies only');
}

/** Decompresses as fetch does; the decoded body has no Content-Encoding or Content-Length any more. */
function decode(res: http.IncomingMessage, headers: Headers): Readable {
  const encoding = headers.get('content-encoding')?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip()
    : encoding === 'deflate' ? zlib.createInflate()
    : encoding === 'br' ? zlib.createBrotliDecompress()
    : undefined;
  if (!decoder) return res;
  headers.delete('content-encoding');
  headers.delete('content-length');
  res.on('error', (error) => decoder.destroy(error));
  return res.pipe(decoder);
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}

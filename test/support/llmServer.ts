// The project's own test LLM server: plain node:http on 127.0.0.1, speaking OpenAI Chat Completions and
// Anthropic Messages (JSON and SSE), embeddings and the model lists, with deterministic replies, latency
// and seeded fault injection. It records every request (never the key) so tests can assert retries and
// cancellation. Run it alone with `npm run llm-server`.
//
// Faults, first match wins: the `x-test-fault` header, a model named `fault-<name>` (usable from the CLI:
// `openai/fault-429`), a model missing from the model lists with `knownModelsOnly` (404), the queue set with
// `setFaults`, the seeded `faultRate`. Latency: `latency` or the
// `x-test-latency: <firstByteMs>[,<chunkMs>]` header. Names are listed in llmServerFaults.ts.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { anthropicMessages, anthropicModels, anthropicNeutral, anthropicNotFound } from './llmServerAnthropic';
import { errorReply, parseFault, type FaultPlan, type Protocol } from './llmServerFaults';
import { openaiChat, openaiEmbeddings, openaiModels, openaiNeutral, openaiNotFound, type Delivery } from './llmServerOpenAI';
import { planReply, prng } from './llmServerReplies';

export interface Latency {
  /** Delay before the response headers. */
  firstByteMs?: number;
  /** Delay between streamed chunks. Below 2 ms (finer than timers) chunks keep to a schedule instead, e.g.
   * 0.5 sends 2,000 chunks a second on average, a few per timer tick. */
  chunkMs?: number;
}

export interface FaultRate {
  /** Chance in [0, 1] that a request gets one of `kinds`. */
  probability: number;
  kinds: string[];
  seed?: number;
  /** Spread the faults evenly instead of drawing each call: of the first n chat calls exactly
   * floor(n × probability) fail, so "30% of calls fail" holds for a short test too (other paths get none).
   * The kind is still drawn. */
  even?: boolean;
}

export interface LlmServerOptions {
  port?: number;
  latency?: Latency;
  /** Faults for the next requests, one each, in order. */
  faults?: string[];
  faultRate?: FaultRate;
  /** Seeds the replies (same input and seed, same reply). */
  seed?: number;
  /** When set, retry-after responses also carry `retry-after-ms` = seconds * 1000 * scale (the SDKs prefer it). */
  retryAfterMsScale?: number;
  /** When set, retryable errors without a retry-after (408, 409, 5xx, quota) carry `retry-after-ms` of this value,
   * so the SDKs' default back-off (0.5 s, 1 s, ...) does not slow tests down. */
  errorRetryAfterMs?: number;
  openaiModels?: string[];
  anthropicModels?: string[];
  /** Chat requests for a model missing from `openaiModels`/`anthropicModels` get a 404, as the real APIs answer. */
  knownModelsOnly?: boolean;
  embeddingDimensions?: number;
}

export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  protocol: Protocol;
  model?: string;
  stream: boolean;
  /** Request headers, lower-case, without authorization, x-api-key and api-key. */
  headers: Record<string, string>;
  hadAuth: boolean;
  /** Length of the key the client sent (0 without one); the key itself is never kept. */
  keyLength: number;
  body: unknown;
  requestId: string;
  fault?: string;
  status?: number;
  startedAt: number;
  endedAt?: number;
  chunksSent: number;
  /** The server wrote the whole response. */
  finished: boolean;
  /** The client closed the connection before the response was finished. */
  clientClosed: boolean;
}

export interface LlmServer {
  url: string;
  /** For the OpenAI SDK (`baseURL`), ends with `/v1`. */
  openaiBaseURL: string;
  /** For the Anthropic SDK (`baseURL`), the SDK adds `/v1/messages`. */
  anthropicBaseURL: string;
  port: number;
  /** Date.now() when the server started: `startedAt` and `endedAt` of a request count from it. */
  epoch: number;
  requests: RecordedRequest[];
  /** Requests to the chat endpoints (Chat Completions and Messages): one per attempt. */
  chatRequests(): RecordedRequest[];
  setFaults(faults: string[]): void;
  setFaultRate(rate: FaultRate | undefined): void;
  setLatency(latency: Latency): void;
  /** Forgets recorded requests and queued faults. */
  reset(): void;
  /** Resolves when `predicate` holds (polled), rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const CHAT_PATHS = new Set(['/v1/chat/completions', '/chat/completions', '/v1/messages']);
const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'api-key']);

export async function startLlmServer(options: LlmServerOptions = {}): Promise<LlmServer> {
  let queue = [...(options.faults ?? [])];
  let rate = options.faultRate;
  let rateRng = prng(rate?.seed ?? 1);
  let rateCalls = 0;
  const openaiIds = options.openaiModels ?? ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'text-embedding-3-small'];
  const anthropicIds = options.anthropicModels ?? ['claude-haiku-4-5', 'claude-sonnet-4-6', 'claude-opus-4-6'];
  const unknownModel = (protocol: Protocol, model: string | undefined) =>
    options.knownModelsOnly === true && model !== undefined && !(protocol === 'anthropic' ? anthropicIds : openaiIds).includes(model);
  let latency: Latency = { ...options.latency };
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const started = Date.now();
  let seq = 0;

  const pickFault = (headerFault: string | undefined, model: string | undefined, protocol: Protocol, chat: boolean): FaultPlan | undefined => {
    const fromHeader = parseFault(headerFault);
    if (fromHeader) return fromHeader;
    if (model?.startsWith('fault-')) return parseFault(model.slice(6));
    if (chat && unknownModel(protocol, model)) return parseFault('404');
    if (queue.length) return parseFault(queue.shift());
    if (rate && rate.kinds.length && (chat || !rate.even)) {
      const n = rateCalls++;
      const hit = rate.even ? Math.floor((n + 1) * rate.probability) > Math.floor(n * rate.probability) : rateRng() < rate.probability;
      if (hit) return parseFault(rate.kinds[Math.floor(rateRng() * rate.kinds.length)]);
    }
    return undefined;
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `test server bug: ${String(error)}`, type: 'server_error' } }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const raw = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    const protocol: Protocol = path === '/v1/messages' || req.headers['anthropic-version'] ? 'anthropic' : 'openai';
    const key = keyOf(req);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!SECRET_HEADERS.has(name) && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const n = ++seq;
    const rec: RecordedRequest = {
      seq: n, method: req.method ?? 'GET', path, protocol,
      model: typeof body.model === 'string' ? body.model : undefined,
      stream: body.stream === true, headers, hadAuth: key !== undefined, keyLength: key?.length ?? 0, body,
      requestId: `req_test_${n.toString(16).padStart(6, '0')}`,
      startedAt: Date.now() - started, chunksSent: 0, finished: false, clientClosed: false,
    };
    requests.push(rec);
    let serverReset = false;
    res.on('finish', () => {
      rec.finished = true;
      rec.endedAt = Date.now() - started;
    });
    res.on('close', () => {
      if (!rec.finished && !serverReset) rec.clientClosed = true;
      rec.endedAt ??= Date.now() - started;
    });
    const idHeader = protocol === 'anthropic' ? 'request-id' : 'x-request-id';
    const lat = latencyOf(req.headers['x-test-latency'], latency);
    const fault = pickFault(header(req, 'x-test-fault'), rec.model, protocol, CHAT_PATHS.has(path));
    if (fault && fault.kind !== 'none') rec.fault = fault.kind === 'http' ? fault.name : fault.kind;

    if (fault?.kind === 'stall-headers') return; // never answers; the client gives up or the server closes
    await sleep(lat.firstByteMs);
    if (rec.clientClosed) return;

    if (fault?.kind === 'http') {
      const err = errorReply(fault, protocol, {
        retryAfterMsScale: options.retryAfterMsScale,
        errorRetryAfterMs: options.errorRetryAfterMs,
        apiKey: key,
        model: rec.model,
        requestId: rec.requestId,
      });
      rec.status = err.status;
      res.writeHead(err.status, { 'content-type': 'application/json', [idHeader]: rec.requestId, ...err.headers });
      res.end(JSON.stringify(err.body));
      return;
    }

    const delivery = route(req.method ?? 'GET', path, protocol, body);
    rec.status = delivery.kind === 'json' ? delivery.status : 200;
    const contentType = delivery.kind === 'sse' ? 'text/event-stream; charset=utf-8' : 'application/json';
    res.writeHead(rec.status, { 'content-type': contentType, 'cache-control': 'no-cache', [idHeader]: rec.requestId });
    const chunks = delivery.kind === 'sse' ? delivery.events : splitJson(JSON.stringify(delivery.body));
    if (fault?.kind === 'stall-body') {
      res.flushHeaders();
      return;
    }
    // A reset or truncation falls before the last chunk at the latest, so it always cuts something.
    const cutAt =
      fault?.kind === 'truncate' && fault.dropLast !== undefined ? chunks.length - fault.dropLast
      : fault?.kind === 'reset' || fault?.kind === 'truncate' ? Math.min(fault.afterChunks, chunks.length - 1)
      : -1;
    let written: Promise<void> = Promise.resolve();
    const paced = lat.chunkMs !== undefined && lat.chunkMs > 0 && lat.chunkMs < 2 ? performance.now() : undefined;
    for (let i = 0; i < chunks.length; i++) {
      if (fault?.kind === 'reset' && i === cutAt) {
        res.flushHeaders();
        await written;
        await sleep(20); // lets the client read what was sent before the reset
        serverReset = true;
        req.socket.resetAndDestroy();
        return;
      }
      if (fault?.kind === 'truncate' && i === cutAt) break;
      if (i > 0 && delivery.kind === 'sse') {
        if (paced === undefined) await sleep(lat.chunkMs);
        else if (paced + i * lat.chunkMs! - performance.now() >= 1) await sleep(paced + i * lat.chunkMs! - performance.now());
      }
      if (rec.clientClosed || res.destroyed) return;
      written = new Promise((resolve) => res.write(chunks[i], () => resolve()));
      rec.chunksSent++;
    }
    res.end();
  }

  function route(method: string, path: string, protocol: Protocol, body: Record<string, unknown>): Delivery {
    const p = path.replace(/^\/v1(?=\/)/, '');
    if (method === 'POST' && p === '/chat/completions') return openaiChat(body, planReply(openaiNeutral(body), options.seed ?? 0), Math.floor(started / 1000));
    if (method === 'POST' && p === '/messages') return anthropicMessages(body, planReply(anthropicNeutral(body), options.seed ?? 0));
    if (method === 'POST' && p === '/embeddings') return openaiEmbeddings(body, options.embeddingDimensions ?? 8);
    if (method === 'GET' && p === '/models') {
      return protocol === 'anthropic' ? anthropicModels(anthropicIds) : openaiModels(openaiIds);
    }
    return protocol === 'anthropic' ? anthropicNotFound(path) : openaiNotFound(path);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    openaiBaseURL: `${url}/v1`,
    anthropicBaseURL: url,
    port,
    epoch: started,
    requests,
    chatRequests: () => requests.filter((r) => CHAT_PATHS.has(r.path)),
    setFaults: (faults) => void (queue = [...faults]),
    setFaultRate: (next) => {
      rate = next;
      rateRng = prng(next?.seed ?? 1);
      rateCalls = 0;
    },
    setLatency: (next) => void (latency = { ...next }),
    reset: () => {
      requests.length = 0;
      queue = [];
    },
    waitFor: async (predicate, timeoutMs = 2000) => {
      const until = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > until) throw new Error(`llmServer.waitFor: condition not met within ${timeoutMs} ms`);
        await sleep(5);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function keyOf(req: http.IncomingMessage): string | undefined {
  const auth = header(req, 'authorization');
  if (auth) return auth.replace(/^Bearer\s+/i, '');
  return header(req, 'x-api-key') ?? header(req, 'api-key');
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function latencyOf(headerValue: string | string[] | undefined, base: Latency): Latency {
  const v = Array.isArray(headerValue) ? headerValue[0] : headerValue;
  if (!v) return base;
  const [first, chunk] = v.split(',').map((x) => Number(x.trim()));
  return { firstByteMs: Number.isFinite(first) ? first : base.firstByteMs, chunkMs: Number.isFinite(chunk) ? chunk : base.chunkMs };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

/** A JSON body in two writes, so a reset can fall between them. */
function splitJson(text: string): string[] {
  const half = Math.floor(text.length / 2);
  return [text.slice(0, half), text.slice(half)];
}

function sleep(ms: number | undefined): Promise<void> {
  return ms && ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

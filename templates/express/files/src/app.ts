// The HTTP API (promptyard's scaffold contract): run and stream prompts, feedback, health, readiness and
// metrics, behind request ids, auth, the rate limit and idempotency keys.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { context, trace } from '@opentelemetry/api';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { STREAMING_ENABLED } from './defaults.js';
import { retryAfter, ServiceError } from './errors.js';
import type { Metrics } from './metrics.js';
import type { PromptRegistry } from './registry.js';
import type { Runner } from './runner.js';
import type { Store } from './store.js';
import { StreamTracker } from './streams.js';
import { tracer } from './tracing.js';

export interface AppDeps {
  config: Config;
  registry: PromptRegistry;
  runner: Runner;
  store: Store;
  metrics: Metrics;
  logger: Logger;
  streams: StreamTracker;
  /** False once shutdown has begun. */
  isAccepting(): boolean;
}

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    clientKey: string;
  }
}

export function createApp(deps: AppDeps): express.Express {
  const { config, metrics, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  app.use((req, res, next) => {
    const given = req.get('x-request-id');
    req.id = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    const end = metrics.requestDuration.startTimer();
    const span = tracer.startSpan(`${req.method} ${req.path}`, { attributes: { 'http.request.method': req.method, 'promptyard.request_id': req.id } });
    res.on('finish', () => {
      const route = routeOf(req);
      end({ route });
      metrics.requests.inc({ route, status: String(res.statusCode) });
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
      span.end();
    });
    context.with(trace.setSpan(context.active(), span), next);
  });

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = deps.isAccepting() && (await deps.store.ready());
    res.status(ready ? 200 : 503).json({ ready });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  const api = express.Router();
  api.use((_req, _res, next) => {
    if (!deps.isAccepting()) return next(new ServiceError('shutting_down', 'the service is shutting down; retry on another replica'));
    next();
  });
  api.use(authenticate(config));
  api.use(express.json({ limit: Math.max(64 * 1024, config.maxInputBytes * 4) }));
  api.use(rateLimit(deps));

  api.post('/prompts/:id/run', idempotent(deps), async (req, res) => {
    const controller = abortOnClose(res);
    const done = deps.streams.track(controller);
    try {
      res.json(await deps.runner.run({ ...runInput(req), signal: controller.signal }));
    } finally {
      done();
    }
  });

  if (STREAMING_ENABLED) {
    api.post('/prompts/:id/stream', idempotent(deps, 'stream'), async (req, res) => {
      const controller = abortOnClose(res);
      const stream = deps.streams.open(res, controller);
      const idempotency = res.locals.idempotency as { finish(status: number, body: unknown): Promise<void>; abandon(): void } | undefined;
      try {
        const result = await deps.runner.run({ ...runInput(req), signal: controller.signal }, (text) => stream.send('delta', { text }));
        const done = { usage: result.usage, cost_usd: result.cost_usd, model: result.model, prompt: result.prompt, request_id: result.request_id };
        await idempotency?.finish(200, { output: result.output, ...done });
        stream.send('done', done);
      } catch (e) {
        idempotency?.abandon();
        if (!stream.started) throw e; // nothing sent yet: a plain JSON error with its status
        const err = toServiceError(e);
        metrics.errors.inc({ kind: err.kind });
        stream.send('error', { error: { kind: err.kind, message: err.message, request_id: req.id } });
      } finally {
        stream.close();
      }
    });
  }

  api.post('/feedback', idempotent(deps), async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (typeof b.prompt_id !== 'string' || !deps.registry.get(b.prompt_id)) throw new ServiceError('not_found', 'prompt_id must name a prompt of this service');
    if (b.rating !== 'up' && b.rating !== 'down') throw new ServiceError('invalid_request', 'rating must be "up" or "down"');
    for (const key of ['version', 'request_id', 'note', 'output'] as const) {
      if (b[key] !== undefined && typeof b[key] !== 'string') throw new ServiceError('invalid_request', `${key} must be a string`);
    }
    if (typeof b.note === 'string' && b.note.length > 4000) throw new ServiceError('payload_too_large', 'note is longer than 4000 characters');
    const line = {
      ts: new Date().toISOString(),
      prompt_id: b.prompt_id,
      version: b.version ?? deps.registry.get(b.prompt_id)!.version,
      request_id: b.request_id ?? null,
      rating: b.rating,
      note: b.note ?? null,
      variables: b.variables ?? null,
      output: b.output ?? null,
    };
    await mkdir(path.dirname(config.feedbackPath), { recursive: true });
    await appendFile(config.feedbackPath, `${JSON.stringify(line)}\n`, 'utf8');
    res.status(202).json({ ok: true });
  });

  app.use('/v1', api);
  app.use((req, _res, next) => next(new ServiceError('not_found', `no route ${req.method} ${req.path}`)));

  app.use((e: unknown, req: Request, res: Response, _next: NextFunction) => {
    const err = toServiceError(e);
    if (err.kind === 'internal_error') logger.error({ request_id: req.id, err: e instanceof Error ? e.message : String(e) }, 'unexpected error');
    metrics.errors.inc({ kind: err.kind });
    if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(retryAfter(err.retryAfterSeconds)));
    if (res.headersSent) return res.end();
    res.status(err.status).json({ error: { kind: err.kind, message: err.message, request_id: req.id } });
    logger.info({ request_id: req.id, status: err.status, kind: err.kind }, 'request failed');
  });
  return app;
}

function toServiceError(e: unknown): ServiceError {
  if (e instanceof ServiceError) return e;
  const status = (e as { status?: number; type?: string }).status;
  const type = (e as { type?: string }).type;
  if (type === 'entity.too.large' || status === 413) return new ServiceError('payload_too_large', 'the request body is too large');
  if (type === 'entity.parse.failed' || (status !== undefined && status >= 400 && status < 500)) return new ServiceError('invalid_request', 'the request body is not valid JSON');
  return new ServiceError('internal_error', 'something went wrong; the request id identifies it in the logs');
}

function routeOf(req: Request): string {
  const route = (req.route as { path?: string } | undefined)?.path;
  if (!route) return req.path.startsWith('/v1/') ? 'other' : req.path === '/healthz' || req.path === '/readyz' || req.path === '/metrics' ? req.path : 'other';
  return `${req.baseUrl}${route}`;
}

function runInput(req: Request) {
  const body = (req.body ?? {}) as { variables?: unknown; version?: unknown };
  if (body.version !== undefined && (typeof body.version !== 'string' || !/^\d+\.\d+\.\d+/.test(body.version))) {
    throw new ServiceError('invalid_request', 'version must be a released version such as 1.2.0');
  }
  const version = typeof body.version === 'string' ? body.version : typeof req.query.version === 'string' ? req.query.version : undefined;
  return { promptId: String(req.params.id), version, variables: body.variables, clientKey: req.clientKey, requestId: req.id };
}

/** Aborts the model call when the client disconnects before the response is finished. */
function abortOnClose(res: Response): AbortController {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new Error('client closed the connection'));
  });
  return controller;
}

function authenticate(config: Config) {
  const keys = config.serviceApiKeys.map((k) => Buffer.from(k));
  return (req: Request, _res: Response, next: NextFunction) => {
    if (keys.length === 0) {
      req.clientKey = `ip:${req.socket.remoteAddress ?? 'unknown'}`;
      return next();
    }
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const given = match ? Buffer.from(match[1]!) : undefined;
    const ok = given !== undefined && keys.some((k) => k.length === given.length && timingSafeEqual(k, given));
    if (!ok) return next(new ServiceError('unauthorized', 'send a valid API key as "Authorization: Bearer <key>"'));
    req.clientKey = `key:${createHash('sha256').update(given!).digest('hex').slice(0, 32)}`;
    next();
  };
}

function rateLimit(deps: AppDeps) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    try {
      const r = await deps.store.take(req.clientKey, deps.config.rateLimitRps, deps.config.rateLimitBurst);
      if (r.allowed) return next();
      deps.metrics.rateLimited.inc();
      next(new ServiceError('rate_limited', 'too many requests; retry after the number of seconds in Retry-After', r.retryAfterSeconds));
    } catch (e) {
      next(e);
    }
  };
}

/**
 * `Idempotency-Key`: the same key and body within 24 h replays the stored response (a stream replays its
 * whole text as one delta, then its done event); another body is a 422.
 */
function idempotent(deps: AppDeps, mode: 'json' | 'stream' = 'json') {
  return async (req: Request, res: Response, next: NextFunction) => {
    const key = req.get('idempotency-key');
    if (!key) return next();
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) return next(new ServiceError('invalid_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters'));
    const scoped = createHash('sha256').update(`${req.clientKey}\n${req.path}\n${key}`).digest('hex');
    const bodyHash = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
    try {
      const found = await deps.store.idempotencyBegin(scoped, bodyHash, IDEMPOTENCY_TTL_SECONDS);
      if (found.state !== 'new') {
        if (found.bodyHash !== bodyHash) return next(new ServiceError('idempotency_conflict', 'this Idempotency-Key was used with a different body'));
        if (found.state === 'pending') return next(new ServiceError('idempotency_conflict', 'a request with this Idempotency-Key is still in progress'));
        res.setHeader('Idempotent-Replayed', 'true');
        if (mode === 'json') return res.status(found.response.status).json(found.response.body);
        const { output, ...done } = found.response.body as { output: string };
        res.status(200).setHeader('Content-Type', 'text/event-stream; charset=utf-8');
        return res.end(`event: delta\ndata: ${JSON.stringify({ text: output })}\n\nevent: done\ndata: ${JSON.stringify(done)}\n\n`);
      }
    } catch (e) {
      return next(e);
    }
    const finish = (status: number, body: unknown): Promise<void> =>
      (status < 500 && status !== 429
        ? deps.store.idempotencyFinish(scoped, bodyHash, { status, body }, IDEMPOTENCY_TTL_SECONDS)
        : deps.store.idempotencyAbandon(scoped)
      ).catch(() => undefined);
    if (mode === 'stream') {
      res.locals.idempotency = { finish, abandon: () => void finish(500, null) };
      return next();
    }
    // The record is stored before the response leaves, so a retry on any replica finds it.
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      void finish(res.statusCode, body).then(() => json(body));
      return res;
    };
    next();
  };
}

// Wiring and lifecycle: load and verify the prompts, build the app, listen, and on SIGTERM/SIGINT shut down
// gracefully: readiness turns 503, new requests get 503, streams and runs get SHUTDOWN_GRACE_MS to finish,
// the rest end with an explicit error, then the listener closes and the process exits.
import type { Server } from 'node:http';
import path from 'node:path';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { createLlmClient, type LlmClient } from './llm.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { Prices } from './prices.js';
import { PromptRegistry } from './registry.js';
import { Runner } from './runner.js';
import { createStore } from './stores.js';
import { StreamTracker } from './streams.js';
import { startTracing } from './tracing.js';
import { SERVICE_NAME } from './defaults.js';

export interface RunningService {
  server: Server;
  url: string;
  logger: Logger;
  /** Graceful shutdown; resolves when everything is closed. */
  shutdown(reason: string): Promise<void>;
}

export async function startService(config: Config, options: { llm?: LlmClient; logger?: Logger } = {}): Promise<RunningService> {
  const logger = options.logger ?? createLogger(config.logLevel, [config.llmApiKey, ...config.serviceApiKeys]);
  const registry = PromptRegistry.load(config.promptsDir, config.promptLabel);
  const stopTracing = config.otelEndpoint ? await startTracing(config.otelEndpoint, SERVICE_NAME) : async () => {};
  const prices = Prices.load(path.join(config.promptsDir, '..', 'prices.json'), (model) => logger.warn({ model }, 'no price for this model: its cost counts as 0'));
  const metrics = createMetrics();
  const store = createStore(config);
  const streams = new StreamTracker(metrics);
  const runner = new Runner({ config, registry, llm: options.llm ?? createLlmClient(config), store, prices, metrics, logger });
  let accepting = true;
  const app = createApp({ config, registry, runner, store, metrics, logger, streams, isAccepting: () => accepting });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url, prompts: registry.ids(), provider: config.provider, label: config.promptLabel }, 'listening');

  let closing: Promise<void> | undefined;
  const shutdown = (reason: string) =>
    (closing ??= (async () => {
      accepting = false;
      logger.info({ reason, open: streams.size, grace_ms: config.shutdownGraceMs }, 'shutting down');
      // Still listening while draining: /readyz answers 503 and new requests get 503 shutting_down.
      server.closeIdleConnections();
      const cut = await streams.drain(config.shutdownGraceMs);
      if (cut > 0) logger.warn({ cut }, 'ended requests still open after the grace period');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Let the final events flush, then drop what is left (keep-alive sockets).
      await new Promise((r) => setTimeout(r, 50));
      server.closeAllConnections();
      await closed;
      await store.close();
      await stopTracing().catch(() => undefined);
      logger.info('stopped');
      logger.flush();
    })());
  return { server, url, logger, shutdown };
}

// Prometheus metrics; the names are promptyard's scaffold contract and grafana/dashboard.json uses them.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    requests: new Counter({ name: 'promptyard_requests_total', help: 'HTTP requests by route and status', labelNames: ['route', 'status'], registers }),
    requestDuration: new Histogram({
      name: 'promptyard_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    upstreamDuration: new Histogram({
      name: 'promptyard_upstream_duration_seconds',
      help: 'Model call duration, retries included',
      labelNames: ['model'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    tokens: new Counter({ name: 'promptyard_tokens_total', help: 'Tokens by prompt, model and direction', labelNames: ['prompt', 'model', 'direction'], registers }),
    cost: new Counter({ name: 'promptyard_cost_usd_total', help: 'Estimated cost in US dollars', labelNames: ['prompt', 'model'], registers }),
    errors: new Counter({ name: 'promptyard_errors_total', help: 'Errors by kind', labelNames: ['kind'], registers }),
    cacheHits: new Counter({ name: 'promptyard_cache_hits_total', help: 'Response cache hits', registers }),
    cacheMisses: new Counter({ name: 'promptyard_cache_misses_total', help: 'Response cache misses', registers }),
    rateLimited: new Counter({ name: 'promptyard_rate_limited_total', help: 'Requests refused by the rate limit', registers }),
    retries: new Counter({ name: 'promptyard_retries_total', help: 'Model call retries made by the SDK', registers }),
    circuitOpen: new Gauge({ name: 'promptyard_circuit_open', help: '1 while a circuit breaker is open', registers }),
    openStreams: new Gauge({ name: 'promptyard_open_streams', help: 'Server-sent event streams open now', registers }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

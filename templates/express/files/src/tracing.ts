// Optional OpenTelemetry traces: with OTEL_EXPORTER_OTLP_ENDPOINT set, one span per HTTP request and one per
// model call go to that collector over OTLP/HTTP. Without it the API's tracer is a no-op and costs nothing.
import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';

export const tracer = trace.getTracer('promptyard-service');

/** Starts the SDK; returns the function that flushes and stops it. */
export async function startTracing(endpoint: string, serviceName: string): Promise<() => Promise<void>> {
  const { NodeTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }))],
  });
  provider.register();
  return () => provider.shutdown();
}

export function endSpan(span: Span, error?: unknown): void {
  if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.end();
}

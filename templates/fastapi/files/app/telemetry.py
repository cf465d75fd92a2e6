"""OpenTelemetry traces, only when OTEL_EXPORTER_OTLP_ENDPOINT is set (install the `otel` extra).

Imported lazily: a service without the variable never loads OpenTelemetry. One server span per request
(route, status, request id), exported over OTLP/HTTP in batches.
"""

from __future__ import annotations

import logging
from typing import Any

from .config import Settings
from .defaults import SERVICE_NAME

log = logging.getLogger("app.telemetry")


def setup_tracing(settings: Settings) -> Any | None:
    """Returns a tracer, or None when OpenTelemetry is not installed (logged, never fatal)."""
    try:
        from opentelemetry import trace
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError:
        log.error(
            "OTEL_EXPORTER_OTLP_ENDPOINT is set but OpenTelemetry is not installed",
            extra={"error": "pip install '.[otel]' (the image installs it); traces are off"},
        )
        return None
    provider = TracerProvider(resource=Resource.create({"service.name": SERVICE_NAME}))
    endpoint = (settings.otel_exporter_otlp_endpoint or "").rstrip("/")
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=f"{endpoint}/v1/traces")))
    trace.set_tracer_provider(provider)
    log.info("OpenTelemetry traces enabled")
    return trace.get_tracer("promptyard.service")

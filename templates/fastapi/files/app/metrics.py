"""Prometheus metrics; the names are the scaffold contract (the Grafana dashboard reads them)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.requests = Counter("promptyard_requests_total", "HTTP requests.", ["route", "status"], registry=r)
        self.request_duration = Histogram(
            "promptyard_request_duration_seconds", "HTTP request duration.", ["route"], buckets=LATENCY_BUCKETS, registry=r
        )
        self.upstream_duration = Histogram(
            "promptyard_upstream_duration_seconds", "LLM call duration, retries included.", ["model"], buckets=LATENCY_BUCKETS, registry=r
        )
        self.tokens = Counter("promptyard_tokens_total", "Tokens used.", ["prompt", "model", "direction"], registry=r)
        self.cost = Counter("promptyard_cost_usd_total", "Estimated cost in US dollars.", ["prompt", "model"], registry=r)
        self.errors = Counter("promptyard_errors_total", "Errors by kind.", ["kind"], registry=r)
        self.cache_hits = Counter("promptyard_cache_hits_total", "Response cache hits.", registry=r)
        self.cache_misses = Counter("promptyard_cache_misses_total", "Response cache misses.", registry=r)
        self.rate_limited = Counter("promptyard_rate_limited_total", "Requests refused by the rate limit.", registry=r)
        self.retries = Counter("promptyard_retries_total", "Upstream retries made by the SDK.", registry=r)
        self.circuit_open = Gauge("promptyard_circuit_open", "1 while the circuit breaker is open.", registry=r)
        self.open_streams = Gauge("promptyard_open_streams", "Server-sent event streams in progress.", registry=r)
        self.circuit_open.set(0)
        self.open_streams.set(0)

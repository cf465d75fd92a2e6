"""OpenTelemetry: off without OTEL_EXPORTER_OTLP_ENDPOINT, a clear error without the extra, spans over OTLP/HTTP with it."""

from __future__ import annotations

import logging
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from app.telemetry import setup_tracing


class Collector(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, str, bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        Collector.received.append((self.path, self.headers.get("content-type", ""), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


async def test_no_endpoint_no_tracing(make_client):
    async with make_client() as (_client, app):
        assert app.state.service.tracer is None


def test_without_the_extra_tracing_is_off_with_an_error(make_settings, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "opentelemetry", None)
    with caplog.at_level(logging.ERROR):
        assert setup_tracing(make_settings(otel_exporter_otlp_endpoint="http://127.0.0.1:9")) is None
    assert "OpenTelemetry is not installed" in caplog.text


async def test_spans_reach_the_collector(make_client):
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry import trace

    server = HTTPServer(("127.0.0.1", 0), Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        endpoint = f"http://127.0.0.1:{server.server_address[1]}"
        async with make_client(otel_exporter_otlp_endpoint=endpoint) as (client, app):
            assert app.state.service.tracer is not None
            r = await client.post("/v1/prompts/echo/run", json={"variables": {"text": "traced"}})
            assert r.status_code == 200
            assert trace.get_tracer_provider().force_flush(5000)  # type: ignore[attr-defined]
    finally:
        trace.get_tracer_provider().shutdown()  # type: ignore[attr-defined]  # no export attempts after the collector is gone
        server.shutdown()
    paths = [(path, kind) for path, kind, _ in Collector.received]
    assert ("/v1/traces", "application/x-protobuf") in paths
    body = b"".join(b for _, _, b in Collector.received)
    assert b"POST /v1/prompts/:id/run" in body
    assert r.headers["x-request-id"].encode() in body
    assert b"llm.complete" in body and b"gpt-test" in body  # the model call's child span

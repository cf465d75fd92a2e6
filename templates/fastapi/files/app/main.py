"""HTTP API (docs: the scaffold contract): run, stream, feedback, health, readiness and metrics."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import hmac
import json
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Path, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .config import Settings
from .defaults import SERVICE_NAME, STREAMING
from .guards import GuardError, canary_prefix_start, check_variables, leaks_canary
from .llm import Provider, StreamChunk, UpstreamError, make_provider
from .metrics import Metrics
from .pricing import Prices
from .prompts import ID_RE, PromptRegistry
from .service import RunContext, Service, ServiceError
from .store import IdempotencyState, MemoryStore, RedisStore, Store

log = logging.getLogger("app.http")

REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
IDEMPOTENCY_KEY_RE = re.compile(r"^[\x21-\x7e]{1,255}$")
ROUTE_PARAM_RE = re.compile(r"\{(\w+)\}")
QUIET_ROUTES = {"/healthz", "/readyz", "/metrics"}
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def error_body(kind: str, message: str, request_id: str) -> dict[str, Any]:
    return {"error": {"kind": kind, "message": message, "request_id": request_id}}


class RequestContextMiddleware:
    """Request id, in-flight count, per-request metrics and one log line per request (pure ASGI: streams pass through)."""

    def __init__(self, app: ASGIApp, service: Service) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        given = headers.get("x-request-id", "")
        request_id = given if REQUEST_ID_RE.match(given) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        state["log"] = {}
        status = [500]
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                MutableHeaders(scope=message)["X-Request-Id"] = request_id
            await send(message)

        tracked = scope["method"] == "POST"
        if tracked:
            self.service.enter()
        span_cm = self.service.tracer.start_as_current_span(scope["method"], kind=_server_kind()) if self.service.tracer else None
        span = span_cm.__enter__() if span_cm else None
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if tracked:
                self.service.leave()
            route_obj = scope.get("route")
            # the route template as the other stacks write it (/v1/prompts/:id/run): no braces in label values
            route = ROUTE_PARAM_RE.sub(r":\1", getattr(route_obj, "path", None) or "unmatched")
            elapsed = time.perf_counter() - started
            metrics = self.service.metrics
            metrics.requests.labels(route, str(status[0])).inc()
            metrics.request_duration.labels(route).observe(elapsed)
            fields = {"request_id": request_id, "route": route, "status": status[0], "latency_ms": round(elapsed * 1000), **state["log"]}
            level = logging.DEBUG if route in QUIET_ROUTES else logging.INFO
            log.log(level, f"{scope['method']} {route} {status[0]}", extra=fields)
            if span is not None and span_cm is not None:
                span.update_name(f"{scope['method']} {route}")
                span.set_attribute("http.route", route)
                span.set_attribute("http.response.status_code", status[0])
                span.set_attribute("promptyard.request_id", request_id)
                span_cm.__exit__(None, None, None)


def _server_kind() -> Any:
    from opentelemetry.trace import SpanKind

    return SpanKind.SERVER


def build_store(settings: Settings) -> Store:
    if settings.redis_url:
        return RedisStore(settings.redis_url, f"promptyard:{SERVICE_NAME}")
    return MemoryStore()


def create_app(
    settings: Settings,
    provider: Provider | None = None,
    store: Store | None = None,
    metrics: Metrics | None = None,
) -> FastAPI:
    """Builds the service; raises PromptError when the prompts do not load (a start-up error)."""
    registry = PromptRegistry(settings.prompts_dir)
    prices = Prices.load(settings.prices_path)
    provider = provider or make_provider(
        settings.llm_provider, settings.llm_api_key, settings.llm_base_url, settings.llm_timeout_ms / 1000, settings.llm_max_retries
    )
    service = Service(settings, provider, registry, prices, store or build_store(settings), metrics)
    service.load_prompts()
    if settings.otel_exporter_otlp_endpoint:
        from .telemetry import setup_tracing

        service.tracer = setup_tracing(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.redis_url and not await service.store.ping():
            log.warning("redis is not reachable yet", extra={"error": "requests that need it will fail until it is"})
        yield
        await service.close()

    app = FastAPI(title=SERVICE_NAME, lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.service = service
    app.add_middleware(RequestContextMiddleware, service=service)

    def rid(request: Request) -> str:
        return str(request.state.request_id)

    def fail(request: Request, error: ServiceError) -> JSONResponse:
        service.metrics.errors.labels(error.kind).inc()
        request.state.log["kind"] = error.kind
        headers = {"Retry-After": str(error.retry_after)} if error.retry_after is not None else {}
        if error.kind == "unauthorized":
            headers["WWW-Authenticate"] = "Bearer"
        return JSONResponse(error_body(error.kind, error.message, rid(request)), status_code=error.status, headers=headers)

    @app.exception_handler(ServiceError)
    async def on_service_error(request: Request, error: ServiceError) -> JSONResponse:
        return fail(request, error)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        kind = "not_found" if error.status_code == 404 else "invalid_request"
        response = fail(request, ServiceError(kind, "no such route" if error.status_code == 404 else str(error.detail)))
        response.status_code = error.status_code
        return response

    @app.exception_handler(Exception)
    async def on_unexpected(request: Request, error: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=error, extra={"request_id": rid(request)})
        return fail(request, ServiceError("internal_error", "internal error"))

    # ------------------------------------------------------------------ shared request steps
    def client_key(request: Request) -> str:
        keys = settings.api_keys
        if not keys:
            return "ip:" + (request.client.host if request.client else "unknown")
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or not any(hmac.compare_digest(token, k) for k in keys):
            raise ServiceError("unauthorized", "send Authorization: Bearer <key> with a key of this service")
        return "key:" + hashlib.sha256(token.encode()).hexdigest()[:24]

    async def read_body(request: Request) -> bytes:
        limit = settings.max_input_bytes * 6 + 65536
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise ServiceError("payload_too_large", f"the body is larger than {limit} bytes")
        chunks = bytearray()
        async for chunk in request.stream():
            chunks += chunk
            if len(chunks) > limit:
                raise ServiceError("payload_too_large", f"the body is larger than {limit} bytes")
        return bytes(chunks)

    def parse_json(body: bytes) -> dict[str, Any]:
        try:
            value = json.loads(body or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise ServiceError("invalid_request", "the body is not valid JSON") from None
        if not isinstance(value, dict):
            raise ServiceError("invalid_request", "the body must be a JSON object")
        return value

    async def admit(request: Request) -> tuple[str, bytes]:
        if service.draining:
            raise ServiceError("shutting_down", "the service is shutting down; retry on another replica")
        key = client_key(request)
        await service.rate_limit(key)
        return key, await read_body(request)

    async def idempotent(request: Request, key: str, body: bytes, produce: Callable[[], Awaitable[tuple[int, dict[str, Any]]]]) -> Response:
        idem = request.headers.get("idempotency-key")
        if idem is None:
            status, payload = await produce()
            return JSONResponse(payload, status_code=status)
        scope, body_hash = idempotency_scope(request, key, idem, body)
        state = await service.store.idempotency_begin(scope, body_hash, service.idempotency_pending_s())
        check_idempotency(state)
        if state.status == "replay" and state.response is not None:
            return JSONResponse(state.response["body"], status_code=state.response["status"], headers={"Idempotent-Replayed": "true"})
        try:
            status, payload = await produce()
        except BaseException:
            await service.store.idempotency_abort(scope)
            raise
        await service.store.idempotency_finish(scope, body_hash, {"status": status, "body": payload})
        return JSONResponse(payload, status_code=status)

    def idempotency_scope(request: Request, key: str, idem: str, body: bytes) -> tuple[str, str]:
        if not IDEMPOTENCY_KEY_RE.match(idem):
            raise ServiceError("invalid_request", "Idempotency-Key must be 1 to 255 printable ASCII characters")
        material = f"{key}\n{request.url.path}\n{idem}".encode()
        return hashlib.sha256(material).hexdigest(), hashlib.sha256(body).hexdigest()

    def run_input(request: Request, prompt_id: str, payload: dict[str, Any], key: str) -> RunContext:
        if not ID_RE.match(prompt_id):
            raise ServiceError("not_found", f"no released prompt {prompt_id!r}")
        version = payload.get("version", request.query_params.get("version"))
        if version is not None and not isinstance(version, str):
            raise ServiceError("invalid_request", "version must be a string")
        variables = payload.get("variables", {})
        unknown = set(payload) - {"variables", "version"}
        if unknown:
            raise ServiceError("invalid_request", f"unknown field(s): {', '.join(sorted(unknown))}")
        ctx = service.prepare(prompt_id, version, variables, key)
        request.state.log.update(ctx.log)
        return ctx

    # ------------------------------------------------------------------ routes
    @app.post("/v1/prompts/{id}/run")
    async def run(request: Request, prompt_id: str = Path(alias="id")) -> Response:
        key, body = await admit(request)

        async def produce() -> tuple[int, dict[str, Any]]:
            started = time.perf_counter()
            ctx = run_input(request, prompt_id, parse_json(body), key)
            ctx.log = request.state.log
            cache_key = service.cache_key(ctx) if settings.cache_ttl_seconds > 0 else None
            if cache_key:
                hit = await service.store.cache_get(cache_key)
                if hit is not None:
                    service.metrics.cache_hits.inc()
                    ctx.log.update(model=hit["model"], cached=True)
                    return 200, {
                        **hit,
                        "cost_usd": 0.0,
                        "cached": True,
                        "latency_ms": round((time.perf_counter() - started) * 1000),
                        "request_id": rid(request),
                    }
                service.metrics.cache_misses.inc()
            await service.check_budget(key)
            result = await service.complete(ctx)
            c = result.completion
            usd = service.cost(ctx, result.model, c.input_tokens, c.output_tokens)
            service.record_usage(ctx, result.model, c.input_tokens, c.output_tokens, usd)
            await service.charge(key, c.input_tokens + c.output_tokens, usd)
            parsed = service.check_output(ctx, c.text)
            response: dict[str, Any] = {
                "output": c.text,
                "prompt": {"id": ctx.prompt.id, "version": ctx.prompt.version},
                "model": result.model,
                "usage": {"input_tokens": c.input_tokens, "output_tokens": c.output_tokens},
                "cost_usd": usd,
            }
            if parsed is not None:
                response["json"] = parsed
            if cache_key:
                await service.store.cache_set(cache_key, response, settings.cache_ttl_seconds)
            latency = round((time.perf_counter() - started) * 1000)
            return 200, {**response, "latency_ms": latency, "cached": False, "request_id": rid(request)}

        return await idempotent(request, key, body, produce)

    async def stream(request: Request, prompt_id: str = Path(alias="id")) -> Response:
        key, body = await admit(request)
        idem = request.headers.get("idempotency-key")
        scope = body_hash = None
        if idem is not None:
            scope, body_hash = idempotency_scope(request, key, idem, body)
            state = await service.store.idempotency_begin(scope, body_hash, service.idempotency_pending_s())
            check_idempotency(state)
            if state.status == "replay" and state.response is not None:
                events = state.response.get("events", [])
                return StreamingResponse(
                    _replay(events), media_type="text/event-stream", headers={**SSE_HEADERS, "Idempotent-Replayed": "true"}
                )
        try:
            ctx = run_input(request, prompt_id, parse_json(body), key)
            ctx.log = request.state.log
            await service.check_budget(key)
            first, rest, model, deadline, _retries = await service.open_stream(ctx)
        except BaseException:
            if scope:
                await service.store.idempotency_abort(scope)
            raise
        events = _stream_events(service, request, ctx, key, first, rest, model, deadline, scope, body_hash)
        return StreamingResponse(events, media_type="text/event-stream", headers=SSE_HEADERS)

    if STREAMING:
        app.post("/v1/prompts/{id}/stream")(stream)

    @app.post("/v1/feedback", status_code=202)
    async def feedback(request: Request) -> Response:
        key, body = await admit(request)

        async def produce() -> tuple[int, dict[str, Any]]:
            payload = parse_json(body)
            record = validate_feedback(payload)
            record["ts"] = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            record.setdefault("request_id", rid(request))
            request.state.log.update(prompt_id=record["prompt_id"])
            await service.append_feedback(record)
            return 202, {"ok": True}

        return await idempotent(request, key, body, produce)

    def validate_feedback(payload: dict[str, Any]) -> dict[str, Any]:
        allowed = {"prompt_id", "version", "request_id", "rating", "note", "variables", "output"}
        unknown = set(payload) - allowed
        if unknown:
            raise ServiceError("invalid_request", f"unknown field(s): {', '.join(sorted(unknown))}")
        pid = payload.get("prompt_id")
        if not isinstance(pid, str) or not ID_RE.match(pid):
            raise ServiceError("invalid_request", "prompt_id must be a prompt id")
        if payload.get("rating") not in ("up", "down"):
            raise ServiceError("invalid_request", 'rating must be "up" or "down"')
        for name in ("version", "request_id", "note", "output"):
            if name in payload and not isinstance(payload[name], str):
                raise ServiceError("invalid_request", f"{name} must be a string")
        record = {k: payload[k] for k in ("prompt_id", "version", "request_id", "rating", "note", "output") if k in payload}
        if "variables" in payload:
            try:
                record["variables"] = check_variables(payload["variables"], settings.max_input_bytes, settings.max_input_tokens)
            except GuardError as error:
                raise ServiceError(error.kind, str(error)) from None
        return record

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        return {"ok": True}

    @app.get("/readyz")
    async def readyz() -> JSONResponse:
        if service.draining:
            return JSONResponse({"ready": False, "reason": "shutting_down"}, status_code=503)
        if not service.ready:
            return JSONResponse({"ready": False, "reason": "prompts not loaded"}, status_code=503)
        return JSONResponse({"ready": True})

    @app.get("/metrics")
    async def metrics_endpoint() -> Response:
        return PlainTextResponse(generate_latest(service.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return app


def check_idempotency(state: IdempotencyState) -> None:
    if state.status == "conflict":
        raise ServiceError("idempotency_conflict", "this Idempotency-Key was used with a different body")
    if state.status == "pending":
        raise ServiceError("idempotency_conflict", "a request with this Idempotency-Key is still in progress; retry later")


def sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}\n\n"


async def _replay(events: list[str]) -> AsyncIterator[str]:
    for event in events:
        yield event


async def _stream_events(
    service: Service,
    request: Request,
    ctx: RunContext,
    key: str,
    first: StreamChunk,
    rest: AsyncIterator[StreamChunk],
    model: str,
    deadline: float,
    idem_scope: str | None,
    body_hash: str | None,
) -> AsyncIterator[str]:
    """Deltas as they come, holding back only a tail that could start the canary, so a leak split across chunks is still caught.

    No retry once a byte was sent: any failure ends the stream with an ``error`` event.
    """
    metrics = service.metrics
    metrics.open_streams.inc()
    started = time.perf_counter()
    text = ""
    sent = 0
    sent_events: list[str] = []
    chunk: StreamChunk | None = first
    finished = False

    def emit(event: str, data: dict[str, Any]) -> str:
        line = sse(event, data)
        sent_events.append(line)
        return line

    def error_event(kind: str, message: str) -> str:
        metrics.errors.labels(kind).inc()
        ctx.log["kind"] = kind
        return emit("error", {"error": {"kind": kind, "message": message, "request_id": request.state.request_id}})

    try:
        while True:
            if chunk is None:
                try:
                    async with asyncio.timeout_at(service.stream_deadline(deadline)) as timeout:
                        service.stream_timeouts.add(timeout)
                        try:
                            chunk = await rest.__anext__()
                        finally:
                            service.stream_timeouts.discard(timeout)
                except StopAsyncIteration:
                    yield error_event("upstream_error", "the model's stream ended without a final event")
                    break
                except TimeoutError:
                    if service.draining:
                        yield error_event("shutting_down", "the service is shutting down; the answer is incomplete")
                    else:
                        yield error_event("upstream_timeout", "the request deadline passed during the answer")
                    break
                except UpstreamError as error:
                    yield error_event(error.kind, f"{error} (the answer is incomplete)")
                    break
            if chunk.done:
                try:
                    service.check_output(ctx, text)
                except ServiceError as error:
                    yield error_event(error.kind, error.message)
                    break
                if sent < len(text):
                    yield emit("delta", {"text": text[sent:]})
                    sent = len(text)
                usd = service.cost(ctx, model, chunk.input_tokens, chunk.output_tokens)
                service.record_usage(ctx, model, chunk.input_tokens, chunk.output_tokens, usd)
                await service.charge(key, chunk.input_tokens + chunk.output_tokens, usd)
                yield emit(
                    "done",
                    {
                        "usage": {"input_tokens": chunk.input_tokens, "output_tokens": chunk.output_tokens},
                        "cost_usd": usd,
                        "model": model,
                        "prompt": {"id": ctx.prompt.id, "version": ctx.prompt.version},
                        "latency_ms": round((time.perf_counter() - started) * 1000),
                        "request_id": request.state.request_id,
                    },
                )
                finished = True
                break
            text += chunk.text
            chunk = None
            if leaks_canary(text, service.canary):
                yield error_event("output_blocked", "the model's answer was blocked: it revealed protected instructions")
                break
            safe = canary_prefix_start(text, service.canary)
            if safe > sent:
                yield emit("delta", {"text": text[sent:safe]})
                sent = safe
    finally:
        metrics.open_streams.dec()
        metrics.upstream_duration.labels(model).observe(time.perf_counter() - ctx.upstream_started)
        close = getattr(rest, "aclose", None)
        if close is not None:
            with contextlib.suppress(Exception):
                await close()
        if idem_scope and body_hash:
            with contextlib.suppress(Exception):
                if finished:
                    await service.store.idempotency_finish(idem_scope, body_hash, {"events": sent_events})
                else:
                    await service.store.idempotency_abort(idem_scope)

"""The service core: guards, cache, limits, budgets, breaker, fallback and the deadline around one model call."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import jsonschema

from .breaker import CircuitBreaker
from .config import Settings
from .guards import GuardError, check_variables, leaks_canary, new_canary, render_messages
from .llm import AttemptCounter, ChatRequest, Completion, Provider, StreamChunk, UpstreamError
from .metrics import Metrics
from .pricing import Prices
from .prompts import Prompt, PromptError, PromptRegistry
from .store import MemoryStore, Store

log = logging.getLogger("app.service")

KNOWN_PROVIDERS = ("openai", "anthropic", "openai-compatible", "ollama", "local", "azure", "github")


class ServiceError(Exception):
    """An error answered to the client: kind (contract name), HTTP status, optional Retry-After."""

    STATUS: ClassVar[dict[str, int]] = {
        "invalid_request": 400,
        "unauthorized": 401,
        "not_found": 404,
        "payload_too_large": 413,
        "idempotency_conflict": 422,
        "rate_limited": 429,
        "budget_exceeded": 429,
        "upstream_error": 502,
        "output_invalid": 502,
        "output_blocked": 502,
        "circuit_open": 503,
        "shutting_down": 503,
        "upstream_timeout": 504,
        "internal_error": 500,
    }

    def __init__(self, kind: str, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = self.STATUS.get(kind, 500)
        self.retry_after = retry_after


@dataclass
class CallResult:
    completion: Completion
    model: str
    retries: int


@dataclass
class RunContext:
    prompt: Prompt
    messages: list[dict[str, str]]
    client_key: str
    log: dict[str, Any] = field(default_factory=dict)
    upstream_started: float = 0.0


def seconds_to_next_utc_day(now: dt.datetime | None = None) -> int:
    now = now or dt.datetime.now(dt.UTC)
    tomorrow = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, int((tomorrow - now).total_seconds() + 0.999))


def strip_provider(model: str) -> str:
    head, sep, rest = model.partition("/")
    return rest if sep and head in KNOWN_PROVIDERS else model


class Service:
    def __init__(
        self,
        settings: Settings,
        provider: Provider,
        registry: PromptRegistry,
        prices: Prices,
        store: Store | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.settings = settings
        self.provider = provider
        self.registry = registry
        self.prices = prices
        self.store: Store = store or MemoryStore()
        self.metrics = metrics or Metrics()
        self.canary = settings.canary or new_canary()
        self.breaker = CircuitBreaker(
            settings.breaker_failures,
            settings.breaker_reset_ms / 1000,
            on_change=lambda is_open: self.metrics.circuit_open.set(1 if is_open else 0),
        )
        self.fallback_model = strip_provider(settings.llm_fallback_model) if settings.llm_fallback_model else None
        self.ready = False
        self.draining = False
        self.shutdown_deadline: float | None = None
        self.in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self.stream_timeouts: set[asyncio.Timeout] = set()
        self._feedback_lock = asyncio.Lock()
        self.tracer: Any = None

    # ------------------------------------------------------------------ lifecycle
    def load_prompts(self) -> list[Prompt]:
        """Resolves every prompt at PROMPT_LABEL and verifies every snapshot present; raises PromptError."""
        loaded = []
        for pid in self.registry.ids():
            entry = self.registry.lock["prompts"][pid]
            for version in entry["versions"]:
                snapshot = self.registry.prompts_dir / ".versions" / pid / f"{version}.prompt.yml"
                if snapshot.exists():
                    self.registry.load(f"{pid}@{version}")
            if self.settings.prompt_label in entry.get("labels", {}):
                loaded.append(self.registry.load(f"{pid}@{self.settings.prompt_label}"))
            else:
                log.warning(
                    "prompt has no such label; it is served only by ?version=",
                    extra={"prompt_id": pid, "error": self.settings.prompt_label},
                )
        if not loaded:
            raise PromptError("no-release", f"no prompt in {self.registry.lock_path} has the label {self.settings.prompt_label!r}")
        self.ready = True
        return loaded

    def begin_drain(self) -> None:
        """SIGTERM: readiness goes false, new work is refused, open streams get until the grace period ends."""
        if self.draining:
            return
        self.draining = True
        loop = asyncio.get_running_loop()
        self.shutdown_deadline = loop.time() + self.settings.shutdown_grace_ms / 1000
        for timeout in list(self.stream_timeouts):
            when = timeout.when()
            if when is None or when > self.shutdown_deadline:
                timeout.reschedule(self.shutdown_deadline)

    async def drained(self) -> None:
        """Waits until no request is in flight or the grace period is over (then streams end themselves)."""
        deadline = self.shutdown_deadline if self.shutdown_deadline is not None else asyncio.get_running_loop().time()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout_at(deadline):
                await self._idle.wait()
        # past the grace period the streams send their shutting_down event; give them a moment to flush it
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(1.0):
                await self._idle.wait()

    def enter(self) -> None:
        self.in_flight += 1
        self._idle.clear()

    def leave(self) -> None:
        self.in_flight -= 1
        if self.in_flight == 0:
            self._idle.set()

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.provider.close()
        with contextlib.suppress(Exception):
            await self.store.close()

    # ------------------------------------------------------------------ guards
    async def rate_limit(self, client_key: str) -> None:
        allowed, wait_s = await self.store.take_token(client_key, self.settings.rate_limit_rps, self.settings.rate_limit_burst)
        if not allowed:
            self.metrics.rate_limited.inc()
            raise ServiceError(
                "rate_limited", "too many requests; retry after the time in Retry-After", retry_after=max(1, int(wait_s + 0.999))
            )

    async def check_budget(self, client_key: str) -> None:
        s = self.settings
        if not s.budget_tokens_per_day and not s.budget_usd_per_day:
            return
        tokens, usd = await self.store.budget_get(client_key, self.today())
        if (s.budget_tokens_per_day and tokens >= s.budget_tokens_per_day) or (s.budget_usd_per_day and usd >= s.budget_usd_per_day):
            raise ServiceError(
                "budget_exceeded", "the daily budget of this key is spent; it resets at 00:00 UTC", retry_after=seconds_to_next_utc_day()
            )

    async def charge(self, client_key: str, tokens: int, usd: float) -> None:
        if self.settings.budget_tokens_per_day or self.settings.budget_usd_per_day:
            await self.store.budget_add(client_key, self.today(), tokens, usd)

    @staticmethod
    def today() -> str:
        return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")

    def prepare(self, prompt_id: str, version: str | None, variables: Any, client_key: str) -> RunContext:
        try:
            ref = f"{prompt_id}@{version}" if version else f"{prompt_id}@{self.settings.prompt_label}"
            if version is not None and not version[:1].isdigit():
                raise ServiceError("invalid_request", "version must be a semantic version such as 1.2.0")
            prompt = self.registry.load(ref)
        except PromptError as error:
            if error.code in ("snapshot-edited", "lock-invalid-json", "lock-schema", "lock-version"):
                log.error("prompt failed verification", extra={"prompt_id": prompt_id, "error": str(error)})
                raise ServiceError("internal_error", "the prompt failed verification") from None
            raise ServiceError("not_found", f"no released prompt {prompt_id!r}" + (f" version {version}" if version else "")) from None
        try:
            clean = check_variables(variables, self.settings.max_input_bytes, self.settings.max_input_tokens)
            messages = render_messages(prompt, clean, self.registry.partials, self.canary)
        except GuardError as error:
            raise ServiceError(error.kind, str(error)) from None
        ctx = RunContext(prompt, messages, client_key)
        ctx.log.update(prompt_id=prompt.id, prompt_version=prompt.version)
        return ctx

    def chat_request(self, ctx: RunContext, model: str) -> ChatRequest:
        p = ctx.prompt
        return ChatRequest(
            model=model,
            messages=ctx.messages,
            parameters=p.parameters,
            json_schema=p.json_schema,
            schema_name=p.schema_name,
            json_mode=p.response_format == "json_object",
        )

    def cache_key(self, ctx: RunContext) -> str:
        p = ctx.prompt
        material = json.dumps([p.id, p.version, p.sha256, p.model, ctx.messages, p.parameters], sort_keys=True, ensure_ascii=False)
        # the canary differs per process: take it out so replicas share entries
        return hashlib.sha256(material.replace(self.canary, "").encode("utf-8")).hexdigest()

    def cost(self, ctx: RunContext, model: str, input_tokens: int, output_tokens: int) -> float:
        return self.prices.cost(
            self.settings.llm_provider if ctx.prompt.provider in ("", "openai-compatible") else ctx.prompt.provider,
            model,
            input_tokens,
            output_tokens,
        )

    def record_usage(self, ctx: RunContext, model: str, input_tokens: int, output_tokens: int, usd: float) -> None:
        m = self.metrics
        m.tokens.labels(ctx.prompt.id, model, "input").inc(input_tokens)
        m.tokens.labels(ctx.prompt.id, model, "output").inc(output_tokens)
        m.cost.labels(ctx.prompt.id, model).inc(usd)
        ctx.log.update(model=model, input_tokens=input_tokens, output_tokens=output_tokens, cost_usd=usd)

    def check_output(self, ctx: RunContext, text: str) -> Any:
        """Blocks canary leaks; validates JSON output. Returns the parsed JSON (or None)."""
        if leaks_canary(text, self.canary):
            raise ServiceError("output_blocked", "the model's answer was blocked: it revealed protected instructions")
        p = ctx.prompt
        if p.json_schema is None and p.response_format != "json_object":
            return None
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            raise ServiceError("output_invalid", "the model's answer is not valid JSON") from None
        if p.json_schema is not None:
            try:
                jsonschema.validate(value, p.json_schema)
            except jsonschema.ValidationError as error:
                where = "/".join(str(x) for x in error.absolute_path) or "(root)"
                raise ServiceError("output_invalid", f"the model's answer does not match the schema at {where}: {error.message}") from None
            except jsonschema.SchemaError:
                raise ServiceError("output_invalid", "the prompt's JSON schema is invalid") from None
        return value

    # ------------------------------------------------------------------ model calls
    def _deadline(self) -> float:
        return asyncio.get_running_loop().time() + self.settings.request_deadline_ms / 1000

    def _models(self, ctx: RunContext) -> list[str]:
        """The models to try, in order: the primary unless the breaker is open, then the fallback (each with the SDK's retries)."""
        models: list[str] = []
        if self.breaker.allow():
            models.append(ctx.prompt.model)
        if self.fallback_model and self.fallback_model != ctx.prompt.model:
            models.append(self.fallback_model)
        if not models:
            raise ServiceError(
                "circuit_open", "the model provider is failing; retry later", retry_after=max(1, int(self.breaker.retry_after() + 0.999))
            )
        return models

    def _note_result(self, model: str, ctx: RunContext, error: UpstreamError | None) -> None:
        if model != ctx.prompt.model:
            return
        if error is None:
            self.breaker.success()
        elif error.retryable:
            self.breaker.failure()
        else:
            self.breaker.release()

    async def complete(self, ctx: RunContext) -> CallResult:
        deadline = self._deadline()
        models = self._models(ctx)
        counter = AttemptCounter()
        last: UpstreamError | None = None
        started = time.perf_counter()
        tried = 0
        try:
            with counter:
                for index, model in enumerate(models):
                    tried = index + 1
                    if index > 0 and last is not None and not last.retryable:
                        break
                    attempt_start = time.perf_counter()
                    try:
                        with self.span("llm.complete", model, ctx):
                            async with asyncio.timeout_at(deadline):
                                completion = await self.provider.complete(self.chat_request(ctx, model))
                    except TimeoutError:
                        last = UpstreamError("upstream_timeout", "the request deadline passed before the model answered", True)
                        self._note_result(model, ctx, last)
                        break
                    except UpstreamError as error:
                        last = error
                        self._note_result(model, ctx, error)
                        continue
                    except BaseException:
                        if model == ctx.prompt.model:
                            self.breaker.release()
                        raise
                    finally:
                        self.metrics.upstream_duration.labels(model).observe(time.perf_counter() - attempt_start)
                    self._note_result(model, ctx, None)
                    return CallResult(completion, model, max(0, counter.attempts - tried))
        finally:
            # retries are the SDK's extra attempts; the fallback model is not a retry
            retries = max(0, counter.attempts - tried)
            ctx.log["retries"] = retries
            if retries:
                self.metrics.retries.inc(retries)
            ctx.log["upstream_ms"] = round((time.perf_counter() - started) * 1000)
        if last is None:
            raise ServiceError("upstream_error", "no model could be called")
        raise ServiceError(last.kind, str(last))

    async def open_stream(self, ctx: RunContext) -> tuple[StreamChunk, AsyncIterator[StreamChunk], str, float, int]:
        """Starts the upstream stream and waits for its first chunk: until then failures may fall back.

        Returns (first chunk, the rest, model, deadline, retries). Nothing has reached the client yet.
        """
        deadline = self._deadline()
        models = self._models(ctx)
        counter = AttemptCounter()
        last: UpstreamError | None = None
        tried = 0
        with counter:
            for index, model in enumerate(models):
                if index > 0 and last is not None and not last.retryable:
                    break
                tried = index + 1
                ctx.upstream_started = time.perf_counter()
                iterator = self.provider.stream(self.chat_request(ctx, model)).__aiter__()
                try:
                    with self.span("llm.stream", model, ctx):
                        async with asyncio.timeout_at(deadline):
                            first = await iterator.__anext__()
                except TimeoutError:
                    last = UpstreamError("upstream_timeout", "the request deadline passed before the model answered", True)
                    self._note_result(model, ctx, last)
                    self.metrics.upstream_duration.labels(model).observe(time.perf_counter() - ctx.upstream_started)
                    await _aclose(iterator)
                    break
                except UpstreamError as error:
                    last = error
                    self._note_result(model, ctx, error)
                    self.metrics.upstream_duration.labels(model).observe(time.perf_counter() - ctx.upstream_started)
                    await _aclose(iterator)
                    continue
                except StopAsyncIteration:
                    last = UpstreamError("upstream_error", "the model's stream was empty", True)
                    self._note_result(model, ctx, last)
                    continue
                except BaseException:
                    if model == ctx.prompt.model:
                        self.breaker.release()
                    await _aclose(iterator)
                    raise
                self._note_result(model, ctx, None)  # the model answered: a success for the breaker
                retries = max(0, counter.attempts - 1 - index)
                ctx.log["retries"] = retries
                if retries:
                    self.metrics.retries.inc(retries)
                return first, iterator, model, deadline, retries
        retries = max(0, counter.attempts - tried)
        ctx.log["retries"] = retries
        if retries:
            self.metrics.retries.inc(retries)
        if last is None:
            raise ServiceError("upstream_error", "no model could be called")
        raise ServiceError(last.kind, str(last))

    def span(self, name: str, model: str, ctx: RunContext) -> Any:
        """A child span of the request's span around one model call (a no-op without OpenTelemetry)."""
        if self.tracer is None:
            return contextlib.nullcontext()
        attributes = {"gen_ai.request.model": model, "promptyard.prompt_id": ctx.prompt.id, "promptyard.prompt_version": ctx.prompt.version}
        return self.tracer.start_as_current_span(name, attributes=attributes)

    def idempotency_pending_s(self) -> float:
        """How long a request in progress holds its Idempotency-Key: its deadline plus a margin."""
        return self.settings.request_deadline_ms / 1000 + 5

    def stream_deadline(self, deadline: float) -> float:
        if self.draining and self.shutdown_deadline is not None:
            return min(deadline, self.shutdown_deadline)
        return deadline

    async def append_feedback(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        path = self.settings.feedback_path
        async with self._feedback_lock:
            await asyncio.to_thread(_append_line, path, line)


def _append_line(path: str, line: str) -> None:
    import os

    directory = os.path.dirname(path)
    if directory:
        os.makedirs(directory, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line)


async def _aclose(iterator: Any) -> None:
    close = getattr(iterator, "aclose", None)
    if close is not None:
        with contextlib.suppress(Exception):
            await close()

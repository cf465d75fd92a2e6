"""LLM providers over the official SDKs (openai, anthropic).

The SDKs do the HTTP and the retries (max_retries and timeout set explicitly); nothing here retries on
top of them. Errors become an UpstreamError with a kind and whether another model could help.
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import anthropic
import openai
from openai.types.chat import ChatCompletion, ChatCompletionChunk

_attempts: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("attempts", default=None)


@dataclass
class Completion:
    text: str
    input_tokens: int
    output_tokens: int
    model: str
    finish_reason: str | None = None


@dataclass
class StreamChunk:
    text: str = ""
    done: bool = False
    input_tokens: int = 0
    output_tokens: int = 0
    model: str = ""


@dataclass
class ChatRequest:
    model: str
    messages: list[dict[str, str]]
    parameters: dict[str, Any] = field(default_factory=dict)
    json_schema: dict[str, Any] | None = None
    schema_name: str | None = None
    json_mode: bool = False


class UpstreamError(Exception):
    """kind: upstream_error or upstream_timeout. retryable: another attempt (fallback model) may succeed."""

    def __init__(self, kind: str, message: str, retryable: bool, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.retryable = retryable
        self.status = status


class Provider(Protocol):
    name: str

    async def complete(self, request: ChatRequest) -> Completion: ...

    def stream(self, request: ChatRequest) -> AsyncIterator[StreamChunk]: ...

    async def close(self) -> None: ...


class AttemptCounter:
    """Counts HTTP attempts of the SDK calls made inside ``with``: retries = attempts - 1."""

    def __init__(self) -> None:
        self.box = [0]
        self._token: contextvars.Token[list[int] | None] | None = None

    def __enter__(self) -> AttemptCounter:
        self._token = _attempts.set(self.box)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _attempts.reset(self._token)

    @property
    def attempts(self) -> int:
        return self.box[0]


async def _count_attempt(_request: Any) -> None:
    box = _attempts.get()
    if box is not None:
        box[0] += 1


async def _quota_is_final(response: Any) -> None:
    """A 429 insufficient_quota is final: tell the SDK not to retry it (it honours x-should-retry)."""
    if response.status_code == 429 and "x-should-retry" not in response.headers:
        await response.aread()
        if b"insufficient_quota" in response.content:
            response.headers["x-should-retry"] = "false"


def _http_client(sdk: Any, hooks: dict[str, list[Any]], transport: Any) -> Any:
    """The SDK's aiohttp-backed client (its `aiohttp` extra): about half the CPU per call of the default
    httpx transport, which matters more than anything else here at a few hundred requests per second.
    Tests pass an httpx transport (a fake upstream), which needs the httpx client."""
    if transport is not None:
        return sdk.DefaultAsyncHttpxClient(event_hooks=hooks, transport=transport)
    return sdk.DefaultAioHttpClient(event_hooks=hooks)


def _classify(error: BaseException) -> UpstreamError:
    if isinstance(error, UpstreamError):
        return error
    if isinstance(error, (openai.APITimeoutError, anthropic.APITimeoutError)):
        return UpstreamError("upstream_timeout", "the model provider did not answer in time", True)
    if isinstance(error, (openai.APIConnectionError, anthropic.APIConnectionError)):
        return UpstreamError("upstream_error", "could not reach the model provider", True)
    if isinstance(error, (openai.APIStatusError, anthropic.APIStatusError)):
        status = error.status_code
        code = _error_code(error)
        quota = code == "insufficient_quota" or "credit balance" in str(error).lower()
        retryable = (status in (408, 409, 429) or status >= 500) and not quota
        reason = {401: "the provider refused the API key", 403: "the provider refused access", 404: "the model does not exist"}.get(
            status, "quota exhausted at the provider" if quota else f"the model provider answered {status}"
        )
        return UpstreamError("upstream_error", reason, retryable, status)
    if type(error).__module__.startswith(("httpx", "httpcore", "aiohttp")):
        return UpstreamError("upstream_error", "the connection to the model provider broke", True)
    if isinstance(error, (openai.APIError, anthropic.APIError)):
        return UpstreamError("upstream_error", "the model provider sent an invalid response", True)
    return UpstreamError("upstream_error", f"model call failed: {type(error).__name__}", False)


def _error_code(error: Any) -> str | None:
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            return inner.get("code") or inner.get("type")
    return None


def _schema_instruction(request: ChatRequest) -> str:
    return "Answer with one JSON object, and nothing else, that matches this JSON Schema:\n" + json.dumps(request.json_schema)


class OpenAIProvider:
    """OpenAI and every OpenAI-compatible endpoint (Chat Completions)."""

    def __init__(self, name: str, api_key: str, base_url: str | None, timeout_s: float, max_retries: int, transport: Any = None) -> None:
        self.name = name
        hooks = {"request": [_count_attempt], "response": [_quota_is_final]}
        http_client = _http_client(openai, hooks, transport)
        self.client = openai.AsyncOpenAI(
            api_key=api_key, base_url=base_url, timeout=timeout_s, max_retries=max_retries, http_client=http_client
        )

    def _args(self, request: ChatRequest) -> dict[str, Any]:
        p = request.parameters
        args: dict[str, Any] = {"model": request.model, "messages": request.messages}
        if "maxTokens" in p:
            args["max_completion_tokens" if self.name == "openai" else "max_tokens"] = int(p["maxTokens"])
        for src, dest in (
            ("temperature", "temperature"),
            ("topP", "top_p"),
            ("seed", "seed"),
            ("stop", "stop"),
            ("frequencyPenalty", "frequency_penalty"),
            ("presencePenalty", "presence_penalty"),
        ):
            if src in p:
                args[dest] = p[src]
        if request.json_schema is not None:
            args["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": request.schema_name or "output", "schema": request.json_schema, "strict": False},
            }
        elif request.json_mode:
            args["response_format"] = {"type": "json_object"}
        return args

    async def _create(self, body: dict[str, Any], stream: bool = False) -> Any:
        """`chat.completions.create(**body)` without its request-parameter transform: the same client, retries,
        timeout, error types and typed result through the SDK's public `post`. The transform walks every message
        against the parameters' TypedDict unions to rename and format fields that plain chat messages do not
        have; skipping it saves ~0.6 ms of CPU per call (40% of the SDK's own cost), the largest single cost of
        a request here."""
        if stream:
            return await self.client.post(
                "/chat/completions",
                body={**body, "stream": True, "stream_options": {"include_usage": True}},
                cast_to=ChatCompletion,
                stream=True,
                stream_cls=openai.AsyncStream[ChatCompletionChunk],
            )
        return await self.client.post("/chat/completions", body=body, cast_to=ChatCompletion)

    async def complete(self, request: ChatRequest) -> Completion:
        try:
            response = await self._create(self._args(request))
        except Exception as error:  # noqa: BLE001 - every SDK error becomes an UpstreamError
            raise _classify(error) from None
        choice = response.choices[0] if response.choices else None
        usage = response.usage
        return Completion(
            text=(choice.message.content or "") if choice else "",
            input_tokens=usage.prompt_tokens if usage else 0,
            output_tokens=usage.completion_tokens if usage else 0,
            model=request.model,
            finish_reason=choice.finish_reason if choice else None,
        )

    async def stream(self, request: ChatRequest) -> AsyncIterator[StreamChunk]:
        try:
            stream = await self._create(self._args(request), stream=True)
        except Exception as error:  # noqa: BLE001
            raise _classify(error) from None
        usage = None
        finished = False
        started = False
        try:
            async for chunk in stream:
                if not started:
                    # the first bytes arrived: from here on nothing may call another model for this answer
                    started = True
                    yield StreamChunk()
                if chunk.usage is not None:
                    usage = chunk.usage
                for choice in chunk.choices:
                    if choice.delta and choice.delta.content:
                        yield StreamChunk(text=choice.delta.content)
                    if choice.finish_reason:
                        finished = True
        except Exception as error:  # noqa: BLE001
            raise _classify(error) from None
        finally:
            await stream.close()
        # a stream without its finish reason (or, from OpenAI itself, without the usage asked for) was cut short
        if not finished or (usage is None and self.name == "openai"):
            raise UpstreamError("upstream_error", "the model's stream ended early", True)
        yield StreamChunk(
            done=True,
            input_tokens=usage.prompt_tokens if usage else 0,
            output_tokens=usage.completion_tokens if usage else 0,
            model=request.model,
        )

    async def close(self) -> None:
        await self.client.close()


class AnthropicProvider:
    """Anthropic Messages."""

    name = "anthropic"
    default_max_tokens = 1024

    def __init__(self, api_key: str, base_url: str | None, timeout_s: float, max_retries: int, transport: Any = None) -> None:
        http_client = _http_client(anthropic, {"request": [_count_attempt]}, transport)
        self.client = anthropic.AsyncAnthropic(
            api_key=api_key, base_url=base_url, timeout=timeout_s, max_retries=max_retries, http_client=http_client
        )

    def _args(self, request: ChatRequest) -> dict[str, Any]:
        p = request.parameters
        system = "\n\n".join(m["content"] for m in request.messages if m["role"] == "system")
        if request.json_schema is not None:
            system = f"{system}\n\n{_schema_instruction(request)}".strip()
        args: dict[str, Any] = {
            "model": request.model,
            "max_tokens": int(p.get("maxTokens", self.default_max_tokens)),
            "messages": [m for m in request.messages if m["role"] != "system"],
        }
        if system:
            args["system"] = system
        # sampling parameters the SDK no longer names go in the body as the API still reads them
        extra = {dest: p[src] for src, dest in (("temperature", "temperature"), ("topP", "top_p")) if src in p}
        if extra:
            args["extra_body"] = extra
        if "stop" in p:
            stops = p["stop"] if isinstance(p["stop"], list) else [p["stop"]]
            # Anthropic refuses whitespace-only stop sequences
            kept = [s for s in stops if isinstance(s, str) and s.strip()]
            if kept:
                args["stop_sequences"] = kept
        if request.json_schema is not None:
            args["output_config"] = {"format": {"type": "json_schema", "schema": request.json_schema}}
        return args

    async def complete(self, request: ChatRequest) -> Completion:
        try:
            response = await self.client.messages.create(**self._args(request))
        except Exception as error:  # noqa: BLE001
            raise _classify(error) from None
        text = "".join(getattr(block, "text", "") for block in response.content)
        return Completion(
            text=text,
            input_tokens=response.usage.input_tokens,
            output_tokens=response.usage.output_tokens,
            model=request.model,
            finish_reason=response.stop_reason,
        )

    async def stream(self, request: ChatRequest) -> AsyncIterator[StreamChunk]:
        try:
            stream = await self.client.messages.create(**self._args(request), stream=True)
        except Exception as error:  # noqa: BLE001
            raise _classify(error) from None
        input_tokens = output_tokens = 0
        stopped = False
        try:
            async for event in stream:
                kind = event.type
                if kind == "message_start":
                    input_tokens = event.message.usage.input_tokens
                    yield StreamChunk()  # the first bytes arrived (see OpenAIProvider.stream)
                elif kind == "content_block_delta" and getattr(event.delta, "type", "") == "text_delta":
                    yield StreamChunk(text=event.delta.text)
                elif kind == "message_delta":
                    output_tokens = event.usage.output_tokens
                elif kind == "message_stop":
                    stopped = True
        except Exception as error:  # noqa: BLE001
            raise _classify(error) from None
        finally:
            await stream.close()
        if not stopped:
            raise UpstreamError("upstream_error", "the model's stream ended early", True)
        yield StreamChunk(done=True, input_tokens=input_tokens, output_tokens=output_tokens, model=request.model)

    async def close(self) -> None:
        await self.client.close()


def make_provider(kind: str, api_key: str, base_url: str | None, timeout_s: float, max_retries: int, transport: Any = None) -> Provider:
    if kind == "anthropic":
        return AnthropicProvider(api_key, base_url, timeout_s, max_retries, transport)
    return OpenAIProvider(kind, api_key, base_url, timeout_s, max_retries, transport)


ProviderFactory = Callable[[], Provider]

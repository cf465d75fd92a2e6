"""The providers as they run in production: the SDKs' aiohttp transport over a real socket (the other tests
inject an httpx transport). A connection reset in the middle of an answer is an attempt the SDK retries."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import openai
import pytest

from app.llm import AttemptCounter, ChatRequest, OpenAIProvider, UpstreamError

ANSWER = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-test",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "over a socket"}}],
    "usage": {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10},
}


@dataclass
class Upstream:
    base_url: str = ""
    plan: list[str] = field(default_factory=list)  # "cut": the headers and half the body, then a reset
    seen: list[str] = field(default_factory=list)


@pytest.fixture
async def upstream() -> AsyncIterator[Upstream]:
    state = Upstream()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.split(b"\r\n")
                length = next((int(line.split(b":")[1]) for line in lines if line.lower().startswith(b"content-length:")), 0)
                await reader.readexactly(length)
                action = state.plan.pop(0) if state.plan else "ok"
                state.seen.append(action)
                body = json.dumps(ANSWER).encode()
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(body))
                if action == "cut":
                    writer.write(body[: len(body) // 2])
                    await writer.drain()
                    writer.transport.abort()
                    return
                writer.write(body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    state.base_url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/v1"
    yield state
    server.close()


def request() -> ChatRequest:
    return ChatRequest(model="gpt-test", messages=[{"role": "user", "content": "hi"}])


async def test_the_default_transport_is_aiohttp_and_answers(upstream):
    provider = OpenAIProvider("openai", "sk-transport-test", upstream.base_url, 5, 2)
    try:
        assert isinstance(provider.client._client, openai.DefaultAioHttpClient)
        completion = await provider.complete(request())
    finally:
        await provider.close()
    assert (completion.text, completion.input_tokens, completion.output_tokens) == ("over a socket", 7, 3)
    assert upstream.seen == ["ok"]


async def test_a_reset_in_the_middle_of_an_answer_is_retried(upstream):
    upstream.plan = ["cut"]
    provider = OpenAIProvider("openai", "sk-transport-test", upstream.base_url, 5, 2)
    try:
        with AttemptCounter() as counter:
            completion = await provider.complete(request())
    finally:
        await provider.close()
    assert completion.text == "over a socket"
    assert upstream.seen == ["cut", "ok"]
    assert counter.attempts == 2


async def test_a_reset_on_every_attempt_is_a_retryable_upstream_error(upstream):
    upstream.plan = ["cut", "cut"]
    provider = OpenAIProvider("openai", "sk-transport-test", upstream.base_url, 5, 1)
    try:
        with pytest.raises(UpstreamError) as raised:
            await provider.complete(request())
    finally:
        await provider.close()
    assert raised.value.kind == "upstream_error"
    assert raised.value.retryable
    assert upstream.seen == ["cut", "cut"]

"""An in-test OpenAI-compatible upstream for the real openai SDK (through an httpx transport).

Each request takes the next action from ``plan`` (default "ok"): "ok", an HTTP status such as "500",
"429", "401", "stall" (never answers), "break-after-1" (streams one chunk, then the connection breaks), "role-then-break" (only the role
chunk, then the connection breaks), "hang-after-1" (one chunk, then nothing).
A ``[[reply: TEXT]]`` marker in the last user message scripts the answer.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import httpx2

REPLY = re.compile(r"\[\[reply:(.*?)\]\]", re.DOTALL)


class FakeUpstream:
    def __init__(self) -> None:
        self.plan: list[str] = []
        self.requests: list[dict[str, Any]] = []
        self.chunk_delay = 0.0
        self.transport = httpx2.MockTransport(self.handle)

    def models(self) -> list[str]:
        return [r["model"] for r in self.requests]

    @staticmethod
    def reply_for(body: dict[str, Any]) -> str:
        last = next((m["content"] for m in reversed(body["messages"]) if m["role"] == "user"), "")
        found = REPLY.search(last)
        if found:
            return found.group(1).strip()
        return "fake answer: " + " ".join(last.split()[:6])

    async def handle(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content or b"{}")
        body["_path"] = request.url.path
        self.requests.append(body)
        action = self.plan.pop(0) if self.plan else "ok"
        if action == "quota":
            error = {"error": {"message": "You exceeded your current quota", "type": "insufficient_quota", "code": "insufficient_quota"}}
            return httpx2.Response(429, json=error, headers={"retry-after-ms": "10"})
        if action.isdigit():
            status = int(action)
            headers = {"retry-after-ms": "10"} if status in (408, 409, 429) or status >= 500 else {}
            error = {"error": {"message": f"fake {status}", "type": "server_error", "code": None}}
            return httpx2.Response(status, json=error, headers=headers)
        if action == "stall":
            await asyncio.sleep(3600)
        text = self.reply_for(body)
        if request.url.path.endswith("/messages"):
            return self._anthropic(body, text, action)
        usage = {"prompt_tokens": 11, "completion_tokens": max(1, len(text.split())), "total_tokens": 0}
        if not body.get("stream"):
            return httpx2.Response(
                200,
                json={
                    "id": "chatcmpl-fake",
                    "object": "chat.completion",
                    "created": 1,
                    "model": body["model"],
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                    "usage": usage,
                },
            )
        return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=self._sse(body, text, usage, action))

    async def _sse(self, body: dict[str, Any], text: str, usage: dict[str, int], action: str) -> Any:
        def event(delta: dict[str, Any], finish: str | None = None, with_usage: bool = False) -> bytes:
            chunk = {
                "id": "chatcmpl-fake",
                "object": "chat.completion.chunk",
                "created": 1,
                "model": body["model"],
                "choices": [] if with_usage else [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            if with_usage:
                chunk["usage"] = usage
            return f"data: {json.dumps(chunk)}\n\n".encode()

        words = text.split(" ")
        if action == "role-then-break":
            yield event({"role": "assistant", "content": ""})
            raise httpx2.ReadError("connection reset by peer")
        for i, word in enumerate(words):
            if action == "break-after-1" and i == 1:
                raise httpx2.ReadError("connection reset by peer")
            if action == "hang-after-1" and i == 1:
                await asyncio.sleep(3600)
            if self.chunk_delay:
                await asyncio.sleep(self.chunk_delay)
            yield event({"content": word if i == 0 else " " + word})
        yield event({}, "stop")
        yield event({}, with_usage=True)
        yield b"data: [DONE]\n\n"

    def _anthropic(self, body: dict[str, Any], text: str, action: str) -> httpx2.Response:
        usage = {"input_tokens": 11, "output_tokens": max(1, len(text.split()))}
        message = {"id": "msg_fake", "type": "message", "role": "assistant", "model": body["model"], "stop_sequence": None}
        if not body.get("stream"):
            content = [{"type": "text", "text": text}]
            return httpx2.Response(200, json={**message, "content": content, "stop_reason": "end_turn", "usage": usage})

        async def events() -> Any:
            def event(name: str, data: dict[str, Any]) -> bytes:
                return f"event: {name}\ndata: {json.dumps({'type': name, **data})}\n\n".encode()

            start = {**message, "content": [], "stop_reason": None, "usage": {"input_tokens": 11, "output_tokens": 0}}
            yield event("message_start", {"message": start})
            yield event("content_block_start", {"index": 0, "content_block": {"type": "text", "text": ""}})
            for i, word in enumerate(text.split(" ")):
                if action == "break-after-1" and i == 1:
                    raise httpx2.ReadError("connection reset by peer")
                yield event("content_block_delta", {"index": 0, "delta": {"type": "text_delta", "text": word if i == 0 else " " + word}})
            yield event("content_block_stop", {"index": 0})
            yield event(
                "message_delta",
                {"delta": {"stop_reason": "end_turn", "stop_sequence": None}, "usage": {"output_tokens": usage["output_tokens"]}},
            )
            yield event("message_stop", {})

        return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=events())

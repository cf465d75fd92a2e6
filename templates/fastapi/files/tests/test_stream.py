"""Server-sent events: deltas, done, errors, no retry after the first byte, draining on shutdown."""

from __future__ import annotations

import asyncio

from .conftest import TEST_CANARY, sse_events


async def until_streams_open(service, count: int, timeout_s: float = 10) -> None:
    async with asyncio.timeout(timeout_s):
        while service.metrics.open_streams._value.get() != count:
            await asyncio.sleep(0.01)


async def test_stream_sends_deltas_then_done(make_client, upstream):
    text = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
    async with make_client() as (client, _app):
        r = await client.post("/v1/prompts/echo/stream", json={"variables": {"text": f"[[reply: {text}]]"}})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    events = sse_events(r.text)
    kinds = [e for e, _ in events]
    assert kinds[-1] == "done" and set(kinds[:-1]) == {"delta"} and len(kinds) >= 10
    assert "".join(d["text"] for e, d in events if e == "delta") == text
    done = events[-1][1]
    assert done["usage"] == {"input_tokens": 11, "output_tokens": 16}
    assert done["model"] == "gpt-test" and done["prompt"] == {"id": "echo", "version": "1.0.0"}
    assert upstream.requests[0]["stream"] is True and upstream.requests[0]["stream_options"] == {"include_usage": True}


async def test_stream_is_not_retried_after_the_first_byte(make_client, upstream):
    upstream.plan = ["break-after-1"]
    async with make_client(llm_max_retries=2, llm_fallback_model="gpt-backup") as (client, _app):
        r = await client.post("/v1/prompts/echo/stream", json={"variables": {"text": "[[reply: alpha beta gamma]]"}})
    events = sse_events(r.text)
    assert events[-1][0] == "error"
    assert events[-1][1]["error"]["kind"] == "upstream_error"
    assert len(upstream.requests) == 1


async def test_stream_falls_back_before_the_first_byte(make_client, upstream):
    upstream.plan = ["503"]
    async with make_client(llm_fallback_model="gpt-backup") as (client, _app):
        r = await client.post("/v1/prompts/echo/stream", json={"variables": {"text": "[[reply: saved]]"}})
    events = sse_events(r.text)
    assert events[-1][0] == "done" and events[-1][1]["model"] == "gpt-backup"
    assert upstream.models() == ["gpt-test", "gpt-backup"]


async def test_stream_upstream_failure_before_any_byte_is_an_http_error(make_client, upstream):
    upstream.plan = ["500"]
    async with make_client() as (client, _app):
        r = await client.post("/v1/prompts/echo/stream", json={"variables": {"text": "x"}})
    assert r.status_code == 502 and r.json()["error"]["kind"] == "upstream_error"


async def test_stream_blocks_a_canary_split_across_chunks(make_client):
    spaced = " ".join(TEST_CANARY[i : i + 2] for i in range(0, len(TEST_CANARY), 2))
    async with make_client() as (client, _app):
        r = await client.post("/v1/prompts/echo/stream", json={"variables": {"text": f"[[reply: the code is {spaced} ok]]"}})
    events = sse_events(r.text)
    assert events[-1][0] == "error" and events[-1][1]["error"]["kind"] == "output_blocked"
    sent = "".join(d.get("text", "") for e, d in events if e == "delta")
    assert TEST_CANARY[:4] not in sent.replace(" ", "")


async def test_stream_idempotency_replays_the_events(make_client, upstream):
    async with make_client() as (client, _app):
        body = {"variables": {"text": "[[reply: streamed once]]"}}
        first = await client.post("/v1/prompts/echo/stream", json=body, headers={"Idempotency-Key": "s-1"})
        again = await client.post("/v1/prompts/echo/stream", json=body, headers={"Idempotency-Key": "s-1"})
    assert again.headers["idempotent-replayed"] == "true"
    assert again.text == first.text
    assert len(upstream.requests) == 1


async def test_draining_refuses_new_work_and_ends_open_streams(make_client, upstream):
    upstream.plan = ["hang-after-1"]
    async with make_client(shutdown_grace_ms=300) as (client, app):
        service = app.state.service
        stream = asyncio.create_task(client.post("/v1/prompts/echo/stream", json={"variables": {"text": "[[reply: first then nothing]]"}}))
        await until_streams_open(service, 1)
        service.begin_drain()
        ready = await client.get("/readyz")
        refused = await client.post("/v1/prompts/echo/run", json={"variables": {"text": "late"}})
        r = await asyncio.wait_for(stream, 15)
        await asyncio.wait_for(service.drained(), 5)
    assert ready.status_code == 503
    assert refused.status_code == 503 and refused.json()["error"]["kind"] == "shutting_down"
    events = sse_events(r.text)
    assert events[-1][0] == "error" and events[-1][1]["error"]["kind"] == "shutting_down"
    assert service.in_flight == 0


async def test_streams_finish_normally_within_the_grace_period(make_client, upstream):
    upstream.chunk_delay = 0.05
    async with make_client(shutdown_grace_ms=10000) as (client, app):
        service = app.state.service
        stream = asyncio.create_task(client.post("/v1/prompts/echo/stream", json={"variables": {"text": "[[reply: a b c d e f]]"}}))
        await until_streams_open(service, 1)
        service.begin_drain()
        r = await asyncio.wait_for(stream, 15)
    assert sse_events(r.text)[-1][0] == "done"


async def test_anthropic_stream(make_client, upstream):
    async with make_client(llm_provider="anthropic", llm_base_url="http://upstream.test") as (client, _app):
        r = await client.post("/v1/prompts/echo/stream", json={"variables": {"text": "[[reply: streamed by claude]]"}})
        broken = await client.post("/v1/prompts/echo/stream", json={"variables": {"text": "[[reply: a b c]]"}})
    events = sse_events(r.text)
    assert "".join(d["text"] for e, d in events if e == "delta") == "streamed by claude"
    assert events[-1][0] == "done" and events[-1][1]["usage"] == {"input_tokens": 11, "output_tokens": 3}
    assert upstream.requests[0]["stream"] is True
    assert broken.status_code == 200


async def test_anthropic_stream_break_is_an_error_event(make_client, upstream):
    upstream.plan = ["break-after-1"]
    async with make_client(llm_provider="anthropic", llm_base_url="http://upstream.test", llm_max_retries=2) as (client, _app):
        r = await client.post("/v1/prompts/echo/stream", json={"variables": {"text": "[[reply: a b c]]"}})
    assert sse_events(r.text)[-1][1]["error"]["kind"] == "upstream_error"
    assert len(upstream.requests) == 1


async def test_a_short_answer_still_streams_in_several_deltas(make_client):
    async with make_client() as (client, _app):
        r = await client.post("/v1/prompts/echo/stream", json={"variables": {"text": "[[reply: one two three four five six]]"}})
    deltas = [d["text"] for e, d in sse_events(r.text) if e == "delta"]
    assert len(deltas) == 6 and "".join(deltas) == "one two three four five six"


async def test_the_first_upstream_byte_ends_the_right_to_fall_back(make_client, upstream):
    upstream.plan = ["role-then-break", "ok"]
    async with make_client(llm_fallback_model="gpt-backup") as (client, _app):
        r = await client.post("/v1/prompts/echo/stream", json={"variables": {"text": "[[reply: never sent]]"}})
    # the upstream sent its first chunk (no text yet) and broke: that answer may not be retried elsewhere
    events = sse_events(r.text)
    assert events[-1][0] == "error"
    assert upstream.models() == ["gpt-test"]


async def test_a_stream_closes_a_half_open_breaker_and_is_timed(make_client, upstream):
    upstream.plan = ["500"]
    async with make_client(breaker_failures=1, breaker_reset_ms=200) as (client, app):
        failed = await client.post("/v1/prompts/echo/stream", json={"variables": {"text": "x"}})
        await asyncio.sleep(0.25)
        trial = await client.post("/v1/prompts/echo/stream", json={"variables": {"text": "[[reply: back]]"}})
        after = await client.post("/v1/prompts/echo/stream", json={"variables": {"text": "[[reply: again]]"}})
        metrics = (await client.get("/metrics")).text
    assert failed.status_code == 502
    assert sse_events(trial.text)[-1][0] == "done"
    assert sse_events(after.text)[-1][0] == "done"  # the trial's success closed the breaker
    assert app.state.service.breaker.state == "closed"
    assert 'promptyard_upstream_duration_seconds_count{model="gpt-test"} 3.0' in metrics

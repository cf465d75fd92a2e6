"""Cache, token bucket, budgets and idempotency: in memory, and in a real Redis when redis-server is installed."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator

import pytest

from app.store import MemoryStore, RedisStore, retry_after_seconds


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    given = os.environ.get("REDIS_TEST_URL")
    if given:
        yield given
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(  # noqa: S603 - a fixed local binary
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(10)


@pytest.fixture
async def redis_store(redis_url: str, request: pytest.FixtureRequest) -> AsyncIterator[RedisStore]:
    store = RedisStore(redis_url, f"test:{request.node.name}:{time.monotonic_ns()}")
    yield store
    await store.close()


async def test_memory_token_bucket_refills_at_the_rate():
    clock = Clock()
    store = MemoryStore(clock=clock)
    results = [await store.take_token("k", 2.0, 3) for _ in range(4)]
    assert [ok for ok, _ in results] == [True, True, True, False]
    assert results[-1][1] == pytest.approx(0.5)
    clock.now += 0.5
    assert (await store.take_token("k", 2.0, 3))[0] is True
    assert (await store.take_token("other", 2.0, 3))[0] is True


async def test_memory_cache_expires():
    clock = Clock()
    store = MemoryStore(clock=clock)
    await store.cache_set("a", {"v": 1}, 10)
    assert await store.cache_get("a") == {"v": 1}
    clock.now += 10
    assert await store.cache_get("a") is None


async def test_memory_store_is_bounded():
    store = MemoryStore(max_entries=3)
    for i in range(5):
        await store.cache_set(str(i), {"v": i}, 60)
    assert await store.cache_get("0") is None and await store.cache_get("4") == {"v": 4}


async def test_memory_idempotency_waits_for_the_first_request():
    store = MemoryStore()
    assert (await store.idempotency_begin("k", "h")).status == "new"
    waiter = asyncio.create_task(store.idempotency_begin("k", "h"))
    await asyncio.sleep(0.1)
    assert not waiter.done()
    await store.idempotency_finish("k", "h", {"status": 200, "body": {"x": 1}})
    state = await asyncio.wait_for(waiter, 2)
    assert state.status == "replay" and state.response == {"status": 200, "body": {"x": 1}}
    assert (await store.idempotency_begin("k", "other")).status == "conflict"
    await store.idempotency_abort("k")
    assert (await store.idempotency_begin("k", "other")).status == "new"


async def test_a_pending_idempotency_key_expires_and_a_duplicate_stops_waiting():
    clock = Clock()
    store = MemoryStore(clock=clock)
    assert (await store.idempotency_begin("k", "h", pending_ttl_s=0.2)).status == "new"
    assert (await store.idempotency_begin("k", "h", pending_ttl_s=0.2)).status == "pending"  # never finished
    clock.now += 0.2  # the request that held it died: the key is free again
    assert (await store.idempotency_begin("k", "h", pending_ttl_s=0.2)).status == "new"


def test_retry_after_is_whole_seconds_at_least_one():
    assert [retry_after_seconds(x) for x in (0, 0.01, 1.0, 1.2)] == [1, 1, 1, 2]


async def test_redis_token_bucket_is_shared_by_replicas(redis_url, redis_store):
    replica = RedisStore(redis_url, redis_store._prefix)
    try:
        results = [await (redis_store if i % 2 else replica).take_token("client", 1.0, 4) for i in range(5)]
        assert [ok for ok, _ in results] == [True, True, True, True, False]
        assert 0.5 < results[-1][1] <= 1.0
        await asyncio.sleep(1.05)
        assert (await replica.take_token("client", 1.0, 4))[0] is True
    finally:
        await replica.close()


async def test_redis_token_bucket_is_atomic_under_concurrency(redis_store):
    results = await asyncio.gather(*(redis_store.take_token("burst", 0.001, 10) for _ in range(40)))
    assert sum(1 for ok, _ in results if ok) == 10


async def test_redis_cache_budget_and_idempotency(redis_store):
    await redis_store.cache_set("c", {"output": "x"}, 60)
    assert await redis_store.cache_get("c") == {"output": "x"}
    assert await redis_store.cache_get("missing") is None
    await redis_store.budget_add("k", "2026-01-01", 10, 0.25)
    await redis_store.budget_add("k", "2026-01-01", 5, 0.5)
    assert await redis_store.budget_get("k", "2026-01-01") == (15, 0.75)
    assert await redis_store.budget_get("k", "2026-01-02") == (0, 0.0)
    assert (await redis_store.idempotency_begin("i", "h")).status == "new"
    assert (await redis_store.idempotency_begin("i", "x")).status == "conflict"
    await redis_store.idempotency_finish("i", "h", {"status": 202, "body": {"ok": True}})
    state = await redis_store.idempotency_begin("i", "h")
    assert state.status == "replay" and state.response == {"status": 202, "body": {"ok": True}}
    assert await redis_store.ping() is True


async def test_redis_pending_idempotency_key_expires(redis_store):
    assert (await redis_store.idempotency_begin("p", "h", pending_ttl_s=0.3)).status == "new"
    assert (await redis_store.idempotency_begin("p", "h", pending_ttl_s=0.1)).status == "pending"
    await asyncio.sleep(0.35)
    assert (await redis_store.idempotency_begin("p", "h", pending_ttl_s=0.3)).status == "new"


async def test_the_api_rate_limits_through_redis(make_client, redis_url):
    async with make_client(
        redis_url=redis_url, rate_limit_rps=0.01, rate_limit_burst=2, service_api_keys=f"redis-key-{time.monotonic_ns()}"
    ) as (client, app):
        key = app.state.service.settings.service_api_keys
        headers = {"Authorization": f"Bearer {key}"}
        codes = [
            (await client.post("/v1/feedback", json={"prompt_id": "echo", "rating": "up"}, headers=headers)).status_code for _ in range(3)
        ]
        assert isinstance(app.state.service.store, RedisStore)
    assert codes == [202, 202, 429]

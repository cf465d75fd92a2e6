"""Shared state: response cache, token buckets, daily budgets and idempotency records.

In memory by default (one replica); in Redis when REDIS_URL is set, so every replica sees the same limits.
The token bucket is one atomic Lua script using the Redis server's clock.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Protocol

IDEMPOTENCY_TTL_S = 24 * 3600
PENDING_WAIT_S = 0.05


@dataclass
class IdempotencyState:
    status: str  # new | replay | conflict | pending
    response: dict[str, Any] | None = None


class Store(Protocol):
    async def cache_get(self, key: str) -> dict[str, Any] | None: ...
    async def cache_set(self, key: str, value: dict[str, Any], ttl_s: int) -> None: ...
    async def take_token(self, key: str, rate: float, burst: int) -> tuple[bool, float]: ...
    async def budget_get(self, key: str, day: str) -> tuple[int, float]: ...
    async def budget_add(self, key: str, day: str, tokens: int, usd: float) -> None: ...
    async def idempotency_begin(self, key: str, body_hash: str, pending_ttl_s: float = 120) -> IdempotencyState: ...
    async def idempotency_finish(self, key: str, body_hash: str, response: dict[str, Any]) -> None: ...
    async def idempotency_abort(self, key: str) -> None: ...
    async def ping(self) -> bool: ...
    async def close(self) -> None: ...


class MemoryStore:
    """Process-local state with lazy expiry; bounded so a flood of keys cannot grow it without limit."""

    def __init__(self, max_entries: int = 10000, clock: Any = time.monotonic) -> None:
        self._clock = clock
        self._max = max_entries
        self._cache: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._budgets: dict[tuple[str, str], list[float]] = {}
        self._idem: OrderedDict[str, tuple[float, str, dict[str, Any] | None]] = OrderedDict()

    def _bound(self, table: OrderedDict[str, Any]) -> None:
        while len(table) > self._max:
            table.popitem(last=False)

    async def cache_get(self, key: str) -> dict[str, Any] | None:
        item = self._cache.get(key)
        if item is None:
            return None
        if item[0] <= self._clock():
            del self._cache[key]
            return None
        self._cache.move_to_end(key)
        return item[1]

    async def cache_set(self, key: str, value: dict[str, Any], ttl_s: int) -> None:
        self._cache[key] = (self._clock() + ttl_s, value)
        self._cache.move_to_end(key)
        self._bound(self._cache)

    async def take_token(self, key: str, rate: float, burst: int) -> tuple[bool, float]:
        now = self._clock()
        tokens, last = self._buckets.get(key, (float(burst), now))
        tokens = min(float(burst), tokens + max(0.0, now - last) * rate)
        allowed = tokens >= 1
        wait = 0.0
        if allowed:
            tokens -= 1
        else:
            wait = (1 - tokens) / rate
        self._buckets[key] = (tokens, now)
        self._buckets.move_to_end(key)
        self._bound(self._buckets)
        return allowed, wait

    async def budget_get(self, key: str, day: str) -> tuple[int, float]:
        tokens, usd = self._budgets.get((key, day), [0, 0.0])
        return int(tokens), float(usd)

    async def budget_add(self, key: str, day: str, tokens: int, usd: float) -> None:
        for stale in [k for k in self._budgets if k[1] != day]:
            del self._budgets[stale]
        entry = self._budgets.setdefault((key, day), [0, 0.0])
        entry[0] += tokens
        entry[1] += usd

    async def idempotency_begin(self, key: str, body_hash: str, pending_ttl_s: float = 120) -> IdempotencyState:
        """new (go ahead), replay (stored answer), conflict (other body) or pending (still running after pending_ttl_s).

        A request in progress holds the key for pending_ttl_s only (its deadline), so one that died never
        blocks the key for a day; a duplicate waits for it within that time.
        """
        give_up = time.monotonic() + pending_ttl_s
        while True:
            item = self._idem.get(key)
            if item is not None and item[0] <= self._clock():
                del self._idem[key]
                item = None
            if item is None:
                self._idem[key] = (self._clock() + pending_ttl_s, body_hash, None)
                self._bound(self._idem)
                return IdempotencyState("new")
            if item[1] != body_hash:
                return IdempotencyState("conflict")
            if item[2] is not None:
                return IdempotencyState("replay", item[2])
            if time.monotonic() >= give_up:
                return IdempotencyState("pending")
            await asyncio.sleep(PENDING_WAIT_S)  # the first request is still running

    async def idempotency_finish(self, key: str, body_hash: str, response: dict[str, Any]) -> None:
        self._idem[key] = (self._clock() + IDEMPOTENCY_TTL_S, body_hash, response)

    async def idempotency_abort(self, key: str) -> None:
        self._idem.pop(key, None)

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        return None


BUCKET_SCRIPT = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
local allowed = 0
local wait_ms = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait_ms = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return {allowed, wait_ms}
"""


class RedisStore:
    """The same state in Redis (redis-py asyncio); keys are prefixed with the service name."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis.asyncio as redis  # imported here: only deployments with REDIS_URL need it

        self._redis = redis.from_url(url, decode_responses=True, socket_timeout=5, socket_connect_timeout=5)
        self._prefix = prefix.rstrip(":") + ":"
        self._bucket = self._redis.register_script(BUCKET_SCRIPT)

    def _k(self, *parts: str) -> str:
        return self._prefix + ":".join(parts)

    async def cache_get(self, key: str) -> dict[str, Any] | None:
        raw = await self._redis.get(self._k("cache", key))
        return json.loads(raw) if raw else None

    async def cache_set(self, key: str, value: dict[str, Any], ttl_s: int) -> None:
        await self._redis.set(self._k("cache", key), json.dumps(value), ex=ttl_s)

    async def take_token(self, key: str, rate: float, burst: int) -> tuple[bool, float]:
        allowed, wait_ms = await self._bucket(keys=[self._k("bucket", key)], args=[rate, burst])
        return bool(int(allowed)), int(wait_ms) / 1000

    async def budget_get(self, key: str, day: str) -> tuple[int, float]:
        tokens, usd = await self._redis.hmget(self._k("budget", day, key), "tokens", "usd")
        return int(tokens or 0), float(usd or 0)

    async def budget_add(self, key: str, day: str, tokens: int, usd: float) -> None:
        name = self._k("budget", day, key)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hincrby(name, "tokens", tokens)
            pipe.hincrbyfloat(name, "usd", usd)
            pipe.expire(name, 2 * 24 * 3600)
            await pipe.execute()

    async def idempotency_begin(self, key: str, body_hash: str, pending_ttl_s: float = 120) -> IdempotencyState:
        name = self._k("idem", key)
        pending = json.dumps({"hash": body_hash, "response": None})
        give_up = time.monotonic() + pending_ttl_s
        while True:
            if await self._redis.set(name, pending, nx=True, px=max(1, int(pending_ttl_s * 1000))):
                return IdempotencyState("new")
            raw = await self._redis.get(name)
            if raw is None:
                continue
            record = json.loads(raw)
            if record.get("hash") != body_hash:
                return IdempotencyState("conflict")
            if record.get("response") is not None:
                return IdempotencyState("replay", record["response"])
            if time.monotonic() >= give_up:
                return IdempotencyState("pending")
            await asyncio.sleep(PENDING_WAIT_S)

    async def idempotency_finish(self, key: str, body_hash: str, response: dict[str, Any]) -> None:
        record = json.dumps({"hash": body_hash, "response": response})
        await self._redis.set(self._k("idem", key), record, ex=IDEMPOTENCY_TTL_S)

    async def idempotency_abort(self, key: str) -> None:
        await self._redis.delete(self._k("idem", key))

    async def ping(self) -> bool:
        try:
            return bool(await self._redis.ping())
        except Exception:  # noqa: BLE001 - any failure means "not reachable"
            return False

    async def close(self) -> None:
        await self._redis.aclose()


def retry_after_seconds(wait_s: float) -> int:
    """A Retry-After value: whole seconds, at least 1."""
    return max(1, math.ceil(wait_s))

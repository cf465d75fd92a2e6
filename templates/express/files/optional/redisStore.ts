// The Store in Redis, for several replicas: the token bucket is one Lua script (atomic, Redis' own clock),
// budgets are per-day counters, idempotency records are reserved with SET NX.
import { Redis } from 'ioredis';
import type { IdempotencyState, Store, StoredResponse, TakeResult } from './store.js';

const TOKEN_BUCKET = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {allowed, tostring(wait)}
`;

export class RedisStore implements Store {
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix = 'promptyard:') {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    this.redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TOKEN_BUCKET });
  }

  async cacheGet(key: string) {
    return (await this.redis.get(`${this.prefix}cache:${key}`)) ?? undefined;
  }
  async cacheSet(key: string, value: string, ttlSeconds: number) {
    await this.redis.set(`${this.prefix}cache:${key}`, value, 'EX', ttlSeconds);
  }
  async take(key: string, rate: number, burst: number): Promise<TakeResult> {
    const run = (this.redis as unknown as { takeToken(k: string, r: number, b: number): Promise<[number, string]> }).takeToken;
    const [allowed, wait] = await run.call(this.redis, `${this.prefix}bucket:${key}`, rate, burst);
    return { allowed: allowed === 1, retryAfterSeconds: Number(wait) };
  }
  async budgetGet(key: string, day: string) {
    const [tokens, usd] = await this.redis.mget(`${this.prefix}budget:${key}:${day}:tokens`, `${this.prefix}budget:${key}:${day}:usd`);
    return { tokens: Number(tokens ?? 0), usd: Number(usd ?? 0) };
  }
  async budgetAdd(key: string, day: string, tokens: number, usd: number) {
    const base = `${this.prefix}budget:${key}:${day}`;
    await this.redis
      .multi()
      .incrby(`${base}:tokens`, tokens)
      .incrbyfloat(`${base}:usd`, usd)
      .expire(`${base}:tokens`, 2 * 86_400)
      .expire(`${base}:usd`, 2 * 86_400)
      .exec();
  }
  async idempotencyBegin(key: string, bodyHash: string, ttlSeconds: number): Promise<IdempotencyState> {
    const k = `${this.prefix}idem:${key}`;
    const set = await this.redis.set(k, JSON.stringify({ bodyHash }), 'EX', ttlSeconds, 'NX');
    if (set === 'OK') return { state: 'new' };
    const raw = await this.redis.get(k);
    if (!raw) return this.idempotencyBegin(key, bodyHash, ttlSeconds);
    const hit = JSON.parse(raw) as { bodyHash: string; response?: StoredResponse };
    return hit.response ? { state: 'done', bodyHash: hit.bodyHash, response: hit.response } : { state: 'pending', bodyHash: hit.bodyHash };
  }
  async idempotencyFinish(key: string, bodyHash: string, response: StoredResponse, ttlSeconds: number) {
    await this.redis.set(`${this.prefix}idem:${key}`, JSON.stringify({ bodyHash, response }), 'EX', ttlSeconds);
  }
  async idempotencyAbandon(key: string) {
    await this.redis.del(`${this.prefix}idem:${key}`);
  }
  async ready() {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }
  async close() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

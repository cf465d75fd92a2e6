// Shared state behind one interface: the response cache, the token bucket, daily budgets and idempotency
// records. In memory for one replica; Redis (redisStore.ts) when REDIS_URL is set, so limits hold across
// replicas.
export interface TakeResult {
  allowed: boolean;
  /** Seconds until a token is available (when not allowed). */
  retryAfterSeconds: number;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type IdempotencyState = { state: 'new' } | { state: 'pending'; bodyHash: string } | { state: 'done'; bodyHash: string; response: StoredResponse };

export interface Store {
  cacheGet(key: string): Promise<string | undefined>;
  cacheSet(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Takes one token from `key`'s bucket (refilled at `rate` per second up to `burst`). */
  take(key: string, rate: number, burst: number): Promise<TakeResult>;
  budgetGet(key: string, day: string): Promise<{ tokens: number; usd: number }>;
  budgetAdd(key: string, day: string, tokens: number, usd: number): Promise<void>;
  /** Reserves `key` for a request with `bodyHash`, or tells what is stored under it. */
  idempotencyBegin(key: string, bodyHash: string, ttlSeconds: number): Promise<IdempotencyState>;
  idempotencyFinish(key: string, bodyHash: string, response: StoredResponse, ttlSeconds: number): Promise<void>;
  idempotencyAbandon(key: string): Promise<void>;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

const MAX_ENTRIES = 10_000;

/** Bounded maps with expiry: the oldest entries go first when full. */
class ExpiringMap<V> {
  private readonly map = new Map<string, { value: V; expires: number }>();
  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    if (hit.expires <= Date.now()) {
      this.map.delete(key);
      return undefined;
    }
    return hit.value;
  }
  set(key: string, value: V, ttlMs: number): void {
    this.map.delete(key);
    if (this.map.size >= MAX_ENTRIES) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, { value, expires: Date.now() + ttlMs });
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

export class MemoryStore implements Store {
  private readonly cache = new ExpiringMap<string>();
  private readonly buckets = new ExpiringMap<{ tokens: number; at: number }>();
  private readonly budgets = new ExpiringMap<{ tokens: number; usd: number }>();
  private readonly idempotency = new ExpiringMap<{ bodyHash: string; response?: StoredResponse }>();

  async cacheGet(key: string) {
    return this.cache.get(key);
  }
  async cacheSet(key: string, value: string, ttlSeconds: number) {
    this.cache.set(key, value, ttlSeconds * 1000);
  }
  async take(key: string, rate: number, burst: number): Promise<TakeResult> {
    const now = Date.now() / 1000;
    const b = this.buckets.get(key) ?? { tokens: burst, at: now };
    const tokens = Math.min(burst, b.tokens + (now - b.at) * rate);
    const allowed = tokens >= 1;
    const left = allowed ? tokens - 1 : tokens;
    this.buckets.set(key, { tokens: left, at: now }, Math.ceil((burst / rate) * 1000) + 1000);
    return { allowed, retryAfterSeconds: allowed ? 0 : (1 - left) / rate };
  }
  async budgetGet(key: string, day: string) {
    return this.budgets.get(`${key}:${day}`) ?? { tokens: 0, usd: 0 };
  }
  async budgetAdd(key: string, day: string, tokens: number, usd: number) {
    const b = await this.budgetGet(key, day);
    this.budgets.set(`${key}:${day}`, { tokens: b.tokens + tokens, usd: b.usd + usd }, 2 * 86_400_000);
  }
  async idempotencyBegin(key: string, bodyHash: string, ttlSeconds: number): Promise<IdempotencyState> {
    const hit = this.idempotency.get(key);
    if (!hit) {
      this.idempotency.set(key, { bodyHash }, ttlSeconds * 1000);
      return { state: 'new' };
    }
    return hit.response ? { state: 'done', bodyHash: hit.bodyHash, response: hit.response } : { state: 'pending', bodyHash: hit.bodyHash };
  }
  async idempotencyFinish(key: string, bodyHash: string, response: StoredResponse, ttlSeconds: number) {
    this.idempotency.set(key, { bodyHash, response }, ttlSeconds * 1000);
  }
  async idempotencyAbandon(key: string) {
    this.idempotency.delete(key);
  }
  async ready() {
    return true;
  }
  async close() {}
}

// Configuration from the environment, validated once at start-up: a bad value stops the service with a
// message naming the variable (docs in README.md, "Configuration"). Secrets come from the environment only.
import { randomBytes } from 'node:crypto';
import { DEFAULT_PROVIDER } from './defaults.js';

export const PROVIDERS = ['openai', 'anthropic', 'openai-compatible'] as const;
export type Provider = (typeof PROVIDERS)[number];

export interface Config {
  host: string;
  port: number;
  provider: Provider;
  llmBaseUrl: string | undefined;
  llmApiKey: string;
  fallbackModel: string | undefined;
  llmTimeoutMs: number;
  llmMaxRetries: number;
  requestDeadlineMs: number;
  breakerFailures: number;
  breakerResetMs: number;
  promptLabel: string;
  serviceApiKeys: string[];
  rateLimitRps: number;
  rateLimitBurst: number;
  budgetTokensPerDay: number;
  budgetUsdPerDay: number;
  cacheTtlSeconds: number;
  redisUrl: string | undefined;
  maxInputBytes: number;
  maxInputTokens: number;
  shutdownGraceMs: number;
  feedbackPath: string;
  logLevel: string;
  otelEndpoint: string | undefined;
  canary: string;
  promptsDir: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const str = (name: string, fallback?: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? fallback : v;
  };
  const int = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got '${raw}'`);
    const n = Number(raw);
    if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
    return n;
  };
  const num = (name: string, fallback: number, min: number): number => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new ConfigError(name, `must be a number >= ${min}, got '${raw}'`);
    return n;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = str(name);
    if (raw === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new ConfigError(name, 'must be a URL');
    }
    if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `must be a ${protocols.join(' or ')} URL`);
    return raw;
  };

  const provider = str('LLM_PROVIDER', DEFAULT_PROVIDER)!;
  if (!(PROVIDERS as readonly string[]).includes(provider)) throw new ConfigError('LLM_PROVIDER', `must be one of ${PROVIDERS.join(', ')}, got '${provider}'`);
  const llmApiKey = str('LLM_API_KEY');
  if (!llmApiKey) throw new ConfigError('LLM_API_KEY', 'is required (the provider key; see README.md, "Secrets")');
  const label = str('PROMPT_LABEL', 'production')!;
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(label)) throw new ConfigError('PROMPT_LABEL', `'${label}' is not a label name`);
  const canary = str('CANARY') ?? randomBytes(8).toString('hex');
  if (!/^[A-Za-z0-9]{8,64}$/.test(canary)) throw new ConfigError('CANARY', 'must be 8 to 64 letters and digits');
  const keys = (str('SERVICE_API_KEYS') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys.some((k) => k.length < 16)) throw new ConfigError('SERVICE_API_KEYS', 'each key must be at least 16 characters');
  const logLevel = str('LOG_LEVEL', 'info')!;
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) throw new ConfigError('LOG_LEVEL', `unknown level '${logLevel}'`);

  return {
    host: str('HOST', '0.0.0.0')!,
    port: int('PORT', 8080, 0, 65535),
    provider: provider as Provider,
    llmBaseUrl: url('LLM_BASE_URL', ['http:', 'https:']),
    llmApiKey,
    fallbackModel: str('LLM_FALLBACK_MODEL'),
    llmTimeoutMs: int('LLM_TIMEOUT_MS', 30_000, 1),
    llmMaxRetries: int('LLM_MAX_RETRIES', 2, 0, 10),
    requestDeadlineMs: int('REQUEST_DEADLINE_MS', 60_000, 1),
    breakerFailures: int('BREAKER_FAILURES', 5, 1),
    breakerResetMs: int('BREAKER_RESET_MS', 10_000, 1),
    promptLabel: label,
    serviceApiKeys: keys,
    rateLimitRps: num('RATE_LIMIT_RPS', 10, 0.001),
    rateLimitBurst: int('RATE_LIMIT_BURST', 20, 1),
    budgetTokensPerDay: int('BUDGET_TOKENS_PER_DAY', 0, 0),
    budgetUsdPerDay: num('BUDGET_USD_PER_DAY', 0, 0),
    cacheTtlSeconds: int('CACHE_TTL_SECONDS', 300, 0),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    maxInputBytes: int('MAX_INPUT_BYTES', 16_384, 1),
    maxInputTokens: int('MAX_INPUT_TOKENS', 4_000, 1),
    shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 20_000, 0),
    feedbackPath: str('FEEDBACK_PATH', 'data/feedback.jsonl')!,
    logLevel,
    otelEndpoint: url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
    canary,
    promptsDir: str('PROMPTS_DIR', 'prompts')!,
  };
}

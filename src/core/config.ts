// The engine's configuration, whatever the host reads it from (promptyard.config.yaml in the CLI,
// settings and SecretStorage in VS Code). Keys are never part of it: they come through SecretStore.

/** A named OpenAI-compatible endpoint: `<name>/<model>` model ids go to it. */
export interface EndpointConfig {
  name: string;
  baseURL: string;
  headers?: Record<string, string>;
  /** Environment variable holding its key; default `PROMPTYARD_<NAME>_API_KEY`. Keys may also sit in the keychain under `name`. */
  apiKeyEnv?: string;
  /** Models to list in `promptyard models`; the endpoint's `/models` is asked too when reachable. */
  models?: string[];
}

/** Prices in US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  cachedInput?: number;
  contextWindow?: number;
}

export interface LocalModelConfig {
  /** A `.gguf` file to run for `local/default`; otherwise the recommended model is downloaded on first use. */
  model?: string;
  /** Where downloaded models are kept. Default: `$XDG_CACHE_HOME/promptyard/models` or `~/.cache/promptyard/models`. */
  cacheDir?: string;
  /** Where the recommended model is downloaded from (a mirror); default its public URL. */
  downloadURL?: string;
  contextSize?: number;
  threads?: number;
}

export interface RequestDefaults {
  /** Retries after the first attempt, passed to the SDKs as `maxRetries`. */
  maxRetries: number;
  /** Per-attempt timeout in ms, passed to the SDKs as `timeout`. */
  timeoutMs: number;
  /** One overall deadline for a call, retries included. */
  deadlineMs: number;
}

export interface PromptyardConfig {
  /** Model used when a prompt file names none and `--model` is not given. */
  defaultModel?: string;
  endpoints: Record<string, EndpointConfig>;
  /** Overrides of the dated price table, by full model id. */
  prices: Record<string, ModelPrice>;
  local: LocalModelConfig;
  requests: RequestDefaults;
}

export const DEFAULT_REQUESTS: RequestDefaults = { maxRetries: 2, timeoutMs: 60_000, deadlineMs: 180_000 };

export function defaultConfig(): PromptyardConfig {
  return { endpoints: {}, prices: {}, local: {}, requests: { ...DEFAULT_REQUESTS } };
}

/** Provider names that are built in and cannot be used for custom endpoints. */
export const BUILTIN_PROVIDERS = ['openai', 'anthropic', 'ollama', 'local'] as const;

/** The environment variable that holds a provider's key. */
export function apiKeyEnvName(provider: string, endpoint?: EndpointConfig): string {
  if (endpoint?.apiKeyEnv) return endpoint.apiKeyEnv;
  if (provider === 'openai') return 'OPENAI_API_KEY';
  if (provider === 'anthropic') return 'ANTHROPIC_API_KEY';
  return `PROMPTYARD_${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
}

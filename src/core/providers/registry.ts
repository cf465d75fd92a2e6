// Model ids to providers: `openai/…`, `anthropic/…`, `ollama/…`, `local/…` and `<endpoint>/…` for the
// named OpenAI-compatible endpoints of the configuration. One provider (one SDK client) per name, created on
// first use. Keys come only from the SecretStore (which decides env vs keychain); never logged or returned.
import type { LocalModelConfig, PromptyardConfig } from '../config';
import { apiKeyEnvName, BUILTIN_PROVIDERS } from '../config';
import { PromptyardError } from '../errors';
import { silentLogger, type Logger, type SecretStore } from '../ports';
import { registerSecret } from '../redact';
import { parseModelId } from '../../shared/modelId';
import { createCatalog, type Catalog } from './catalog';
import type { DownloadProgress, LocalProviderOptions } from './local';
import { createOpenAIProvider } from './openai';
import type { ClientSettings, Provider } from './types';

export type LocalProviderFactory = (config: LocalModelConfig, options: LocalProviderOptions) => Provider | Promise<Provider>;

export interface ProviderRegistryOptions {
  config: PromptyardConfig;
  secrets: SecretStore;
  /** Where OPENAI_BASE_URL, ANTHROPIC_BASE_URL and OLLAMA_HOST are read. Default process.env. */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Builds the local provider; default a lazy import of ./local (node-llama-cpp loads only when used). */
  localFactory?: LocalProviderFactory;
  onDownloadProgress?: (progress: DownloadProgress) => void;
}

export type ProviderKind = 'openai' | 'anthropic' | 'ollama' | 'local' | 'openai-compatible';
export type KeySource = 'env' | 'keychain' | 'none';

export interface ConfiguredProvider {
  name: string;
  kind: ProviderKind;
  keyRequired: boolean;
  /** Where its key comes from; never the key itself. */
  keySource: KeySource;
  /** The environment variable that would hold its key. */
  keyEnv?: string;
  baseURL?: string;
}

export interface ResolvedModel {
  provider: Provider;
  /** The provider-local model name (after the first slash). */
  model: string;
  modelId: string;
}

export interface ProviderRegistry {
  readonly catalog: Catalog;
  resolve(modelId: string): Promise<ResolvedModel>;
  /** The provider behind a name (to list its models), created on first use. */
  provider(name: string): Promise<Provider>;
  configuredProviders(): Promise<ConfiguredProvider[]>;
  /** Forgets cached providers (all, or one) so the next call reads its key again, e.g. after `keys set`. */
  reset(name?: string): void;
}

export const OLLAMA_DEFAULT_HOST = 'http://127.0.0.1:11434';

export function createProviderRegistry(options: ProviderRegistryOptions): ProviderRegistry {
  const { config, secrets } = options;
  const env = options.env ?? process.env;
  const logger = options.logger ?? silentLogger;
  const catalog = createCatalog(config.prices);
  const providers = new Map<string, Promise<Provider>>();
  const requestSettings: ClientSettings = {
    maxRetries: config.requests.maxRetries,
    timeoutMs: config.requests.timeoutMs,
    deadlineMs: config.requests.deadlineMs,
  };
  const known = () => [...BUILTIN_PROVIDERS, ...Object.keys(config.endpoints)];

  async function requireKey(name: string): Promise<string> {
    const key = await secrets.get(name);
    if (!key) {
      throw new PromptyardError('missing-key', `no key for ${name}`, {
        hint: `Run \`promptyard keys set ${name}\` or set ${apiKeyEnvName(name, config.endpoints[name])}.`,
        exitCode: 2,
      });
    }
    registerSecret(key);
    return key;
  }

  async function create(name: string): Promise<Provider> {
    const common = { name, logger, catalog, keyHint: { secretName: name, envName: apiKeyEnvName(name, config.endpoints[name]) } };
    switch (name) {
      case 'openai':
        return createOpenAIProvider({ ...common, flavor: 'openai', settings: { ...requestSettings, apiKey: await requireKey(name), baseURL: readEnv(env, 'OPENAI_BASE_URL') } });
      case 'anthropic': {
        // Loaded on first use: the Anthropic SDK holds about 6 MB of heap that an OpenAI-only run never needs.
        const apiKey = await requireKey(name);
        const { createAnthropicProvider } = await import('./anthropic');
        return createAnthropicProvider({ ...common, settings: { ...requestSettings, apiKey, baseURL: readEnv(env, 'ANTHROPIC_BASE_URL') } });
      }
      case 'ollama':
        return createOpenAIProvider({ name, logger, catalog, flavor: 'compatible', settings: { ...requestSettings, baseURL: ollamaBaseURL(env) } });
      case 'local': {
        const factory = options.localFactory ?? ((cfg, opts) => import('./local').then((m) => m.createLocalProvider(cfg, opts)));
        return factory(config.local, { logger, env, ...(options.onDownloadProgress ? { onDownloadProgress: options.onDownloadProgress } : {}) });
      }
    }
    const endpoint = config.endpoints[name];
    if (!endpoint) throw unknownProvider(name, known());
    // An endpoint's key is optional (vLLM, LM Studio), unless the configuration names its variable.
    const apiKey = endpoint.apiKeyEnv ? await requireKey(name) : await secrets.get(name);
    registerSecret(apiKey);
    return createOpenAIProvider({ ...common, flavor: 'compatible', settings: { ...requestSettings, apiKey, baseURL: endpoint.baseURL, headers: endpoint.headers } });
  }

  return {
    catalog,

    async resolve(modelId: string): Promise<ResolvedModel> {
      const ref = parseModelId(modelId);
      if (!ref) {
        throw new PromptyardError('invalid-model-id', `'${modelId}' is not a model id`, {
          hint: `Write provider/model, e.g. openai/gpt-4o-mini; providers: ${known().join(', ')}.`,
          exitCode: 2,
        });
      }
      return { provider: await this.provider(ref.provider), model: ref.model, modelId };
    },

    provider(name: string): Promise<Provider> {
      if (!known().includes(name)) return Promise.reject(unknownProvider(name, known()));
      let provider = providers.get(name);
      if (!provider) {
        provider = create(name);
        providers.set(name, provider);
        provider.catch(() => providers.delete(name)); // a missing key can be fixed; try again next time
      }
      return provider;
    },

    async configuredProviders(): Promise<ConfiguredProvider[]> {
      const out: ConfiguredProvider[] = [];
      for (const name of known()) {
        const endpoint = config.endpoints[name];
        const kind: ProviderKind = endpoint ? 'openai-compatible' : (name as ProviderKind);
        const keyRequired = name === 'openai' || name === 'anthropic' || Boolean(endpoint?.apiKeyEnv);
        const keyEnv = name === 'ollama' || name === 'local' ? undefined : apiKeyEnvName(name, endpoint);
        const keySource = keyEnv ? await keySourceOf(secrets, name, keyEnv, env) : 'none';
        const baseURL =
          name === 'openai' ? readEnv(env, 'OPENAI_BASE_URL') ?? 'https://api.openai.com/v1'
          : name === 'anthropic' ? readEnv(env, 'ANTHROPIC_BASE_URL') ?? 'https://api.anthropic.com'
          : name === 'ollama' ? tryOllamaBaseURL(env)
          : endpoint?.baseURL;
        out.push({ name, kind, keyRequired, keySource, ...(keyEnv ? { keyEnv } : {}), ...(baseURL ? { baseURL } : {}) });
      }
      return out;
    },

    reset(name?: string): void {
      if (name) providers.delete(name);
      else providers.clear();
    },
  };
}

function unknownProvider(name: string, known: string[]): PromptyardError {
  return new PromptyardError('unknown-provider', `unknown provider '${name}'`, {
    hint: `Known providers: ${known.join(', ')}. Add an OpenAI-compatible endpoint under \`endpoints:\` in promptyard.config.yaml.`,
    exitCode: 2,
  });
}

/** As the SDKs read their env variables: trimmed, empty means unset. */
export function readEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

/**
 * OLLAMA_HOST as Ollama reads it, plus `/v1`: `host` or `host:port` is http with port 11434 by default, a URL
 * keeps its scheme's default port; 0.0.0.0 (listen everywhere) means this machine.
 */
export function ollamaBaseURL(env: NodeJS.ProcessEnv): string {
  const raw = readEnv(env, 'OLLAMA_HOST') ?? OLLAMA_DEFAULT_HOST;
  const hasScheme = /^https?:\/\//i.test(raw);
  let url: URL;
  try {
    url = new URL(hasScheme ? raw : `http://${raw}`);
  } catch {
    throw new PromptyardError('invalid-ollama-host', `OLLAMA_HOST '${raw}' is not a host or URL`, {
      hint: 'Set OLLAMA_HOST to host:port (e.g. 127.0.0.1:11434) or a URL, or unset it.',
      exitCode: 2,
    });
  }
  if (!hasScheme && !url.port) url.port = '11434';
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/v1`;
}

function tryOllamaBaseURL(env: NodeJS.ProcessEnv): string | undefined {
  try {
    return ollamaBaseURL(env);
  } catch {
    return undefined;
  }
}

/** Where a key comes from, without returning it: the store's own answer when it has one, else by comparison. */
async function keySourceOf(secrets: SecretStore, name: string, envName: string, env: NodeJS.ProcessEnv): Promise<KeySource> {
  const withSource = secrets as SecretStore & { source?: (name: string) => Promise<{ source: KeySource }> };
  try {
    if (typeof withSource.source === 'function') return (await withSource.source(name)).source;
    const key = await secrets.get(name);
    if (!key) return 'none';
    return env[envName] === key ? 'env' : 'keychain';
  } catch {
    return 'none';
  }
}

// The SecretStore port over VS Code's SecretStorage (the OS keychain through Electron's safeStorage).
// Keys live under `promptyard.apiKey.<provider>`. A key stored in the editor wins; when there is none, the
// provider's environment variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, PROMPTYARD_<NAME>_API_KEY, or an
// endpoint's apiKeyEnv) is used, unless `promptyard.useEnvironmentKeys` is off. (The CLI reads env first:
// there the environment is set per command; in the editor it is whatever VS Code was started with.)
// No `vscode` here: SecretStorage is structural, so Node tests use a Map.
import type { SecretStore } from '../../core/ports';
import { registerSecret } from '../../core/redact';
import { readEnv } from '../../core/providers/registry';

export interface SecretStorageLike {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
}

export type KeyOrigin = 'keychain' | 'env' | 'none';

export const SECRET_PREFIX = 'promptyard.apiKey.';

export function secretName(provider: string): string {
  return `${SECRET_PREFIX}${provider}`;
}

/** The provider a SecretStorage key belongs to, or undefined for keys that are not ours. */
export function providerOfSecret(key: string): string | undefined {
  return key.startsWith(SECRET_PREFIX) ? key.slice(SECRET_PREFIX.length) : undefined;
}

export interface SecretStoreOptions {
  env: NodeJS.ProcessEnv;
  useEnvironment(): boolean;
  /** The environment variable that holds a provider's key. */
  envNameOf(provider: string): string;
}

export class ExtensionSecretStore implements SecretStore {
  constructor(
    private readonly storage: SecretStorageLike,
    private readonly options: SecretStoreOptions,
  ) {}

  async get(name: string): Promise<string | undefined> {
    const stored = await this.storage.get(secretName(name));
    if (stored) {
      registerSecret(stored);
      return stored;
    }
    const fromEnv = this.fromEnv(name);
    registerSecret(fromEnv);
    return fromEnv;
  }

  async set(name: string, value: string): Promise<void> {
    const key = value.trim();
    const problem = keyProblem(key);
    if (problem) throw new Error(problem);
    registerSecret(key);
    await this.storage.store(secretName(name), key);
  }

  async delete(name: string): Promise<boolean> {
    const had = (await this.storage.get(secretName(name))) !== undefined;
    await this.storage.delete(secretName(name));
    return had;
  }

  /** Where a key would come from, never the key (the provider registry asks this for its status). */
  async source(name: string): Promise<{ source: KeyOrigin }> {
    if (await this.storage.get(secretName(name))) return { source: 'keychain' };
    return { source: this.fromEnv(name) ? 'env' : 'none' };
  }

  private fromEnv(name: string): string | undefined {
    return this.options.useEnvironment() ? readEnv(this.options.env, this.options.envNameOf(name)) : undefined;
  }
}

/** Why a pasted value cannot be a key, or undefined. */
export function keyProblem(key: string): string | undefined {
  if (key.length === 0) return 'Paste the API key (it is stored in VS Code\'s secret storage).';
  if (/\s/.test(key)) return 'An API key has no spaces or line breaks: paste the key alone.';
  if (key.length < 8) return 'That is too short to be an API key.';
  if (key.length > 4_096) return 'That is too long to be an API key.';
  return undefined;
}

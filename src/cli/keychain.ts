// Keys for the CLI: environment variables win, then the OS keychain (Secret Service, macOS Keychain,
// Windows Credential Manager) through @napi-rs/keyring, loaded only when a key is actually needed.
import type { SecretStore } from '../core/ports';
import { PromptyardError } from '../core/errors';
import { registerSecret } from '../core/redact';
import { apiKeyEnvName, type PromptyardConfig } from '../core/config';

export const KEYCHAIN_SERVICE = 'promptyard';

export type KeySource = 'env' | 'keychain' | 'none';

type KeyringModule = typeof import('@napi-rs/keyring');
let keyringModule: Promise<KeyringModule> | undefined;

function loadKeyring(): Promise<KeyringModule> {
  keyringModule ??= import('@napi-rs/keyring').catch((cause: unknown) => {
    keyringModule = undefined;
    throw new PromptyardError('keychain-unavailable', 'the OS keychain binding could not be loaded on this platform.', {
      hint: 'Set the key in an environment variable instead (e.g. OPENAI_API_KEY).',
      cause,
    });
  });
  return keyringModule;
}

/** The OS keychain alone. On Linux it requires the Secret Service (no silent fall back to the session keyring). */
export class OsKeychain implements SecretStore {
  constructor(private readonly service = KEYCHAIN_SERVICE) {}

  private async entry(name: string) {
    const { AsyncEntry } = await loadKeyring();
    return new AsyncEntry(this.service, name, { linux: { store: 'secret-service' } });
  }

  async get(name: string): Promise<string | undefined> {
    try {
      const value = (await (await this.entry(name)).getPassword()) ?? undefined;
      registerSecret(value);
      return value;
    } catch (cause) {
      throw keychainError('read', cause);
    }
  }

  async set(name: string, value: string): Promise<void> {
    registerSecret(value);
    try {
      await (await this.entry(name)).setPassword(value);
    } catch (cause) {
      throw keychainError('write to', cause);
    }
  }

  async delete(name: string): Promise<boolean> {
    try {
      return await (await this.entry(name)).deleteCredential();
    } catch (cause) {
      throw keychainError('delete from', cause);
    }
  }
}

function keychainError(action: string, cause: unknown): PromptyardError {
  if (cause instanceof PromptyardError) return cause;
  return new PromptyardError('keychain-unavailable', `could not ${action} the OS keychain.`, {
    hint:
      process.platform === 'linux'
        ? 'Start a Secret Service (GNOME Keyring or KWallet) and unlock it, or set the key in an environment variable such as OPENAI_API_KEY.'
        : 'Unlock the keychain, or set the key in an environment variable such as OPENAI_API_KEY.',
    cause,
  });
}

/** Env first, then the keychain. Writes go to the keychain only. */
export class CliSecretStore implements SecretStore {
  constructor(
    private readonly config: PromptyardConfig,
    private readonly keychain: SecretStore = new OsKeychain(),
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  envName(name: string): string {
    return apiKeyEnvName(name, this.config.endpoints[name]);
  }

  async get(name: string): Promise<string | undefined> {
    const fromEnv = this.env[this.envName(name)];
    if (fromEnv) {
      registerSecret(fromEnv);
      return fromEnv;
    }
    try {
      return await this.keychain.get(name);
    } catch (e) {
      // No usable keychain reads as "no key": the caller's message then says how to set one.
      if (e instanceof PromptyardError && e.code === 'keychain-unavailable') return undefined;
      throw e;
    }
  }

  /** Where a key would come from, without revealing it. Keychain errors read as 'none' with the reason. */
  async source(name: string): Promise<{ source: KeySource; detail: string }> {
    const envName = this.envName(name);
    if (this.env[envName]) return { source: 'env', detail: envName };
    try {
      return (await this.keychain.get(name)) ? { source: 'keychain', detail: KEYCHAIN_SERVICE } : { source: 'none', detail: '' };
    } catch (e) {
      return { source: 'none', detail: e instanceof PromptyardError ? e.message : 'keychain unavailable' };
    }
  }

  set(name: string, value: string): Promise<void> {
    return this.keychain.set(name, value);
  }

  delete(name: string): Promise<boolean> {
    return this.keychain.delete(name);
  }
}

// Set API Key…, Clear API Key… and Show Providers. The key is typed into a password InputBox and goes
// straight to SecretStorage; it is never shown, logged, put in settings or sent to the webview.
import * as vscode from 'vscode';
import { BUILTIN_PROVIDERS } from '../../core/config';
import { PromptyardError } from '../../core/errors';
import type { ProviderStatus } from '../../shared/protocol';
import { COMMANDS } from '../commandIds';
import { TRUST_HINT } from '../endpoints';
import type { Services } from '../services';
import { keyProblem } from './secretStore';

interface ProviderPick extends vscode.QuickPickItem {
  provider: string;
}

/** Providers that take a key: OpenAI, Anthropic and the custom endpoints this workspace may use. */
function keyedProviders(services: Services): string[] {
  return ['openai', 'anthropic', ...Object.keys(services.config.endpoints).sort()];
}

/** The provider a key command was given, checked: a name from an untrusted workspace's settings is refused. */
function checkProvider(services: Services, provider: string): string {
  if (services.endpoints.ignored.includes(provider) && !services.config.endpoints[provider]) {
    throw new PromptyardError('untrusted-workspace', `The endpoint '${provider}' comes from this workspace's settings, which Promptyard ignores while the workspace is not trusted.`, {
      hint: TRUST_HINT,
    });
  }
  if (!keyedProviders(services).includes(provider)) {
    const known = keyedProviders(services).join(', ');
    if ((BUILTIN_PROVIDERS as readonly string[]).includes(provider)) throw new PromptyardError('no-key-needed', `Cannot store a key: ${provider} needs no key.`, { hint: `Keys are for ${known}.` });
    if (!services.trusted) {
      throw new PromptyardError('untrusted-workspace', `Cannot store a key: there is no provider '${provider}' here, and this workspace is not trusted, so endpoints from its settings are not used.`, { hint: TRUST_HINT });
    }
    throw new PromptyardError('unknown-provider', `Cannot store a key: there is no provider '${provider}'.`, { hint: `Keys are for ${known}; add custom endpoints under "promptyard.endpoints" in settings.` });
  }
  return provider;
}

async function pickProvider(services: Services, title: string, filter?: (status: ProviderStatus) => boolean): Promise<string | undefined> {
  const { providers } = await services.providerList();
  const items: ProviderPick[] = keyedProviders(services)
    .map((name) => providers.find((p) => p.name === name) ?? { name, kind: 'openai-compatible', keySource: 'none' as const })
    .filter((status) => !filter || filter(status))
    .map((status) => ({
      provider: status.name,
      label: status.name,
      description: keyLabel(status),
      detail: services.config.endpoints[status.name]?.baseURL,
    }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No key is stored in VS Code for any provider.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Pick a provider', ignoreFocusOut: true });
  return picked?.provider;
}

export async function setApiKey(services: Services, arg?: unknown): Promise<string | undefined> {
  const provider = typeof arg === 'string' ? checkProvider(services, arg) : await pickProvider(services, 'Promptyard: Set API Key');
  if (!provider) return undefined;
  const key = await vscode.window.showInputBox({
    title: `API key for ${provider}`,
    prompt: `Stored in VS Code's secret storage (your OS keychain); never in settings or files.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => keyProblem(value.trim()),
  });
  if (key === undefined) return undefined;
  await services.secrets.set(provider, key);
  services.registry.reset(provider);
  services.logger.info(`Stored a key for ${provider} in secret storage.`);
  void vscode.window.showInformationMessage(`Saved the ${provider} key in VS Code's secret storage.`);
  return provider;
}

export async function clearApiKey(services: Services, arg?: unknown): Promise<string | undefined> {
  const provider =
    typeof arg === 'string' ? checkProvider(services, arg) : await pickProvider(services, 'Promptyard: Clear API Key', (s) => s.keySource === 'secret-storage');
  if (!provider) return undefined;
  const had = await services.secrets.delete(provider);
  services.registry.reset(provider);
  const status = (await services.secrets.source(provider)).source;
  const still = status === 'env' ? ' A key from the environment is still used; unset it, or turn off "promptyard.useEnvironmentKeys".' : '';
  services.logger.info(`Cleared the ${provider} key from secret storage${had ? '' : ' (there was none)'}.`);
  void vscode.window.showInformationMessage(had ? `Removed the ${provider} key from VS Code's secret storage.${still}` : `No ${provider} key was stored in VS Code.${still}`);
  return provider;
}

/** Lists providers with where their keys come from; returns the list (for tests and other extensions' scripts). */
export async function showProviders(services: Services): Promise<ProviderStatus[]> {
  const { providers } = await services.providerList(true);
  const ignored: ProviderStatus[] = services.endpoints.ignored.map((name) => ({
    name,
    kind: 'openai-compatible',
    keySource: 'none',
    detail: 'ignored: defined in this untrusted workspace\'s settings',
  }));
  const all = [...providers, ...ignored];
  for (const p of all) services.logger.info(`provider ${p.name} (${p.kind}): ${keyLabel(p)}${p.detail ? `; ${p.detail}` : ''}`);
  const items: ProviderPick[] = all.map((p) => ({ provider: p.name, label: p.name, description: keyLabel(p), detail: p.detail }));
  void vscode.window.showQuickPick(items, { title: 'Promptyard: Providers', placeHolder: 'Pick one to set its key' }).then((picked) => {
    if (picked && keyedProviders(services).includes(picked.provider)) void vscode.commands.executeCommand(COMMANDS.setApiKey, picked.provider);
  });
  return all;
}

function keyLabel(status: ProviderStatus): string {
  switch (status.keySource) {
    case 'secret-storage':
      return '$(key) key set';
    case 'env':
      return '$(terminal) key from the environment';
    case 'not-needed':
      return 'no key needed';
    default:
      return 'no key';
  }
}

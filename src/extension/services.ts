// The composition root of the features bundle: VS Code adapters for the engine's ports (SecretStore over
// context.secrets, Logger over the LogOutputChannel), the configuration from settings behind the Workspace
// Trust gate, and the provider registry, rebuilt when settings or trust change and reset when a key does.
import * as vscode from 'vscode';
import { apiKeyEnvName, defaultConfig, type PromptyardConfig } from '../core/config';
import { isPromptyardError, PromptyardError } from '../core/errors';
import type { Logger } from '../core/ports';
import type { DownloadProgress } from '../core/providers/download';
import { createProviderRegistry, type ProviderRegistry, type ResolvedModel } from '../core/providers/registry';
import type { ModelOption, ProviderStatus } from '../shared/protocol';
import type { ChatResult } from '../shared/types';
import { affectsSettings, inspectEndpoints, readSettings, type Settings } from './config';
import { DownloadNotice, type Notice } from './downloadNotice';
import { resolveEndpoints, trustRefusal, TRUST_HINT, type ResolvedEndpoints } from './endpoints';
import { createLogger } from './logger';
import { listProviders, type ProviderList } from './secrets/providerList';
import { ExtensionSecretStore, providerOfSecret } from './secrets/secretStore';

interface State {
  settings: Settings;
  endpoints: ResolvedEndpoints;
  config: PromptyardConfig;
  registry: ProviderRegistry;
}

export class Services implements vscode.Disposable {
  readonly logger: Logger;
  readonly secrets: ExtensionSecretStore;
  private state: State;
  private models: Promise<ProviderList> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Keys, settings or trust changed: model lists are stale. */
  readonly onDidChangeProviders = this.changed.event;
  private readonly spent = new vscode.EventEmitter<ChatResult>();
  /** A model call of the playground (or Run Prompt File) finished: the spend status counts it. */
  readonly onDidSpend = this.spent.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly context: vscode.ExtensionContext,
    channel: vscode.LogOutputChannel,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.logger = createLogger(channel);
    this.secrets = new ExtensionSecretStore(context.secrets, {
      env,
      useEnvironment: () => this.state.settings.useEnvironmentKeys,
      envNameOf: (name) => apiKeyEnvName(name, this.state.config.endpoints[name]),
    });
    this.state = this.build();
    this.disposables.push(
      this.changed,
      this.spent,
      vscode.workspace.onDidChangeConfiguration((e) => affectsSettings(e) && this.rebuild('settings changed')),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.rebuild('the workspace is now trusted')),
      context.secrets.onDidChange((e) => {
        const provider = providerOfSecret(e.key);
        if (provider === undefined) return;
        this.state.registry.reset(provider);
        this.invalidate();
      }),
    );
  }

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  get settings(): Settings {
    return this.state.settings;
  }

  get config(): PromptyardConfig {
    return this.state.config;
  }

  get registry(): ProviderRegistry {
    return this.state.registry;
  }

  get endpoints(): ResolvedEndpoints {
    return this.state.endpoints;
  }

  /** A model id to its provider, refusing what an untrusted workspace must not use (even through executeCommand). */
  async resolveModel(modelId: string): Promise<ResolvedModel> {
    const refusal = trustRefusal(modelId, this.trusted, this.state.endpoints);
    if (refusal) throw new PromptyardError('untrusted-workspace', refusal, { hint: TRUST_HINT });
    try {
      return await this.state.registry.resolve(modelId);
    } catch (error) {
      // VS Code itself withholds workspace values of `promptyard.endpoints` in Restricted Mode
      // (restrictedConfigurations), so an endpoint defined there looks unknown: say why.
      if (!this.trusted && isPromptyardError(error) && error.code === 'unknown-provider') {
        throw new PromptyardError('untrusted-workspace', `${error.message}: this workspace is not trusted, so endpoints from its settings are not used.`, { hint: TRUST_HINT, cause: error });
      }
      throw error;
    }
  }

  reportSpend(result: ChatResult): void {
    this.spent.fire(result);
  }

  /** Providers (with key sources) and the models that can run; cached until something changes or `refresh`. */
  providerList(refresh = false): Promise<ProviderList> {
    if (refresh || !this.models) {
      const { registry, config, settings } = this.state;
      const list = listProviders({ registry, config, detectOllama: settings.ollamaDetect, askEndpoints: true });
      this.models = list;
      list.catch(() => {
        if (this.models === list) this.models = undefined;
      });
    }
    return this.models;
  }

  /** The playground's model list; `promptyard.defaultModel` first when it can run (the view picks the first one). */
  async modelOptions(refresh = false): Promise<{ models: ModelOption[]; providers: ProviderStatus[] }> {
    const { models, providers } = await this.providerList(refresh);
    const preferred = models.find((m) => m.id === this.state.settings.defaultModel && !m.unavailable);
    return { models: preferred ? [preferred, ...models.filter((m) => m !== preferred)] : models, providers };
  }

  dispose(): void {
    this.downloadNotice.close();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private lastProgressLog = 0;
  private readonly downloadNotice = new DownloadNotice(() => progressNotification('Promptyard: downloading the local model'));

  /** The local model's first download: a progress notification, and a log line every few seconds. */
  private downloadProgress(p: DownloadProgress): void {
    this.downloadNotice.update(p);
    const now = Date.now();
    if (now - this.lastProgressLog < 3_000 && p.received !== p.total) return;
    this.lastProgressLog = now;
    const mb = (n: number) => `${(n / 1_048_576).toFixed(0)} MB`;
    this.logger.info(`Downloading the local model: ${mb(p.received)}${p.total ? ` of ${mb(p.total)}` : ''}`);
  }

  private rebuild(why: string): void {
    this.logger.info(`Reloading providers: ${why}`);
    this.state = this.build();
    this.invalidate();
  }

  private invalidate(): void {
    this.models = undefined;
    this.changed.fire();
  }

  private build(): State {
    const settings = readSettings();
    const endpoints = resolveEndpoints(inspectEndpoints(), vscode.workspace.isTrusted);
    for (const problem of endpoints.problems) this.logger.warn(problem);
    if (endpoints.ignored.length > 0) {
      this.logger.warn(`Workspace Trust: ignoring endpoints from this workspace's settings: ${endpoints.ignored.join(', ')}. ${TRUST_HINT}`);
    }
    const config = defaultConfig();
    if (settings.defaultModel) config.defaultModel = settings.defaultModel;
    config.endpoints = endpoints.endpoints;
    config.requests = { ...settings.requests };
    if (settings.localModel) config.local = { model: expandHome(settings.localModel, this.env) };
    const registry = createProviderRegistry({
      config,
      secrets: this.secrets,
      env: this.env,
      logger: this.logger,
      onDownloadProgress: (p) => this.downloadProgress(p),
    });
    return { settings, endpoints, config, registry };
  }
}

/** A notification with a progress bar until close(). */
function progressNotification(title: string): Notice {
  let progress: vscode.Progress<{ message?: string; increment?: number }> | undefined;
  let finish: (() => void) | undefined;
  let closed = false;
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, (p) =>
    new Promise<void>((resolve) => {
      progress = p;
      finish = resolve;
      if (closed) resolve();
    }),
  );
  return {
    report: (message, increment) => progress?.report({ message, increment }),
    close: () => {
      closed = true;
      finish?.();
    },
  };
}

function expandHome(file: string, env: NodeJS.ProcessEnv): string {
  return file.startsWith('~/') && env.HOME ? `${env.HOME}/${file.slice(2)}` : file;
}

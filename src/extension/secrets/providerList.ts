// The providers and their models as the playground's model picker and "Show Providers" see them: where each
// key comes from (never the key), whether Ollama answers on this machine, and which models can run now.
// No `vscode` here: the registry and the settings are passed in.
import type { PromptyardConfig } from '../../core/config';
import type { ConfiguredProvider, ProviderRegistry } from '../../core/providers/registry';
import type { ModelOption, ProviderStatus } from '../../shared/protocol';

export interface ProviderListOptions {
  registry: ProviderRegistry;
  config: PromptyardConfig;
  /** Ask Ollama on this machine for its models (`promptyard.ollama.detect`). */
  detectOllama: boolean;
  /** Ask custom endpoints for their models. */
  askEndpoints: boolean;
  /** Deadline of each probe, ms. */
  probeMs?: number;
}

export interface ProviderList {
  providers: ProviderStatus[];
  models: ModelOption[];
}

const SET_KEY = 'no API key: run "Promptyard: Set API Key…"';

export async function listProviders(options: ProviderListOptions): Promise<ProviderList> {
  const configured = await options.registry.configuredProviders();
  const entries = await Promise.all(configured.map((p) => describe(p, options)));
  return { providers: entries.map((e) => e.status), models: entries.flatMap((e) => e.models) };
}

async function describe(p: ConfiguredProvider, options: ProviderListOptions): Promise<{ status: ProviderStatus; models: ModelOption[] }> {
  const keySource: ProviderStatus['keySource'] = !p.keyEnv ? 'not-needed' : p.keySource === 'keychain' ? 'secret-storage' : p.keySource;
  const missingKey = p.keyRequired && p.keySource === 'none';
  const option = (id: string): ModelOption => ({ id, provider: p.name, ...(missingKey ? { unavailable: SET_KEY } : {}) });
  switch (p.kind) {
    case 'openai':
    case 'anthropic': {
      const ids = options.registry.catalog.knownModels(p.name);
      return { status: { name: p.name, kind: p.kind, keySource, detail: keyDetail(p) }, models: ids.map(option) };
    }
    case 'ollama': {
      if (!options.detectOllama) return { status: { name: p.name, kind: p.kind, keySource, detail: 'detection is off ("promptyard.ollama.detect")' }, models: [] };
      const found = await probe(options, p.name);
      const where = p.baseURL ?? 'this machine';
      const detail = found.ok ? `running at ${where}, ${plural(found.ids.length, 'model')}` : `not running at ${where} (start it with \`ollama serve\`)`;
      return { status: { name: p.name, kind: p.kind, keySource, detail }, models: found.ids.map(option) };
    }
    case 'local': {
      const detail = options.config.local.model ? `runs ${options.config.local.model} on this machine` : 'runs on this machine; the recommended model downloads on first use';
      return { status: { name: p.name, kind: p.kind, keySource, detail }, models: [option('local/default')] };
    }
    case 'openai-compatible': {
      const endpoint = options.config.endpoints[p.name];
      const listed = (endpoint?.models ?? []).map((m) => `${p.name}/${m}`);
      const found = options.askEndpoints && !missingKey ? await probe(options, p.name) : { ok: false, ids: [] as string[] };
      const ids = [...new Set([...listed, ...found.ids])];
      const reach = options.askEndpoints && !missingKey ? (found.ok ? 'reachable' : 'not reachable') : '';
      const detail = [p.baseURL, reach, keyDetail(p)].filter(Boolean).join(', ');
      return { status: { name: p.name, kind: p.kind, keySource, detail }, models: ids.map(option) };
    }
  }
}

async function probe(options: ProviderListOptions, name: string): Promise<{ ok: boolean; ids: string[] }> {
  try {
    const provider = await options.registry.provider(name);
    if (!provider.listModels) return { ok: true, ids: [] };
    const models = await provider.listModels({ deadlineMs: options.probeMs ?? 800 });
    return { ok: true, ids: models.map((m) => m.id).sort() };
  } catch {
    return { ok: false, ids: [] };
  }
}

function keyDetail(p: ConfiguredProvider): string {
  if (p.keySource === 'keychain') return "key in VS Code's secret storage";
  if (p.keySource === 'env') return `key from ${p.keyEnv}`;
  return p.keyRequired ? SET_KEY : 'no key (optional)';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

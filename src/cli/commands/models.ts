// `promptyard models`: the providers, whether each is ready (key, reachable), and the models to use.
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command, CliContext } from '../context';
import { createRegistry } from '../engine';
import { err, out } from '../output';
import type { ConfiguredProvider, ProviderRegistry } from '../../core/providers/registry';
import { localModelsDir, RECOMMENDED_LOCAL_MODEL } from '../../core/providers/localModels';

interface ProviderReport {
  name: string;
  kind: string;
  ready: boolean;
  status: string;
  baseURL?: string;
  models: string[];
}

export const modelsCommand: Command = {
  name: 'models',
  summary: 'list configured providers and the models you can run',
  help: `Usage: promptyard models [--json] [--offline]

Lists every provider (openai, anthropic, ollama, local and the endpoints in promptyard.config.yaml),
whether it is ready to use (a key set, the server reachable) and its models as provider/model ids.

Options:
  --json      print the list as JSON
  --offline   do not ask Ollama or custom endpoints for their models`,
  options: { json: { type: 'boolean' }, offline: { type: 'boolean' } },
  async run(args, ctx) {
    const registry = await createRegistry(ctx);
    const reports: ProviderReport[] = [];
    for (const p of await registry.configuredProviders()) reports.push(await describe(p, registry, ctx, args.values.offline === true));
    if (args.values.json) {
      out.json(reports);
      return 0;
    }
    for (const r of reports) {
      out.line(`${err.bold(r.name)}  ${r.ready ? 'ready' : 'not ready'}: ${r.status}${r.baseURL ? `  (${r.baseURL})` : ''}`);
      for (const m of r.models) out.line(`  ${m}`);
    }
    return 0;
  },
};

async function describe(p: ConfiguredProvider, registry: ProviderRegistry, ctx: CliContext, offline: boolean): Promise<ProviderReport> {
  const base = { name: p.name, kind: p.kind, ...(p.baseURL ? { baseURL: p.baseURL } : {}) };
  if (p.kind === 'local') return describeLocal(ctx);
  const keyStatus = p.keySource === 'env' ? `key from ${p.keyEnv}` : p.keySource === 'keychain' ? 'key in the OS keychain' : '';
  if (p.kind === 'openai' || p.kind === 'anthropic') {
    const ready = p.keySource !== 'none';
    const status = ready ? keyStatus : `no key: run \`promptyard keys set ${p.name}\` or set ${p.keyEnv}`;
    return { ...base, ready, status, models: registry.catalog.knownModels(p.name) };
  }
  const config = await ctx.config();
  const listed = config.endpoints[p.name]?.models?.map((m) => `${p.name}/${m}`) ?? [];
  if (offline) return { ...base, ready: true, status: `${keyStatus || 'no key'}; not asked (--offline)`, models: listed };
  try {
    const provider = await registry.provider(p.name);
    const remote = provider.listModels ? await provider.listModels({ deadlineMs: 1500 }) : [];
    const models = [...new Set([...listed, ...remote.map((m) => m.id)])];
    return { ...base, ready: true, status: [keyStatus, `reachable, ${remote.length} models`].filter(Boolean).join('; '), models };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const tip = p.kind === 'ollama' ? 'start Ollama (`ollama serve`) or set OLLAMA_HOST' : 'check its baseURL and key';
    return { ...base, ready: false, status: `not reachable (${reason}): ${tip}`, models: listed };
  }
}

async function describeLocal(ctx: CliContext): Promise<ProviderReport> {
  const config = await ctx.config();
  const dir = localModelsDir(config.local, { cwd: ctx.cwd });
  const files = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.gguf')) : [];
  const models = ['local/default'];
  if (config.local.model) models.push(`local/${config.local.model}`);
  for (const f of files) models.push(`local/${path.join(dir, f)}`);
  const recommended = files.includes(RECOMMENDED_LOCAL_MODEL.file);
  const status = config.local.model
    ? `local/default runs ${config.local.model}`
    : recommended
      ? `local/default runs ${RECOMMENDED_LOCAL_MODEL.name} (downloaded)`
      : `local/default downloads ${RECOMMENDED_LOCAL_MODEL.name} (${Math.round(RECOMMENDED_LOCAL_MODEL.sizeBytes / 1e6)} MB) on first use`;
  return { name: 'local', kind: 'local', ready: true, status, models: [...new Set(models)] };
}

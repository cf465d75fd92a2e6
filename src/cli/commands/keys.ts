// `promptyard keys set|list|delete <provider>`: keys in the OS keychain; env variables win; never printed.
import { isValidProviderName } from '../../shared/modelId';

import { PromptyardError } from '../../core/errors';
import type { Command, CliContext } from '../context';
import { err, out } from '../output';
import { readSecret } from '../readSecret';

const HELP = `Usage:
  promptyard keys set <provider>      store a key in the OS keychain (typed hidden, or piped on stdin)
  promptyard keys list [--json]       show which providers have a key and where it comes from
  promptyard keys delete <provider>   remove a key from the OS keychain

Providers: openai, anthropic, and the endpoints named in promptyard.config.yaml.
Environment variables win over the keychain: OPENAI_API_KEY, ANTHROPIC_API_KEY,
PROMPTYARD_<ENDPOINT>_API_KEY (or the endpoint's apiKeyEnv).

Examples:
  promptyard keys set anthropic
  printenv OPENAI_API_KEY | promptyard keys set openai`;

export const keysCommand: Command = {
  name: 'keys',
  summary: 'store, list and delete API keys in the OS keychain',
  help: HELP,
  options: { json: { type: 'boolean' } },
  async run({ values, positionals }, ctx) {
    const [action, provider, ...extra] = positionals;
    if (extra.length) throw usage(`unexpected argument '${extra[0]}'`);
    switch (action) {
      case 'set':
        return setKey(requireProvider(provider, 'set'), ctx);
      case 'delete':
        return deleteKey(requireProvider(provider, 'delete'), ctx);
      case 'list':
        if (provider) throw usage(`'keys list' takes no provider`);
        return listKeys(ctx, values.json === true);
      default:
        throw usage(action ? `unknown action '${action}'` : 'missing action');
    }
  },
};

function usage(message: string): PromptyardError {
  return new PromptyardError('usage', `${message}.`, { hint: 'Run `promptyard keys --help`.' });
}

function requireProvider(provider: string | undefined, action: string): string {
  if (!provider) throw usage(`'keys ${action}' needs a provider, e.g. openai or anthropic`);
  if (!isValidProviderName(provider)) throw usage(`'${provider}' is not a provider name`);
  if (provider === 'local') throw usage('the local provider needs no key');
  return provider;
}

async function knownProviders(ctx: CliContext): Promise<string[]> {
  const config = await ctx.config();
  return ['openai', 'anthropic', ...Object.keys(config.endpoints)];
}

async function setKey(provider: string, ctx: CliContext): Promise<number> {
  const known = await knownProviders(ctx);
  if (!known.includes(provider) && provider !== 'ollama') {
    ctx.logger.warn(`'${provider}' is neither a built-in provider nor an endpoint in promptyard.config.yaml; storing the key anyway.`);
  }
  const secrets = await ctx.secrets();
  const key = await readSecret(`API key for ${provider} (input hidden): `);
  await secrets.set(provider, key);
  const envName = secrets.envName(provider);
  err.line(`Stored the ${provider} key in the OS keychain.`);
  if (process.env[envName]) ctx.logger.warn(`${envName} is set in this environment and wins over the keychain.`);
  return 0;
}

async function deleteKey(provider: string, ctx: CliContext): Promise<number> {
  const secrets = await ctx.secrets();
  const deleted = await secrets.delete(provider);
  err.line(deleted ? `Deleted the ${provider} key from the OS keychain.` : `No ${provider} key was in the OS keychain.`);
  const envName = secrets.envName(provider);
  if (process.env[envName]) ctx.logger.warn(`${envName} is still set in this environment.`);
  return 0;
}

async function listKeys(ctx: CliContext, json: boolean): Promise<number> {
  const secrets = await ctx.secrets();
  const rows = [];
  for (const provider of await knownProviders(ctx)) {
    const { source, detail } = await secrets.source(provider);
    rows.push({ provider, source, detail, envVar: secrets.envName(provider) });
  }
  if (json) {
    out.json(rows);
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.provider.length));
  for (const r of rows) {
    const where =
      r.source === 'env' ? `set (environment ${r.detail})` : r.source === 'keychain' ? 'set (OS keychain)' : `not set${r.detail ? ` (${r.detail})` : ''}: run \`promptyard keys set ${r.provider}\` or set ${r.envVar}`;
    out.line(`${r.provider.padEnd(width)}  ${where}`);
  }
  out.line(`${'local'.padEnd(width)}  no key needed`);
  return 0;
}

// Model ids in a prompt file against what can run here: the provider must be configured, and OpenAI and
// Anthropic models must be in the dated price table (a newer model may run, but nobody can price it).
// Also the one-line and Markdown descriptions of a model used by completion and hover.
import { levenshteinWithin } from '../evals/assertions/levenshtein';
import type { Catalog } from '../providers/catalog';
import { parseModelId } from '../../shared/modelId';
import type { AnalysisContext } from './analysisContext';

/** Providers whose models the price table lists; other providers' model names are not checked. */
export const CATALOG_PROVIDERS: readonly string[] = ['openai', 'anthropic'];
const PROVIDER_NAMES: Record<string, string> = { openai: 'OpenAI', anthropic: 'Anthropic' };

export interface ModelProblem {
  code: 'unknown-provider' | 'unknown-model';
  message: string;
  /** Model ids to offer as replacements, nearest first. */
  replacements: string[];
}

export function checkModelId(id: string, context: AnalysisContext): ModelProblem | undefined {
  const ref = parseModelId(id);
  if (!ref) return undefined;
  if (!context.providers.includes(ref.provider)) {
    const near = closestNames(ref.provider, context.providers, 2);
    const did = near.length ? ` Did you mean ${near.map((p) => `"${p}"`).join(' or ')}?` : '';
    return {
      code: 'unknown-provider',
      message:
        `Unknown provider "${ref.provider}": the providers here are ${context.providers.join(', ')}.${did} ` +
        'Add an OpenAI-compatible endpoint of that name in the "promptyard.endpoints" setting, or use one of these.',
      replacements: near.map((p) => `${p}/${ref.model}`),
    };
  }
  if (!CATALOG_PROVIDERS.includes(ref.provider) || context.catalog.lookup(id)) return undefined;
  const known = knownModelIds(context.catalog, ref.provider);
  const near = closestNames(ref.model, known.map((k) => k.slice(ref.provider.length + 1)), 3).map((m) => `${ref.provider}/${m}`);
  const did = near.length ? ` Did you mean ${near.join(', ')}?` : ` Known: ${known.slice(0, 6).join(', ')}…`;
  return {
    code: 'unknown-model',
    message:
      `"${id}" is not a known ${PROVIDER_NAMES[ref.provider] ?? ref.provider} model.${did} ` +
      `Known models come from the price table of ${context.catalog.table.pricedAt}; a newer model may run, but its cost is not counted.`,
    replacements: near,
  };
}

/** The catalog's model ids of a provider, dated aliases included. */
export function knownModelIds(catalog: Catalog, provider: string): string[] {
  const aliases = Object.keys(catalog.table.aliases).filter((id) => id.startsWith(`${provider}/`));
  return [...new Set([...catalog.knownModels(provider), ...aliases])].sort();
}

/** Up to `limit` candidates nearest to `word` by edit distance, nearest first; none when nothing is close. */
export function closestNames(word: string, candidates: readonly string[], limit: number): string[] {
  const lower = word.toLowerCase();
  const max = Math.max(2, Math.ceil(lower.length / 3));
  return candidates
    .map((candidate) => ({ candidate, d: levenshteinWithin(lower, candidate.toLowerCase(), max) }))
    .filter((x) => x.d <= max)
    .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((x) => x.candidate);
}

/** `128K context · $0.15 in / $0.60 out per 1M` for completion items; empty when the model is not priced. */
export function modelSummary(id: string, catalog: Catalog): string {
  const found = catalog.lookup(id);
  if (!found) return '';
  const { price } = found;
  if (price.input === 0 && price.output === 0 && !price.contextWindow) return 'no cost';
  const window = price.contextWindow ? `${compact(price.contextWindow)} context · ` : '';
  return `${window}${dollars(price.input)} in / ${dollars(price.output)} out per 1M tokens`;
}

/** The hover of a model id: context window and prices with the date of the table they come from. */
export function modelMarkdown(id: string, context: AnalysisContext): string {
  const lines = [`**${id}**`];
  const ref = parseModelId(id);
  const found = context.catalog.lookup(id);
  if (!ref) return `${lines[0]}\n\nNot a model id: write provider/model, e.g. openai/gpt-4o-mini.`;
  if (!context.providers.includes(ref.provider)) lines.push(`Provider "${ref.provider}" is not configured here.`);
  if (!found) {
    lines.push('Not in the price table: it may run, but its cost is not counted.');
    return lines.join('\n\n');
  }
  const { price, pricedAt } = found;
  if (price.contextWindow) lines.push(`Context window: ${price.contextWindow.toLocaleString('en-US')} tokens`);
  if (price.input === 0 && price.output === 0) {
    lines.push('Runs without a per-token cost.');
    return lines.join('\n\n');
  }
  const cached = price.cachedInput !== undefined ? ` · cached input ${dollars(price.cachedInput)}` : '';
  const source = pricedAt === 'override' ? 'your price override' : `price table of ${pricedAt}`;
  lines.push(`Price per 1M tokens: input ${dollars(price.input)}${cached} · output ${dollars(price.output)} (${source})`);
  return lines.join('\n\n');
}

function dollars(n: number): string {
  return `$${n < 0.1 && n > 0 ? n.toFixed(3).replace(/0$/, '') : n.toFixed(2)}`;
}

function compact(tokens: number): string {
  if (tokens >= 1_000_000) return `${(tokens / 1_000_000).toFixed(tokens % 1_000_000 ? 1 : 0)}M`;
  return `${Math.round(tokens / 1000)}K`;
}

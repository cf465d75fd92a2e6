// The dated price table (data/prices.json) with the user's overrides from promptyard.config.yaml on top.
// Local and Ollama models cost 0; a model the table does not know has no cost, never a guess.
import type { Cost, Usage } from '../../shared/types';
import type { ModelPrice } from '../config';
import { PromptyardError } from '../errors';
import { computeCost } from './cost';
import type { ModelCatalog } from './types';
import bundledTable from '../../../data/prices.json';

export interface PriceTable {
  /** YYYY-MM-DD. */
  pricedAt: string;
  currency: string;
  unit: string;
  /** Providers whose models cost nothing. */
  free: string[];
  models: Record<string, ModelPrice>;
  /** Dated snapshot ids to the entry they share a price with. */
  aliases: Record<string, string>;
}

export interface PriceLookup {
  price: ModelPrice;
  /** The table's date, or 'override'. */
  pricedAt: string;
}

export interface Catalog extends ModelCatalog {
  readonly table: PriceTable;
  lookup(modelId: string): PriceLookup | undefined;
  /** Priced model ids, optionally of one provider. */
  knownModels(provider?: string): string[];
}

let defaultTable: PriceTable | undefined;

export function defaultPriceTable(): PriceTable {
  return (defaultTable ??= parsePriceTable(bundledTable, 'data/prices.json'));
}

export function createCatalog(overrides: Record<string, ModelPrice> = {}, table: PriceTable = defaultPriceTable()): Catalog {
  const free = new Set(table.free);
  const lookup = (modelId: string): PriceLookup | undefined => {
    const override = overrides[modelId];
    if (override) return { price: override, pricedAt: 'override' };
    const entry = table.models[modelId] ?? table.models[table.aliases[modelId] ?? ''];
    if (entry) return { price: entry, pricedAt: table.pricedAt };
    const provider = modelId.slice(0, modelId.indexOf('/'));
    if (free.has(provider)) return { price: { input: 0, output: 0, cachedInput: 0 }, pricedAt: table.pricedAt };
    return undefined;
  };
  return {
    table,
    lookup,
    cost(modelId: string, usage: Usage): Cost | undefined {
      const found = lookup(modelId);
      return found ? computeCost(usage, found.price, found.pricedAt) : undefined;
    },
    contextWindow(modelId: string): number | undefined {
      return lookup(modelId)?.price.contextWindow;
    },
    knownModels(provider?: string): string[] {
      const ids = new Set([...Object.keys(table.models), ...Object.keys(overrides)]);
      return [...ids].filter((id) => !provider || id.startsWith(`${provider}/`)).sort();
    },
  };
}

/** Checks the shape of a price table; errors name the file and the entry. */
export function parsePriceTable(json: unknown, file: string): PriceTable {
  const fail = (message: string): never => {
    throw new PromptyardError('invalid-price-table', `${file}: ${message}`, { hint: 'Fix the price table or remove the override.' });
  };
  const t = json as Partial<PriceTable> | null;
  if (!t || typeof t !== 'object') fail('not a JSON object');
  if (typeof t!.pricedAt !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(t!.pricedAt)) fail('pricedAt must be a date, YYYY-MM-DD');
  if (!t!.models || typeof t!.models !== 'object') fail('models must be an object keyed by model id');
  const models: Record<string, ModelPrice> = {};
  for (const [id, p] of Object.entries(t!.models as Record<string, Partial<ModelPrice>>)) {
    if (!id.includes('/')) fail(`'${id}' must be a full model id, provider/model`);
    const numbers = [p.input, p.output, p.cachedInput ?? 0, p.contextWindow ?? 0];
    if (typeof p.input !== 'number' || typeof p.output !== 'number' || numbers.some((n) => typeof n !== 'number' || !(n >= 0))) {
      fail(`'${id}' needs input and output prices of 0 or more`);
    }
    models[id] = p as ModelPrice;
  }
  return {
    pricedAt: t!.pricedAt!,
    currency: t!.currency ?? 'USD',
    unit: t!.unit ?? 'per 1M tokens',
    free: Array.isArray(t!.free) ? t!.free.map(String) : [],
    models,
    aliases: (t!.aliases as Record<string, string> | undefined) ?? {},
  };
}

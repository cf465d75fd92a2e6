// What the editor analysis knows beyond the text: which providers can run here and the model catalog.
import { BUILTIN_PROVIDERS } from '../config';
import { createCatalog, type Catalog } from '../providers/catalog';

export interface AnalysisContext {
  /** Provider names that can run: the built-ins and the configured endpoints. */
  providers: readonly string[];
  /** Prices, context windows and the known models of OpenAI and Anthropic. */
  catalog: Catalog;
  /** Model ids to offer besides the catalog's, e.g. those listed under configured endpoints. */
  models?: readonly string[];
}

let fallback: AnalysisContext | undefined;

/** The built-in providers and the bundled price table (the CLI's view without a config file). */
export function defaultAnalysisContext(): AnalysisContext {
  return (fallback ??= { providers: [...BUILTIN_PROVIDERS], catalog: createCatalog(), models: ['local/default'] });
}

// One analysis per prompt document version, shared by diagnostics, quick fixes, completion and hovers, and
// the context it runs in: the providers and models the services know (rebuilt when settings, keys or trust
// change). Documents past MAX_CHARS are not analysed: the extension host must not stall on a huge file.
import type * as vscode from 'vscode';
import { BUILTIN_PROVIDERS } from '../../core/config';
import { analyzePromptText, type PromptAnalysis } from '../../core/prompts/analyze';
import type { AnalysisContext } from '../../core/prompts/analysisContext';
import type { Services } from '../services';

const MAX_CHARS = 2_000_000;

export class PromptAnalyses {
  private readonly cache = new Map<string, { version: number; analysis: PromptAnalysis }>();
  private currentContext: AnalysisContext | undefined;

  constructor(private readonly services: Services) {}

  get context(): AnalysisContext {
    return (this.currentContext ??= analysisContext(this.services));
  }

  /** The analysis of the document as it is now; undefined for a document too large to analyse. */
  get(document: vscode.TextDocument): PromptAnalysis | undefined {
    const key = document.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === document.version) return hit.analysis;
    const text = document.getText();
    if (text.length > MAX_CHARS) return undefined;
    const analysis = analyzePromptText(text, document.uri.fsPath || document.uri.path, this.context);
    this.cache.set(key, { version: document.version, analysis });
    return analysis;
  }

  forget(document: vscode.TextDocument): void {
    this.cache.delete(document.uri.toString());
  }

  /** Providers or models changed: every analysis is stale. */
  reset(): void {
    this.currentContext = undefined;
    this.cache.clear();
  }
}

export function analysisContext(services: Services): AnalysisContext {
  const endpoints = services.config.endpoints;
  const listed = Object.entries(endpoints).flatMap(([name, endpoint]) => (endpoint.models ?? []).map((model) => `${name}/${model}`));
  return {
    providers: [...BUILTIN_PROVIDERS, ...Object.keys(endpoints)],
    catalog: services.registry.catalog,
    models: ['local/default', ...listed],
  };
}

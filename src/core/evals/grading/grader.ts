// The Grader over the provider registry: any configured model grades (openai, anthropic, ollama, local,
// named OpenAI-compatible endpoints). Verdicts are asked for as JSON through the provider's structured
// output (json_schema); a model whose endpoint rejects that request is asked again once without it, and
// remembered. Costs come from the provider's result or, failing that, the catalog. Totals are kept.
import type { ChatMessage, ChatResult, ResponseFormat, Usage } from '../../../shared/types';
import { parseModelId } from '../../../shared/modelId';
import { PromptyardError, ProviderError } from '../../errors';
import type { ProviderRegistry } from '../../providers/registry';
import type { ModelCatalog } from '../../providers/types';
import type { Grader } from '../types';

export interface GraderOptions {
  registry: ProviderRegistry;
  /** The chat model for model-graded assertions that name none (`provider/model`). */
  defaultModelId: string;
  /** The embedding model for `similar` and answer-relevance; default by provider (see defaultEmbeddingModel). */
  embeddingModelId?: string;
  /** Prices for results that carry no cost; default the registry's catalog. */
  catalog?: ModelCatalog;
  /** Overall deadline of one grading call in ms; default the registry's. */
  deadlineMs?: number;
}

export interface GradingTotals {
  calls: number;
  usage: Usage;
  /** US dollars of the priced calls. */
  cost: number;
  /** Models that graded without a known price. */
  unpricedModels: string[];
}

export interface RegistryGrader extends Grader {
  readonly embeddingModelId?: string;
  /** Calls, tokens and cost spent grading so far. */
  totals(): GradingTotals;
}

/** An embedding model on the same provider as a chat model, where the provider has an obvious one. */
export function defaultEmbeddingModel(chatModelId: string): string | undefined {
  const provider = parseModelId(chatModelId)?.provider;
  if (provider === 'openai') return 'openai/text-embedding-3-small';
  if (provider === 'ollama') return 'ollama/nomic-embed-text';
  return undefined;
}

export function createGrader(options: GraderOptions): RegistryGrader {
  const { registry } = options;
  const catalog = options.catalog ?? registry.catalog;
  const embeddingModelId = options.embeddingModelId ?? defaultEmbeddingModel(options.defaultModelId);
  const withoutStructuredOutput = new Set<string>();
  const unpriced = new Set<string>();
  const totals = { calls: 0, usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 }, cost: 0 };

  async function call(modelId: string, messages: ChatMessage[], responseFormat: ResponseFormat | undefined, signal?: AbortSignal): Promise<ChatResult> {
    const { provider, model } = await registry.resolve(modelId);
    const callOptions = { signal, ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}) };
    return provider.complete({ model, messages, ...(responseFormat ? { responseFormat } : {}) }, callOptions);
  }

  function record(modelId: string, result: ChatResult): ChatResult {
    const cost = result.cost ?? catalog.cost(modelId, result.usage);
    totals.calls++;
    totals.usage.inputTokens += result.usage.inputTokens;
    totals.usage.outputTokens += result.usage.outputTokens;
    totals.usage.cachedInputTokens += result.usage.cachedInputTokens;
    if (cost) totals.cost += cost.total;
    else unpriced.add(modelId);
    return cost ? { ...result, cost } : result;
  }

  return {
    defaultModelId: options.defaultModelId,
    embeddingModelId,

    async complete(messages, callOptions = {}) {
      const modelId = callOptions.modelId ?? options.defaultModelId;
      let format = callOptions.responseFormat;
      if (format && format.type !== 'text' && withoutStructuredOutput.has(modelId)) format = undefined;
      try {
        return record(modelId, await call(modelId, messages, format, callOptions.signal));
      } catch (e) {
        // An endpoint that does not do structured output says so with a 400: ask once more in plain text.
        if (!format || format.type === 'text' || !(e instanceof ProviderError) || e.kind !== 'invalid_request') throw e;
        withoutStructuredOutput.add(modelId);
        return record(modelId, await call(modelId, messages, undefined, callOptions.signal));
      }
    },

    async embed(texts, callOptions = {}) {
      const modelId = callOptions.modelId ?? embeddingModelId;
      if (!modelId) {
        throw new PromptyardError('no-embedding-model', `no embedding model is set for grading, and ${options.defaultModelId} has none by default`, {
          hint: 'Name one with `provider: openai/text-embedding-3-small` on the assertion, or set the grader\'s embedding model in the configuration.',
        });
      }
      const { provider, model } = await registry.resolve(modelId);
      if (!provider.embed) {
        throw new PromptyardError('no-embeddings', `${provider.name} has no embeddings API, so ${modelId} cannot embed`, {
          hint: 'Use an embedding model of openai, ollama or an OpenAI-compatible endpoint, e.g. openai/text-embedding-3-small.',
        });
      }
      const vectors = await provider.embed(model, texts, { signal: callOptions.signal, ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}) });
      if (vectors.length !== texts.length) {
        throw new PromptyardError('embedding-count', `${modelId} returned ${vectors.length} embeddings for ${texts.length} texts`);
      }
      return vectors;
    },

    totals() {
      return { calls: totals.calls, usage: { ...totals.usage }, cost: totals.cost, unpricedModels: [...unpriced] };
    },
  };
}

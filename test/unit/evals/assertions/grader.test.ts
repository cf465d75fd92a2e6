// The registry-backed grader with fake providers: structured output and its fallback, costs, embeddings.
import assert from 'node:assert/strict';
import { ProviderError } from '../../../../src/core/errors';
import { createGrader, defaultEmbeddingModel } from '../../../../src/core/evals/grading/grader';
import { createCatalog } from '../../../../src/core/providers/catalog';
import type { ProviderRegistry } from '../../../../src/core/providers/registry';
import type { ChatRequest, Provider } from '../../../../src/core/providers/types';
import { resultOf } from './helpers';

function fakeRegistry(providers: Record<string, Provider>): ProviderRegistry {
  return {
    catalog: createCatalog(),
    async resolve(modelId: string) {
      const [name, ...rest] = modelId.split('/');
      const provider = providers[name!];
      if (!provider) throw new Error(`unknown provider ${name}`);
      return { provider, model: rest.join('/'), modelId };
    },
    provider: async (name: string) => providers[name]!,
    configuredProviders: async () => [],
    reset: () => undefined,
  };
}

function chatProvider(name: string, reply: (req: ChatRequest) => string, opts: { rejectJsonSchema?: boolean; embed?: boolean } = {}): Provider & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    name,
    requests,
    stream: () => {
      throw new Error('not used');
    },
    async complete(req) {
      requests.push(req);
      if (opts.rejectJsonSchema && req.responseFormat?.type === 'json_schema') {
        throw new ProviderError('invalid_request', name, 'response_format json_schema is not supported', { status: 400 });
      }
      return resultOf(reply(req), { modelId: `${name}/${req.model}` });
    },
    ...(opts.embed ? { embed: async (_model: string, input: string[]) => input.map((t) => [t.length, 1]) } : {}),
  };
}

const ask = [{ role: 'user' as const, content: 'grade this' }];
const json = { type: 'json_schema' as const, name: 'verdict', schema: { type: 'object' } };

describe('createGrader', () => {
  it('sends the json_schema format, prices the call from the catalog and keeps totals', async () => {
    const openai = chatProvider('openai', () => '{"pass": true}');
    const grader = createGrader({ registry: fakeRegistry({ openai }), defaultModelId: 'openai/gpt-4o-mini' });
    const result = await grader.complete(ask, { responseFormat: json });
    assert.equal(openai.requests[0]!.model, 'gpt-4o-mini');
    assert.deepEqual(openai.requests[0]!.responseFormat, json);
    assert.equal(result.cost?.pricedAt, '2026-12-01');
    assert.ok(Math.abs(result.cost!.total - (10 * 0.15 + 5 * 0.6) / 1e6) < 1e-15);
    const totals = grader.totals();
    assert.equal(totals.calls, 1);
    assert.deepEqual(totals.usage, { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0 });
    assert.deepEqual(totals.unpricedModels, []);
  });

  it('asks again without structured output when an endpoint refuses it, and remembers', async () => {
    const local = chatProvider('vllm', () => '{"pass": false}', { rejectJsonSchema: true });
    const grader = createGrader({ registry: fakeRegistry({ vllm: local }), defaultModelId: 'vllm/qwen' });
    assert.equal((await grader.complete(ask, { responseFormat: json })).text, '{"pass": false}');
    await grader.complete(ask, { responseFormat: json });
    assert.deepEqual(local.requests.map((r) => r.responseFormat?.type ?? 'none'), ['json_schema', 'none', 'none']);
    assert.deepEqual(grader.totals().unpricedModels, ['vllm/qwen']);
  });

  it('does not retry other failures', async () => {
    const openai = chatProvider('openai', () => {
      throw new ProviderError('rate_limit', 'openai', 'slow down');
    });
    const grader = createGrader({ registry: fakeRegistry({ openai }), defaultModelId: 'openai/gpt-4o-mini' });
    await assert.rejects(grader.complete(ask, { responseFormat: json }), /slow down/);
    assert.equal(openai.requests.length, 1);
  });

  it('grades with the model an assertion names', async () => {
    const openai = chatProvider('openai', () => 'a');
    const anthropic = chatProvider('anthropic', () => 'b');
    const grader = createGrader({ registry: fakeRegistry({ openai, anthropic }), defaultModelId: 'openai/gpt-4o-mini' });
    assert.equal((await grader.complete(ask, { modelId: 'anthropic/claude-haiku-4-5' })).text, 'b');
    assert.equal(anthropic.requests[0]!.model, 'claude-haiku-4-5');
  });

  it('embeds with the default embedding model of the provider, or says what to set', async () => {
    assert.equal(defaultEmbeddingModel('openai/gpt-4o'), 'openai/text-embedding-3-small');
    assert.equal(defaultEmbeddingModel('anthropic/claude-haiku-4-5'), undefined);
    const openai = chatProvider('openai', () => '', { embed: true });
    const anthropic = chatProvider('anthropic', () => '');
    const grader = createGrader({ registry: fakeRegistry({ openai, anthropic }), defaultModelId: 'openai/gpt-4o-mini' });
    assert.deepEqual(await grader.embed(['ab', 'abc']), [[2, 1], [3, 1]]);
    const claude = createGrader({ registry: fakeRegistry({ openai, anthropic }), defaultModelId: 'anthropic/claude-haiku-4-5' });
    await assert.rejects(claude.embed(['x']), /no embedding model is set for grading/);
    await assert.rejects(claude.embed(['x'], { modelId: 'anthropic/claude-haiku-4-5' }), /anthropic has no embeddings API/);
    assert.deepEqual(await claude.embed(['x'], { modelId: 'openai/text-embedding-3-small' }), [[1, 1]]);
  });
});

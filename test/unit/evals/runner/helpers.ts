// Set-up shared by the runner's unit tests: a scripted provider (no HTTP) behind a registry, suites built
// from prompt text, a throwaway workspace, and a way to run an eval to its end.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultConfig, type PromptyardConfig } from '../../../../src/core/config';
import { ProviderError } from '../../../../src/core/errors';
import { runEval, type RunEvalOptions } from '../../../../src/core/evals/runner/runEval';
import type { AssertionSpec, EvalCase, EvalEvent, EvalSuite, RunMeta, RunSummary } from '../../../../src/core/evals/types';
import { parsePromptFile } from '../../../../src/core/prompts/parse';
import { createCatalog, type Catalog } from '../../../../src/core/providers/catalog';
import type { ProviderRegistry } from '../../../../src/core/providers/registry';
import type { CallOptions, ChatRequest, Provider } from '../../../../src/core/providers/types';
import type { ChatResult } from '../../../../src/shared/types';

export interface ScriptedCall {
  request: ChatRequest;
  options?: CallOptions;
}

/**
 * Answers `echo: <last user message>` unless `reply` says otherwise (a reply may throw); 100 input and 10 output
 * tokens, priced from `catalog`. Like the real providers, a call ends with a `cancelled` error when its signal aborts.
 */
export function scriptedProvider(
  name = 'openai',
  reply?: (request: ChatRequest, n: number) => string | Promise<string>,
  catalog: Catalog = createCatalog(),
): Provider & { calls: ScriptedCall[] } {
  const calls: ScriptedCall[] = [];
  return {
    name,
    calls,
    async complete(request, options) {
      calls.push({ request, options });
      const n = calls.length;
      const answer = Promise.resolve(reply ? reply(request, n) : `echo: ${request.messages.at(-1)?.content ?? ''}`);
      const signal = options?.signal;
      let fail = () => undefined as void;
      const aborted = new Promise<never>((_, reject) => {
        fail = () => reject(new ProviderError('cancelled', name, `${name} call cancelled`));
        if (signal?.aborted) fail();
        else signal?.addEventListener('abort', fail, { once: true });
      });
      aborted.catch(() => undefined);
      const text = await Promise.race([answer, aborted]).finally(() => signal?.removeEventListener('abort', fail));
      options?.onAttempt?.({ status: 200 });
      const usage = { inputTokens: 100, outputTokens: 10, cachedInputTokens: 0 };
      const result: ChatResult = { modelId: `${name}/${request.model}`, text, toolCalls: [], usage, finishReason: 'stop', latencyMs: 5 };
      const cost = catalog.cost(result.modelId, usage);
      return cost ? { ...result, cost } : result;
    },
    stream() {
      throw new Error('the runner does not stream');
    },
  };
}

export function registryOf(...providers: Provider[]): ProviderRegistry {
  return registryWith(createCatalog(), ...providers);
}

export function registryWith(catalog: Catalog, ...providers: Provider[]): ProviderRegistry {
  const byName = new Map(providers.map((p) => [p.name, p]));
  return {
    catalog,
    async resolve(modelId) {
      const slash = modelId.indexOf('/');
      const provider = byName.get(modelId.slice(0, slash));
      if (!provider) throw new Error(`no scripted provider for ${modelId}`);
      return { provider, model: modelId.slice(slash + 1), modelId };
    },
    async provider(name) {
      return byName.get(name)!;
    },
    async configuredProviders() {
      return [];
    },
    reset() {},
  };
}

export function rateLimited(provider = 'openai'): ProviderError {
  return new ProviderError('rate_limit', provider, `${provider} rate limit (HTTP 429)`, { status: 429, attempts: 3 });
}

export function workspace(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-runner-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface SuiteSpec {
  id?: string;
  model?: string;
  /** The user message template; default `Q{{i}}`. */
  template?: string;
  maxTokens?: number;
  cases: number | EvalCase[];
  assert?: AssertionSpec[];
  defaultAssert?: AssertionSpec[];
  models?: string[];
  file?: string;
}

export function suiteOf(dir: string, spec: SuiteSpec): EvalSuite {
  const id = spec.id ?? 'greet';
  const file = path.join(dir, spec.file ?? `${id}.prompt.yml`);
  const text = [
    `id: ${id}`,
    `model: ${spec.model ?? 'openai/gpt-4o-mini'}`,
    ...(spec.maxTokens ? ['modelParameters:', `  maxTokens: ${spec.maxTokens}`] : []),
    'messages:',
    '  - role: user',
    `    content: ${JSON.stringify(spec.template ?? 'Q{{i}}')}`,
    '',
  ].join('\n');
  const { prompt, diagnostics } = parsePromptFile(text, file);
  assert.ok(prompt, JSON.stringify(diagnostics));
  const cases =
    typeof spec.cases === 'number'
      ? Array.from({ length: spec.cases }, (_, i): EvalCase => ({ id: `c${i}`, vars: { i: String(i) }, assert: spec.assert ?? [{ type: 'contains', value: 'echo' }] }))
      : spec.cases;
  return { file, kind: 'prompt-file', prompts: [{ id, sha256: `sha-${id}-${text.length}`, prompt }], models: spec.models ?? [], cases, defaultAssert: spec.defaultAssert ?? [], options: {} };
}

export function config(extra: Partial<PromptyardConfig> = {}): PromptyardConfig {
  return { ...defaultConfig(), ...extra };
}

export interface Finished {
  events: EvalEvent[];
  meta: RunMeta;
  summary: RunSummary;
}

/** Runs to the end and keeps every event but `started` and `progress`. */
export async function runToEnd(options: RunEvalOptions): Promise<Finished> {
  const events: EvalEvent[] = [];
  let done: Extract<EvalEvent, { type: 'done' }> | undefined;
  for await (const event of runEval(options)) {
    if (event.type === 'done') done = event;
    if (event.type !== 'started' && event.type !== 'progress') events.push(event);
  }
  assert.ok(done, 'the run ended without a done event');
  return { events, meta: done.meta, summary: done.summary };
}

export function resultsOf(events: EvalEvent[]) {
  return events.flatMap((e) => (e.type === 'result' ? [e.record] : []));
}

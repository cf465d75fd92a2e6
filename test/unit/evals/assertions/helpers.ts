// Shared set-up of the assertion tests: a context around an output, a scripted grader, and shortcuts.
import assert from 'node:assert/strict';
import type { ChatMessage, ChatResult } from '../../../../src/shared/types';
import { evaluateAssertion } from '../../../../src/core/evals/assertions/evaluate';
import type { AssertionContext, AssertionSpec, Grader, GradingResult } from '../../../../src/core/evals/types';

export function ctxOf(output: string, extra: Partial<AssertionContext> = {}): AssertionContext {
  return {
    output,
    vars: {},
    messages: [{ role: 'user', content: 'What is the capital of France?' }],
    allowCode: false,
    baseDir: process.cwd(),
    ...extra,
  };
}

export function run(spec: AssertionSpec, output: string, extra: Partial<AssertionContext> = {}): Promise<GradingResult> {
  return evaluateAssertion(spec, ctxOf(output, extra));
}

export function resultOf(text: string, extra: Partial<ChatResult> = {}): ChatResult {
  return {
    modelId: 'openai/gpt-4o-mini',
    text,
    toolCalls: [],
    usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0 },
    finishReason: 'stop',
    latencyMs: 120,
    ...extra,
  };
}

export interface GraderCall {
  messages: ChatMessage[];
  modelId?: string;
  json: boolean;
}

/** A grader that answers from a script (in order, the last one repeating) and embeds from a table. */
export function scriptedGrader(
  replies: string[] | ((messages: ChatMessage[]) => string),
  embeddings: Record<string, number[]> = {},
): Grader & { calls: GraderCall[]; embedCalls: { texts: string[]; modelId?: string }[] } {
  const calls: GraderCall[] = [];
  const embedCalls: { texts: string[]; modelId?: string }[] = [];
  return {
    defaultModelId: 'openai/gpt-4o-mini',
    calls,
    embedCalls,
    async complete(messages, options = {}) {
      calls.push({ messages, modelId: options.modelId, json: options.responseFormat?.type === 'json_schema' });
      const text = typeof replies === 'function' ? replies(messages) : replies[Math.min(calls.length - 1, replies.length - 1)]!;
      return resultOf(text, { modelId: options.modelId ?? 'openai/gpt-4o-mini', cost: { input: 0.001, output: 0.002, total: 0.003, pricedAt: '2026-12-01' } });
    },
    async embed(texts, options = {}) {
      embedCalls.push({ texts, modelId: options.modelId });
      return texts.map((t) => {
        const v = embeddings[t];
        if (!v) throw new Error(`no embedding scripted for ${JSON.stringify(t)}`);
        return v;
      });
    },
  };
}

export function assertPass(r: GradingResult, reason?: RegExp): void {
  assert.equal(r.pass, true, `expected a pass, got: ${r.reason}`);
  if (reason) assert.match(r.reason, reason);
}

export function assertFail(r: GradingResult, reason: RegExp): void {
  assert.equal(r.pass, false, `expected a failure, got a pass: ${r.reason}`);
  assert.match(r.reason, reason);
}

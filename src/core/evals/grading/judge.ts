// What a model-graded assertion sees of the grader: calls that add up their tokens and cost, and one
// place that turns a missing grader or a failed call into an errored result with what to do.
import type { ChatMessage, JsonSchema, Usage } from '../../../shared/types';
import { isPromptyardError } from '../../errors';
import { errored, errorMessage } from '../assertions/result';
import type { AssertionContext, AssertionSpec, GradingResult } from '../types';

export interface Judge {
  /** The chat model grading this assertion. */
  readonly modelId: string;
  /** The grader's reply text; asks for JSON when `schema` is given. Throws when the call fails. */
  complete(messages: ChatMessage[], schema?: { name: string; schema: JsonSchema }): Promise<string>;
  /** Embeddings, by `modelId` or the grader's embedding model. */
  embed(texts: string[], modelId?: string): Promise<number[][]>;
}

export async function withJudge(
  ctx: AssertionContext,
  spec: AssertionSpec,
  what: string,
  grade: (judge: Judge) => Promise<GradingResult>,
): Promise<GradingResult> {
  const grader = ctx.grader;
  if (!grader) {
    return errored(
      `${what} needs a grader model and none is configured: set \`grader:\` in promptyard.config.yaml (or the suite), or \`provider: openai/gpt-4o-mini\` on the assertion.`,
    );
  }
  const modelId = spec.provider ?? grader.defaultModelId;
  const usage: Usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
  let cost = 0;
  let calls = 0;
  const judge: Judge = {
    modelId,
    async complete(messages, schema) {
      calls++;
      const result = await grader.complete(messages, {
        modelId,
        signal: ctx.signal,
        ...(schema ? { responseFormat: { type: 'json_schema', name: schema.name, schema: schema.schema, strict: true } } : {}),
      });
      usage.inputTokens += result.usage.inputTokens;
      usage.outputTokens += result.usage.outputTokens;
      usage.cachedInputTokens += result.usage.cachedInputTokens;
      cost += result.cost?.total ?? 0;
      return result.text;
    },
    embed(texts, embedModel) {
      return grader.embed(texts, { modelId: embedModel, signal: ctx.signal });
    },
  };
  let result: GradingResult;
  try {
    result = await grade(judge);
  } catch (e) {
    const detail = isPromptyardError(e) ? e.format() : errorMessage(e);
    result = errored(`${what} could not be graded: the grader (${modelId}) failed: ${detail}`);
  }
  return calls > 0 ? { ...result, gradingUsage: usage, gradingCost: cost } : result;
}

// Maps a ChatRequest onto node-llama-cpp's LlamaChat: the message history (tool calls and their results
// included), the tools as functions, and the sampling parameters. Types only: nothing here loads the runtime.
import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelFunctions, GbnfJsonSchema, LlamaChatResponse } from 'node-llama-cpp';
import type { ChatMessage, FinishReason, ModelParameters } from '../../shared/types';
import { ProviderError } from '../errors';
import type { Logger } from '../ports';
import type { ChatRequest } from './types';

/**
 * The chat history LlamaChat continues. It always ends with a model turn: an empty one to answer the last
 * user message, or the last assistant turn (a prefill, or tool calls whose results follow) to continue.
 */
export function toChatHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  const results = new Map<string, string>();
  for (const m of messages) if (m.role === 'tool') results.set(requireCallId(m), m.content);
  const answered = new Set<string>();
  const history: ChatHistoryItem[] = [];
  for (const m of messages) {
    if (m.role === 'system') history.push({ type: 'system', text: m.content });
    else if (m.role === 'user') history.push({ type: 'user', text: m.content });
    else if (m.role === 'assistant') {
      const calls = (m.toolCalls ?? []).map((call): ChatModelFunctionCall => {
        const result = results.get(call.id);
        if (result === undefined) throw invalid(`The tool call "${call.id}" (${call.name}) has no tool message with its result.`);
        answered.add(call.id);
        return { type: 'functionCall', name: call.name, params: parseJson(call.arguments), result: parseJson(result) };
      });
      history.push({ type: 'model', response: [...(m.content ? [m.content] : []), ...calls] });
    }
  }
  for (const id of results.keys()) {
    if (!answered.has(id)) throw invalid(`The tool message for "${id}" answers no tool call of an earlier assistant message.`);
  }
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
}

/** The request's tools as LlamaChat functions; undefined when the model may not call any. */
export function toFunctions(request: ChatRequest): ChatModelFunctions | undefined {
  const tools = request.tools ?? [];
  if (tools.length === 0 || request.toolChoice === 'none') return undefined;
  if (request.toolChoice === 'required' || typeof request.toolChoice === 'object') {
    throw invalid('The local provider cannot force a tool call (toolChoice "required" or a named tool); use toolChoice "auto".');
  }
  if (request.responseFormat && request.responseFormat.type !== 'text') {
    throw invalid('The local provider cannot combine tools with a JSON response format in one request.');
  }
  const functions: Record<string, { description?: string; params?: GbnfJsonSchema }> = {};
  for (const tool of tools) {
    functions[tool.name] = { description: tool.description, params: tool.parameters as GbnfJsonSchema };
  }
  return functions;
}

export interface SamplingOptions {
  maxTokens: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  customStopTriggers?: string[];
  repeatPenalty?: { frequencyPenalty?: number; presencePenalty?: number };
}

/**
 * Sampling as llama.cpp does it. Without `temperature` decoding is greedy (deterministic). Without `maxTokens`
 * generation stops at the context size. Penalties are clamped to llama.cpp's range, 0 to 1.
 */
export function toSampling(parameters: ModelParameters = {}, contextSize: number, logger: Logger): SamplingOptions {
  const sampling: SamplingOptions = { maxTokens: parameters.maxTokens ?? contextSize };
  if (parameters.temperature !== undefined) sampling.temperature = parameters.temperature;
  if (parameters.topP !== undefined) sampling.topP = parameters.topP;
  if (parameters.seed !== undefined) sampling.seed = parameters.seed;
  if (parameters.stop && parameters.stop.length > 0) sampling.customStopTriggers = parameters.stop;
  const penalty = (name: string, value: number | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const clamped = Math.min(1, Math.max(0, value));
    if (clamped !== value) logger.debug(`local: ${name} ${value} clamped to ${clamped}`);
    return clamped;
  };
  const frequencyPenalty = penalty('frequencyPenalty', parameters.frequencyPenalty);
  const presencePenalty = penalty('presencePenalty', parameters.presencePenalty);
  if (frequencyPenalty !== undefined || presencePenalty !== undefined) sampling.repeatPenalty = { frequencyPenalty, presencePenalty };
  return sampling;
}

export function toFinishReason(stopReason: LlamaChatResponse['metadata']['stopReason']): FinishReason {
  switch (stopReason) {
    case 'maxTokens':
      return 'length';
    case 'functionCalls':
      return 'tool_calls';
    case 'abort':
      return 'cancelled';
    default:
      return 'stop';
  }
}

function requireCallId(m: ChatMessage): string {
  if (!m.toolCallId) throw invalid('A tool message has no toolCallId.');
  return m.toolCallId;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function invalid(message: string): ProviderError {
  return new ProviderError('invalid_request', 'local', message);
}

// Our chat request to the Chat Completions wire format and back: messages, parameters, response formats,
// tools, usage (cached tokens included) and finish reasons; plus the accumulator of a streamed reply.
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type { ChatMessage, FinishReason, ToolCall, Usage } from '../../shared/types';
import { ProviderError } from '../errors';
import type { ChatRequest, StreamEvent } from './types';

export type MaxTokensField = 'max_completion_tokens' | 'max_tokens';

export function toOpenAIParams(request: ChatRequest, provider: string, maxTokensField: MaxTokensField): ChatCompletionCreateParamsBase {
  const p = request.parameters ?? {};
  const params: ChatCompletionCreateParamsBase = { model: request.model, messages: request.messages.map((m) => toMessage(m, provider)) };
  if (p.maxTokens !== undefined) params[maxTokensField] = p.maxTokens;
  if (p.temperature !== undefined) params.temperature = p.temperature;
  if (p.topP !== undefined) params.top_p = p.topP;
  if (p.stop?.length) params.stop = p.stop;
  if (p.seed !== undefined) params.seed = p.seed;
  if (p.frequencyPenalty !== undefined) params.frequency_penalty = p.frequencyPenalty;
  if (p.presencePenalty !== undefined) params.presence_penalty = p.presencePenalty;
  const format = request.responseFormat;
  if (format?.type === 'json_object') params.response_format = { type: 'json_object' };
  if (format?.type === 'json_schema') {
    const strict = format.strict === undefined ? {} : { strict: format.strict };
    params.response_format = { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, ...strict } };
  }
  if (request.tools?.length) {
    params.tools = request.tools.map((t) => ({
      type: 'function' as const,
      function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.parameters },
    }));
    if (request.toolChoice) params.tool_choice = toToolChoice(request.toolChoice);
  }
  return params;
}

function toToolChoice(choice: NonNullable<ChatRequest['toolChoice']>): ChatCompletionToolChoiceOption {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function toMessage(m: ChatMessage, provider: string): ChatCompletionMessageParam {
  switch (m.role) {
    case 'system':
      return { role: 'system', content: m.content };
    case 'user':
      return { role: 'user', content: m.content };
    case 'assistant':
      if (!m.toolCalls?.length) return { role: 'assistant', content: m.content };
      return {
        role: 'assistant',
        content: m.content || null,
        tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })),
      };
    case 'tool':
      if (!m.toolCallId) {
        throw new ProviderError('invalid_request', provider, 'a tool message has no toolCallId', {
          hint: 'Give each tool message the id of the tool call it answers.',
        });
      }
      return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
  }
}

export function finishOf(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'other';
  }
}

export function usageOf(usage: ChatCompletion['usage'] | null | undefined): Usage {
  return {
    inputTokens: usage?.prompt_tokens ?? 0,
    outputTokens: usage?.completion_tokens ?? 0,
    cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

/** Text, tool calls, usage and finish reason of a non-streamed completion. */
export function fromCompletion(completion: ChatCompletion): { text: string; toolCalls: ToolCall[]; usage: Usage; finishReason: FinishReason } {
  const choice = completion.choices[0];
  const toolCalls: ToolCall[] = [];
  for (const call of choice?.message.tool_calls ?? []) {
    if (call.type === 'function') toolCalls.push({ id: call.id, name: call.function.name, arguments: call.function.arguments });
  }
  return { text: choice?.message.content ?? '', toolCalls, usage: usageOf(completion.usage), finishReason: finishOf(choice?.finish_reason) };
}

/** Collects a streamed reply; `push` turns each chunk into our events. */
export class OpenAIStreamAccumulator {
  private readonly text: string[] = [];
  private readonly calls: { id: string; name: string; args: string[] }[] = [];
  usage: Usage | undefined;
  finishReason: FinishReason | undefined;

  push(chunk: ChatCompletionChunk, out: StreamEvent[]): void {
    if (chunk.usage) {
      this.usage = usageOf(chunk.usage);
      out.push({ type: 'usage', usage: this.usage });
    }
    const choice = chunk.choices[0];
    if (!choice) return;
    const delta = choice.delta;
    if (delta?.content) {
      this.text.push(delta.content);
      out.push({ type: 'text', delta: delta.content });
    }
    for (const call of delta?.tool_calls ?? []) {
      const slot = (this.calls[call.index] ??= { id: '', name: '', args: [] });
      if (call.id) slot.id = call.id;
      if (call.function?.name) slot.name += call.function.name;
      const args = call.function?.arguments ?? '';
      slot.args.push(args);
      out.push({ type: 'tool_call_delta', index: call.index, id: call.id, name: call.function?.name, argumentsDelta: args });
    }
    if (choice.finish_reason) this.finishReason = finishOf(choice.finish_reason);
  }

  result(): { text: string; toolCalls: ToolCall[] } {
    return {
      text: this.text.join(''),
      toolCalls: this.calls.filter(Boolean).map((c) => ({ id: c.id, name: c.name, arguments: c.args.join('') })),
    };
  }
}

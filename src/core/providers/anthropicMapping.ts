// Our chat request to the Anthropic Messages wire format (API version 2026-10-21, the one SDK 1.x sends) and
// back: system messages to `system`, tool calls to `tool_use` blocks, tool results to `tool_result` blocks in
// a user turn, json_schema to `output_config.format`; usage with cache reads; the stream accumulator.
import type {
  ContentBlockParam,
  Message,
  MessageCreateParamsBase,
  MessageParam,
  RawMessageStreamEvent,
  StopReason,
  Tool,
  ToolChoice,
} from '@anthropic-ai/sdk/resources/messages';
import type { ChatMessage, FinishReason, ToolCall, Usage } from '../../shared/types';
import { ProviderError } from '../errors';
import type { ChatRequest, StreamEvent } from './types';

/** Messages API requires max_tokens; used when the prompt sets none. */
export const DEFAULT_MAX_TOKENS = 4096;

export const JSON_OBJECT_INSTRUCTION = 'Respond with a single JSON object and nothing else: no prose, no code fences.';

/** Parameters the Messages API (version 2026-10-21) no longer takes; they are dropped with a warning. */
export const UNSUPPORTED_PARAMETERS = ['temperature', 'topP', 'seed', 'frequencyPenalty', 'presencePenalty'] as const;

export function toAnthropicParams(request: ChatRequest, provider: string): { params: MessageCreateParamsBase; dropped: string[] } {
  const p = request.parameters ?? {};
  const system: string[] = [];
  const messages: MessageParam[] = [];
  for (const m of request.messages) {
    if (m.role === 'system') system.push(m.content);
    else appendMessage(messages, m, provider);
  }
  if (request.responseFormat?.type === 'json_object') system.push(JSON_OBJECT_INSTRUCTION);
  const params: MessageCreateParamsBase = { model: request.model, max_tokens: p.maxTokens ?? DEFAULT_MAX_TOKENS, messages };
  if (system.length) params.system = system.join('\n\n');
  if (p.stop?.length) params.stop_sequences = p.stop;
  if (request.responseFormat?.type === 'json_schema') {
    params.output_config = { format: { type: 'json_schema', schema: request.responseFormat.schema } };
  }
  if (request.tools?.length) {
    params.tools = request.tools.map(
      (t): Tool => ({ name: t.name, ...(t.description ? { description: t.description } : {}), input_schema: t.parameters as Tool.InputSchema }),
    );
    if (request.toolChoice) params.tool_choice = toToolChoice(request.toolChoice);
  }
  const dropped = UNSUPPORTED_PARAMETERS.filter((k) => p[k] !== undefined);
  return { params, dropped };
}

function toToolChoice(choice: NonNullable<ChatRequest['toolChoice']>): ToolChoice {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.name };
}

function appendMessage(messages: MessageParam[], m: ChatMessage, provider: string): void {
  if (m.role === 'user') {
    messages.push({ role: 'user', content: m.content });
    return;
  }
  if (m.role === 'assistant') {
    const blocks: ContentBlockParam[] = [];
    if (m.content) blocks.push({ type: 'text', text: m.content });
    for (const call of m.toolCalls ?? []) blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: parseArguments(call.arguments) });
    messages.push({ role: 'assistant', content: blocks.length === 1 && blocks[0]!.type === 'text' ? m.content : blocks });
    return;
  }
  if (!m.toolCallId) {
    throw new ProviderError('invalid_request', provider, 'a tool message has no toolCallId', { hint: 'Give each tool message the id of the tool call it answers.' });
  }
  // Tool results go in a user turn; consecutive results share one.
  const block: ContentBlockParam = { type: 'tool_result', tool_use_id: m.toolCallId, content: m.content };
  const last = messages[messages.length - 1];
  if (last?.role === 'user' && Array.isArray(last.content) && last.content.every((b) => b.type === 'tool_result')) {
    last.content.push(block);
  } else {
    messages.push({ role: 'user', content: [block] });
  }
}

function parseArguments(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text || '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { arguments: text };
  }
}

export function finishOf(reason: StopReason | string | null | undefined): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'other';
  }
}

interface AnthropicUsageLike {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/** Anthropic's input_tokens exclude cache reads and writes; ours include them (cached is part of input). */
export function usageOf(u: AnthropicUsageLike): Usage {
  const cached = u.cache_read_input_tokens ?? 0;
  return {
    inputTokens: (u.input_tokens ?? 0) + cached + (u.cache_creation_input_tokens ?? 0),
    outputTokens: u.output_tokens ?? 0,
    cachedInputTokens: cached,
  };
}

export function fromMessage(message: Message): { text: string; toolCalls: ToolCall[]; usage: Usage; finishReason: FinishReason } {
  const text: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (block.type === 'text') text.push(block.text);
    else if (block.type === 'tool_use') toolCalls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) });
  }
  return { text: text.join(''), toolCalls, usage: usageOf(message.usage), finishReason: finishOf(message.stop_reason) };
}

/** Collects a streamed reply; the stream is complete only once `message_stop` arrived. */
export class AnthropicStreamAccumulator {
  private readonly text: string[] = [];
  private readonly calls: { id: string; name: string; args: string[] }[] = [];
  /** Content block index to tool call index. */
  private readonly toolOfBlock = new Map<number, number>();
  private usage: AnthropicUsageLike = {};
  stopReason: string | undefined;
  stopped = false;

  push(event: RawMessageStreamEvent, out: StreamEvent[]): void {
    switch (event.type) {
      case 'message_start':
        this.usage = { ...event.message.usage };
        break;
      case 'content_block_start': {
        const block = event.content_block;
        if (block.type === 'tool_use') {
          const index = this.calls.push({ id: block.id, name: block.name, args: [] }) - 1;
          this.toolOfBlock.set(event.index, index);
          out.push({ type: 'tool_call_delta', index, id: block.id, name: block.name, argumentsDelta: '' });
        } else if (block.type === 'text' && block.text) {
          this.text.push(block.text);
          out.push({ type: 'text', delta: block.text });
        }
        break;
      }
      case 'content_block_delta': {
        const delta = event.delta;
        if (delta.type === 'text_delta') {
          this.text.push(delta.text);
          out.push({ type: 'text', delta: delta.text });
        } else if (delta.type === 'input_json_delta') {
          const index = this.toolOfBlock.get(event.index);
          if (index === undefined) break;
          this.calls[index]!.args.push(delta.partial_json);
          out.push({ type: 'tool_call_delta', index, argumentsDelta: delta.partial_json });
        }
        break;
      }
      case 'message_delta': {
        this.stopReason = event.delta.stop_reason ?? this.stopReason;
        const u = event.usage;
        // message_delta usage is cumulative; its input fields may be null when unchanged.
        this.usage = {
          input_tokens: u.input_tokens ?? this.usage.input_tokens,
          cache_read_input_tokens: u.cache_read_input_tokens ?? this.usage.cache_read_input_tokens,
          cache_creation_input_tokens: u.cache_creation_input_tokens ?? this.usage.cache_creation_input_tokens,
          output_tokens: u.output_tokens,
        };
        out.push({ type: 'usage', usage: usageOf(this.usage) });
        break;
      }
      case 'message_stop':
        this.stopped = true;
        break;
      default:
        break;
    }
  }

  result(): { text: string; toolCalls: ToolCall[]; usage: Usage; finishReason: FinishReason } {
    return {
      text: this.text.join(''),
      toolCalls: this.calls.map((c) => ({ id: c.id, name: c.name, arguments: c.args.join('') || '{}' })),
      usage: usageOf(this.usage),
      finishReason: finishOf(this.stopReason),
    };
  }
}

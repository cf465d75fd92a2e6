// Anthropic wire format for the test LLM server: Messages (JSON and SSE with the exact event sequence
// message_start, content_block_start, ping, content_block_delta, content_block_stop, message_delta,
// message_stop) and the model list.
import { chunkText, type FormatSpec, type NeutralRequest, type ReplyPlan, type ToolChoiceSpec } from './llmServerReplies';
import type { Delivery } from './llmServerOpenAI';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON

export function anthropicNeutral(body: Json): NeutralRequest {
  const messages: Json[] = Array.isArray(body.messages) ? body.messages : [];
  const texts: string[] = [blockText(body.system)];
  let cacheHint = body.cache_control != null || hasCacheControl(body.system) || hasCacheControl(body.tools);
  for (const m of messages) {
    texts.push(blockText(m.content));
    cacheHint ||= hasCacheControl(m.content);
  }
  const last = messages[messages.length - 1];
  const lastResult = Array.isArray(last?.content) ? (last.content as Json[]).find((b) => b.type === 'tool_result') : undefined;
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const tools = (Array.isArray(body.tools) ? body.tools : [])
    .filter((t: Json) => typeof t.name === 'string')
    .map((t: Json) => ({ name: String(t.name), parameters: t.input_schema ?? { type: 'object' } }));
  const tc = body.tool_choice as Json | undefined;
  const toolChoice: ToolChoiceSpec =
    tc?.type === 'none' ? 'none' : tc?.type === 'any' ? 'required' : tc?.type === 'tool' ? { name: String(tc.name) } : 'auto';
  const fmt = (body.output_config?.format ?? body.output_format) as Json | undefined;
  // Like a real model, a system prompt that asks for a JSON object gets one (Anthropic has no JSON mode).
  const format: FormatSpec =
    fmt?.type === 'json_schema' ? { type: 'json_schema', schema: fmt.schema ?? {} }
    : /\bJSON object\b/i.test(blockText(body.system)) ? { type: 'json_object' }
    : { type: 'text' };
  return {
    model: String(body.model ?? ''),
    texts,
    lastUserText: lastUser ? blockText(lastUser.content, true) : '',
    toolResult: lastResult ? blockText(lastResult.content) : undefined,
    tools,
    toolChoice,
    format,
    maxTokens: typeof body.max_tokens === 'number' ? body.max_tokens : undefined,
    stop: Array.isArray(body.stop_sequences) ? body.stop_sequences : undefined,
    cacheHint,
    seedKey: JSON.stringify([body.model, body.system, body.messages, body.tools, body.tool_choice, fmt ?? null]),
  };
}

/** Text of a content value; `textOnly` skips tool_result and tool_use blocks. */
function blockText(content: unknown, textOnly = false): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as Json[])
    .map((b) => {
      if (b.type === 'text') return String(b.text ?? '');
      if (textOnly) return '';
      if (b.type === 'tool_result') return blockText(b.content);
      if (b.type === 'tool_use') return JSON.stringify(b.input ?? {});
      return '';
    })
    .filter(Boolean)
    .join(' ');
}

function hasCacheControl(value: unknown): boolean {
  return Array.isArray(value) && value.some((b: Json) => b && typeof b === 'object' && b.cache_control != null);
}

const STOP: Record<ReplyPlan['finish'], string> = { stop: 'end_turn', stop_sequence: 'stop_sequence', length: 'max_tokens', tool_calls: 'tool_use' };

function usageOf(plan: ReplyPlan, output: number): Json {
  const { input, cached } = plan.usage;
  return {
    input_tokens: input - cached,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
    cache_creation: null,
    output_tokens: output,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    inference_geo: null,
    speed: null,
  };
}

export function anthropicMessages(body: Json, plan: ReplyPlan): Delivery {
  const id = `msg_${plan.id}`;
  const model = String(body.model ?? '');
  const stop_reason = STOP[plan.finish];
  const stop_sequence = plan.stopSequence ?? null;
  const toolId = plan.toolCall ? `toolu_${plan.id}` : undefined;
  if (!body.stream) {
    const content = plan.toolCall
      ? [{ type: 'tool_use', id: toolId, name: plan.toolCall.name, input: JSON.parse(plan.toolCall.arguments) }]
      : [{ type: 'text', text: plan.text, citations: null }];
    return {
      kind: 'json',
      status: 200,
      body: { id, type: 'message', role: 'assistant', model, content, stop_reason, stop_sequence, container: null, usage: usageOf(plan, plan.usage.output) },
    };
  }
  const events: string[] = [];
  const ev = (type: string, data: Json) => events.push(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  ev('message_start', {
    message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, container: null, usage: usageOf(plan, 1) },
  });
  if (plan.toolCall) {
    ev('content_block_start', { index: 0, content_block: { type: 'tool_use', id: toolId, name: plan.toolCall.name, input: {} } });
    ev('ping', {});
    for (const part of chunkText(plan.toolCall.arguments, true)) {
      ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: part } });
    }
  } else {
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '', citations: null } });
    ev('ping', {});
    for (const part of chunkText(plan.text, body.output_config?.format != null)) {
      ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: part } });
    }
  }
  ev('content_block_stop', { index: 0 });
  const { input, cached, output } = plan.usage;
  ev('message_delta', {
    delta: { stop_reason, stop_sequence, container: null },
    usage: { input_tokens: input - cached, cache_creation_input_tokens: 0, cache_read_input_tokens: cached, output_tokens: output, server_tool_use: null },
  });
  ev('message_stop', {});
  return { kind: 'sse', events };
}

export function anthropicModels(ids: string[]): Delivery {
  const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-10-01T00:00:00Z' }));
  return { kind: 'json', status: 200, body: { data, has_more: false, first_id: ids[0] ?? null, last_id: ids[ids.length - 1] ?? null } };
}

export function anthropicNotFound(path: string): Delivery {
  return { kind: 'json', status: 404, body: { type: 'error', error: { type: 'not_found_error', message: `Not found: ${path}` } } };
}

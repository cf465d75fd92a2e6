// OpenAI wire format for the test LLM server: Chat Completions (JSON and SSE with include_usage and
// [DONE]), embeddings and the model list.
import { chunkText, embedding, type NeutralRequest, type ReplyPlan, type ToolChoiceSpec, type FormatSpec } from './llmServerReplies';

/** What a protocol handler hands to the server core to write. */
export type Delivery = { kind: 'json'; status: number; body: unknown } | { kind: 'sse'; events: string[] };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON

export function openaiNeutral(body: Json): NeutralRequest {
  const messages: Json[] = Array.isArray(body.messages) ? body.messages : [];
  const texts: string[] = [];
  for (const m of messages) {
    texts.push(contentText(m.content));
    for (const call of m.tool_calls ?? []) texts.push(String(call.function?.arguments ?? ''));
  }
  const last = messages[messages.length - 1];
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const tools = (Array.isArray(body.tools) ? body.tools : [])
    .filter((t: Json) => t.type === 'function' && t.function?.name)
    .map((t: Json) => ({ name: String(t.function.name), parameters: t.function.parameters ?? { type: 'object', properties: {} } }));
  const rf = body.response_format as Json | undefined;
  const format: FormatSpec =
    rf?.type === 'json_schema' ? { type: 'json_schema', schema: rf.json_schema?.schema ?? {} }
    : rf?.type === 'json_object' ? { type: 'json_object' }
    : { type: 'text' };
  const tc = body.tool_choice;
  const toolChoice: ToolChoiceSpec =
    tc === 'none' || tc === 'required' || tc === 'auto' ? tc
    : tc && typeof tc === 'object' && tc.function?.name ? { name: String(tc.function.name) }
    : 'auto';
  return {
    model: String(body.model ?? ''),
    texts,
    lastUserText: lastUser ? contentText(lastUser.content) : '',
    toolResult: last?.role === 'tool' ? contentText(last.content) : undefined,
    tools,
    toolChoice,
    format,
    maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
    stop: typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? body.stop : undefined,
    cacheHint: false,
    seedKey: JSON.stringify([body.model, body.messages, body.tools, body.response_format, body.tool_choice]),
  };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p: Json) => (typeof p?.text === 'string' ? p.text : '')).join(' ');
  return '';
}

function usageOf(plan: ReplyPlan): Json {
  const { input, cached, output } = plan.usage;
  return {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: input + output,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

const FINISH: Record<ReplyPlan['finish'], string> = { stop: 'stop', stop_sequence: 'stop', length: 'length', tool_calls: 'tool_calls' };

export function openaiChat(body: Json, plan: ReplyPlan, created: number): Delivery {
  const id = `chatcmpl-${plan.id}`;
  const model = String(body.model ?? '');
  if (!body.stream) {
    const message: Json = { role: 'assistant', content: plan.toolCall ? null : plan.text, refusal: null, annotations: [] };
    if (plan.toolCall) {
      const { id: callId, name, arguments: args } = plan.toolCall;
      message.tool_calls = [{ id: callId, type: 'function', function: { name, arguments: args } }];
    }
    return {
      kind: 'json',
      status: 200,
      body: {
        id, object: 'chat.completion', created, model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: FINISH[plan.finish] }],
        usage: usageOf(plan),
        system_fingerprint: 'fp_promptyard_test',
      },
    };
  }
  const includeUsage = body.stream_options?.include_usage === true;
  const chunk = (delta: Json, finish: string | null = null, extra: Json = {}) =>
    sse({
      id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_promptyard_test',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
      ...extra,
    });
  const events: string[] = [];
  if (plan.toolCall) {
    const { id: callId, name, arguments: args } = plan.toolCall;
    events.push(chunk({ role: 'assistant', content: null, refusal: null, tool_calls: [{ index: 0, id: callId, type: 'function', function: { name, arguments: '' } }] }));
    for (const part of chunkText(args, true)) events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: part } }] }));
  } else {
    events.push(chunk({ role: 'assistant', content: '', refusal: null }));
    for (const part of chunkText(plan.text, body.response_format?.type?.startsWith('json') ?? false)) events.push(chunk({ content: part }));
  }
  events.push(chunk({}, FINISH[plan.finish]));
  if (includeUsage) {
    events.push(sse({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_promptyard_test', choices: [], usage: usageOf(plan) }));
  }
  events.push('data: [DONE]\n\n');
  return { kind: 'sse', events };
}

function sse(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

export function openaiEmbeddings(body: Json, defaultDimensions: number): Delivery {
  const inputs: unknown[] = Array.isArray(body.input) ? body.input : [body.input];
  if (inputs.some((i) => typeof i !== 'string')) {
    return { kind: 'json', status: 400, body: { error: { message: 'input must be a string or an array of strings', type: 'invalid_request_error', param: 'input', code: null } } };
  }
  const dims = typeof body.dimensions === 'number' ? body.dimensions : defaultDimensions;
  const base64 = body.encoding_format === 'base64';
  const data = (inputs as string[]).map((text, index) => {
    const vector = embedding(text, dims);
    return { object: 'embedding', index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector };
  });
  const tokens = (inputs as string[]).reduce((s, t) => s + (t.trim() ? t.trim().split(/\s+/).length : 0), 0);
  return { kind: 'json', status: 200, body: { object: 'list', data, model: String(body.model ?? ''), usage: { prompt_tokens: tokens, total_tokens: tokens } } };
}

export function openaiModels(ids: string[]): Delivery {
  return { kind: 'json', status: 200, body: { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'promptyard-test' })) } };
}

export function openaiNotFound(path: string): Delivery {
  return { kind: 'json', status: 404, body: { error: { message: `Unknown request URL: ${path}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } } };
}

// "Copy as code": the current draft as a TypeScript or Python program on the official SDK of its model's
// provider (`openai` for OpenAI and every OpenAI-compatible endpoint, `@anthropic-ai/sdk` / `anthropic`
// for Anthropic). Messages are the rendered ones (variables filled in); keys come from the environment.
// No `vscode` here.
import { PromptyardError } from '../../core/errors';
import { DEFAULT_MAX_TOKENS, JSON_OBJECT_INSTRUCTION, UNSUPPORTED_PARAMETERS } from '../../core/providers/anthropicMapping';
import type { ChatMessage, ModelParameters, ResponseFormat, ToolDefinition } from '../../shared/types';

export type CodeLanguage = 'typescript' | 'python';

export interface CodeTarget {
  /** Full model id, for the header comment. */
  modelId: string;
  kind: 'openai' | 'anthropic' | 'openai-compatible' | 'ollama' | 'local';
  /** Provider-local model name. */
  model: string;
  /** For compatible endpoints and Ollama. */
  baseURL?: string;
  /** Non-secret headers of a custom endpoint. */
  headers?: Record<string, string>;
  /** The environment variable the key is read from. */
  keyEnv?: string;
}

export interface CodeCall {
  title?: string;
  messages: ChatMessage[];
  parameters?: ModelParameters;
  responseFormat?: ResponseFormat;
  tools?: ToolDefinition[];
}

export function generateCode(language: CodeLanguage, target: CodeTarget, call: CodeCall): string {
  if (target.kind === 'local') {
    throw new PromptyardError('no-code-for-local', `${target.modelId} runs inside Promptyard, so there is no SDK call to copy.`, {
      hint: 'Serve the model with Ollama and pick ollama/<model>, or pick an API model, then copy the code.',
    });
  }
  const anthropic = target.kind === 'anthropic';
  if (language === 'typescript') return anthropic ? anthropicTs(target, call) : openaiTs(target, call);
  return anthropic ? anthropicPy(target, call) : openaiPy(target, call);
}

// ------------------------------------------------------------------ OpenAI and compatible

function openaiBody(target: CodeTarget, call: CodeCall): Record<string, unknown> {
  const p = call.parameters ?? {};
  const body: Record<string, unknown> = {
    model: target.model,
    messages: call.messages.map((m) => ({ role: m.role, content: m.content })),
  };
  put(body, 'temperature', p.temperature);
  put(body, 'max_tokens', p.maxTokens);
  put(body, 'top_p', p.topP);
  put(body, 'stop', p.stop?.length ? p.stop : undefined);
  put(body, 'seed', p.seed);
  put(body, 'frequency_penalty', p.frequencyPenalty);
  put(body, 'presence_penalty', p.presencePenalty);
  const format = call.responseFormat;
  if (format?.type === 'json_object') body.response_format = { type: 'json_object' };
  if (format?.type === 'json_schema') {
    body.response_format = { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, ...(format.strict !== undefined ? { strict: format.strict } : {}) } };
  }
  if (call.tools?.length) {
    body.tools = call.tools.map((t) => ({ type: 'function', function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.parameters } }));
  }
  return body;
}

function openaiTs(target: CodeTarget, call: CodeCall): string {
  const compatible = target.kind !== 'openai';
  const env = target.keyEnv ?? 'OPENAI_API_KEY';
  const options: string[] = [];
  if (compatible) {
    options.push(`baseURL: ${JSON.stringify(target.baseURL ?? '')}`);
    options.push(`apiKey: process.env.${env} ?? 'none'`);
    if (target.headers && Object.keys(target.headers).length) options.push(`defaultHeaders: ${JSON.stringify(target.headers)}`);
  }
  const client = compatible ? `new OpenAI({\n  ${options.join(',\n  ')},\n})` : 'new OpenAI(); // reads OPENAI_API_KEY from the environment';
  return [
    header('//', target, call, 'npm install openai'),
    "import OpenAI from 'openai';",
    '',
    `const client = ${client};`,
    '',
    `const response = await client.chat.completions.create(${ts(openaiBody(target, call))});`,
    '',
    'const message = response.choices[0]?.message;',
    "console.log(message?.content ?? '');",
    ...(call.tools?.length ? ['for (const toolCall of message?.tool_calls ?? []) console.log(toolCall);'] : []),
    '',
  ].join('\n');
}

function openaiPy(target: CodeTarget, call: CodeCall): string {
  const compatible = target.kind !== 'openai';
  const env = target.keyEnv ?? 'OPENAI_API_KEY';
  const args = compatible
    ? [`base_url=${py(target.baseURL ?? '')}`, `api_key=os.environ.get(${py(env)}, "none")`, ...(target.headers && Object.keys(target.headers).length ? [`default_headers=${py(target.headers)}`] : [])]
    : [];
  return [
    header('#', target, call, 'pip install openai'),
    ...(compatible ? ['import os', ''] : []),
    'from openai import OpenAI',
    '',
    compatible ? `client = OpenAI(${args.join(', ')})` : 'client = OpenAI()  # reads OPENAI_API_KEY from the environment',
    '',
    `response = client.chat.completions.create(${pyKwargs(openaiBody(target, call))})`,
    '',
    'message = response.choices[0].message',
    'print(message.content or "")',
    ...(call.tools?.length ? ['for tool_call in message.tool_calls or []:', '    print(tool_call)'] : []),
    '',
  ].join('\n');
}

// ------------------------------------------------------------------ Anthropic

function anthropicBody(target: CodeTarget, call: CodeCall): Record<string, unknown> {
  // As core's Anthropic mapping does: the Messages API version the SDK sends takes no temperature or top_p,
  // a JSON schema goes to output_config.format, JSON mode is an instruction.
  const p = call.parameters ?? {};
  const system = call.messages.filter((m) => m.role === 'system').map((m) => m.content);
  if (call.responseFormat?.type === 'json_object') system.push(JSON_OBJECT_INSTRUCTION);
  const body: Record<string, unknown> = { model: target.model, max_tokens: p.maxTokens ?? DEFAULT_MAX_TOKENS };
  if (system.length) body.system = system.join('\n\n');
  body.messages = call.messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role, content: m.content }));
  put(body, 'stop_sequences', p.stop?.length ? p.stop : undefined);
  if (call.responseFormat?.type === 'json_schema') body.output_config = { format: { type: 'json_schema', schema: call.responseFormat.schema } };
  if (call.tools?.length) body.tools = call.tools.map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}), input_schema: t.parameters }));
  return body;
}

function anthropicTs(target: CodeTarget, call: CodeCall): string {
  return [
    header('//', target, call, 'npm install @anthropic-ai/sdk'),
    "import Anthropic from '@anthropic-ai/sdk';",
    '',
    'const client = new Anthropic(); // reads ANTHROPIC_API_KEY from the environment',
    '',
    ...droppedNote('//', call),
    `const message = await client.messages.create(${ts(anthropicBody(target, call))});`,
    '',
    'for (const block of message.content) {',
    "  if (block.type === 'text') console.log(block.text);",
    "  else if (block.type === 'tool_use') console.log(block.name, block.input);",
    '}',
    '',
  ].join('\n');
}

function anthropicPy(target: CodeTarget, call: CodeCall): string {
  return [
    header('#', target, call, 'pip install anthropic'),
    'import anthropic',
    '',
    'client = anthropic.Anthropic()  # reads ANTHROPIC_API_KEY from the environment',
    '',
    ...droppedNote('#', call),
    `message = client.messages.create(${pyKwargs(anthropicBody(target, call))})`,
    '',
    'for block in message.content:',
    '    if block.type == "text":',
    '        print(block.text)',
    '    elif block.type == "tool_use":',
    '        print(block.name, block.input)',
    '',
  ].join('\n');
}

function droppedNote(comment: string, call: CodeCall): string[] {
  const p = call.parameters ?? {};
  const dropped = UNSUPPORTED_PARAMETERS.filter((k) => p[k] !== undefined);
  return dropped.length ? [`${comment} Not sent: the Messages API does not take ${dropped.join(', ')}.`] : [];
}

// ------------------------------------------------------------------ literals

function header(comment: string, target: CodeTarget, call: CodeCall, install: string): string {
  const title = call.title ? ` "${call.title.replace(/[\r\n]+/g, ' ')}"` : '';
  return `${comment} Generated by Promptyard from the playground${title} (${target.modelId}).\n${comment} ${install}\n`;
}

function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

function ts(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** A Python literal of a JSON value (JSON strings are valid Python strings). */
export function py(value: unknown, indent = 0): string {
  const pad = '    '.repeat(indent + 1);
  const end = '    '.repeat(indent);
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'None';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[\n${value.map((v) => `${pad}${py(v, indent + 1)},`).join('\n')}\n${end}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length === 0 ? '{}' : `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${py(v, indent + 1)},`).join('\n')}\n${end}}`;
}

function pyKwargs(body: Record<string, unknown>): string {
  return `\n${Object.entries(body)
    .map(([k, v]) => `    ${k}=${py(v, 1)},`)
    .join('\n')}\n`;
}

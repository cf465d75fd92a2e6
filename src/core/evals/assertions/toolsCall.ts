// is-valid-openai-tools-call: the model called tools, each one of the prompt's tools, with arguments that
// are JSON valid against that tool's parameters schema. Calls come from the result's tool calls, else from
// the output as JSON (OpenAI `tool_calls` shape). Tools come from the value (OpenAI or prompt-file shape),
// else from the prompt.
import type { ToolDefinition } from '../../../shared/types';
import type { AssertionFn } from '../types';
import { compileJsonSchema, formatErrors } from './jsonSchema';
import { errored, failed, listWords, passed, quote } from './result';
import { isRecord } from './values';

interface Call {
  name: string;
  arguments: unknown;
}

function toolsFrom(value: unknown): ToolDefinition[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const tools: ToolDefinition[] = [];
  for (const item of value) {
    const fn = isRecord(item) && isRecord(item.function) ? item.function : item;
    if (!isRecord(fn) || typeof fn.name !== 'string') return undefined;
    tools.push({ name: fn.name, parameters: isRecord(fn.parameters) ? fn.parameters : { type: 'object' } });
  }
  return tools;
}

function callsFromOutput(output: string): Call[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch {
    return [];
  }
  const list = Array.isArray(parsed) ? parsed : isRecord(parsed) && Array.isArray(parsed.tool_calls) ? parsed.tool_calls : [parsed];
  const calls: Call[] = [];
  for (const item of list) {
    const fn = isRecord(item) && isRecord(item.function) ? item.function : item;
    if (isRecord(fn) && typeof fn.name === 'string') calls.push({ name: fn.name, arguments: fn.arguments ?? {} });
  }
  return calls;
}

export const isValidToolsCall: AssertionFn = (spec, ctx) => {
  const tools = spec.value !== undefined ? toolsFrom(spec.value) : ctx.tools;
  if (spec.value !== undefined && !tools) {
    return errored('is-valid-openai-tools-call takes a list of tools as its value ({ type: function, function: { name, parameters } } or { name, parameters }).');
  }
  if (!tools || tools.length === 0) return errored('is-valid-openai-tools-call has no tools to check against: the prompt defines none and the assertion gives none.');
  const fromResult = ctx.result?.toolCalls ?? [];
  const calls: Call[] = fromResult.length > 0 ? fromResult.map((c) => ({ name: c.name, arguments: c.arguments })) : callsFromOutput(ctx.output);
  if (calls.length === 0) return failed(`The model called no tool; expected a call to ${listWords(tools.map((t) => t.name))}. Output: ${quote(ctx.output)}.`);
  for (const call of calls) {
    const tool = tools.find((t) => t.name === call.name);
    if (!tool) return failed(`The model called ${quote(call.name)}, which is not one of the tools ${listWords(tools.map((t) => t.name))}.`);
    let args = call.arguments;
    if (typeof args === 'string') {
      try {
        args = args.trim() === '' ? {} : JSON.parse(args);
      } catch {
        return failed(`The arguments of ${call.name} are not JSON: ${quote(call.arguments as string)}.`);
      }
    }
    const compiled = compileJsonSchema(tool.parameters);
    if ('problem' in compiled) return errored(`The parameters of tool ${tool.name} cannot be used: ${compiled.problem}.`);
    if (!compiled.validate(args)) {
      return failed(`The arguments of ${call.name} do not match its parameters: ${formatErrors(compiled.validate.errors ?? [], 'arguments')}.`, {
        actual: JSON.stringify(args),
      });
    }
  }
  const names = calls.map((c) => c.name);
  return passed(`${calls.length === 1 ? 'The tool call' : `All ${calls.length} tool calls`} (${listWords(names)}) match${calls.length === 1 ? 'es' : ''} the tools' schemas.`);
};

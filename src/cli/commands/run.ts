// `promptyard run <file>`: the answer streams to stdout, usage and cost go to stderr.
import type { ChatResult, ToolCall } from '../../shared/types';
import { PromptyardError } from '../../core/errors';
import { prepareCall, streamCall } from '../../core/runPrompt';
import { parseModelId } from '../../shared/modelId';
import type { Command } from '../context';
import { createRegistry } from '../engine';
import { err, out } from '../output';
import { loadPromptWithVariables, promptOptions } from '../promptInput';

export const runCommand: Command = {
  name: 'run',
  summary: 'run a prompt file against a model and stream the answer',
  help: `Usage: promptyard run <file> [--var name=value]... [--vars file.json] [--model id] [--json]

Renders the prompt and sends it to its model (or --model). The answer streams to stdout;
tokens, latency and cost go to stderr.

Options:
  --var name=value   a variable (repeatable); typed by the prompt's inputs
  --vars <file>      variables from a JSON or YAML file (--var wins)
  --model <id>       provider/model, e.g. openai/gpt-4o-mini, anthropic/claude-haiku-4-5,
                     ollama/llama3.2, local/default, local/path/to/model.gguf
  --json             wait for the whole answer and print it as JSON (text, tool calls, usage, cost)
  --no-stream        wait for the whole answer, then print it

Models: the prompt's own model, else defaultModel in promptyard.config.yaml, else the first
provider with a key (openai, then anthropic), else the local model.

Examples:
  promptyard run prompts/summarize.prompt.yml --var text="$(cat notes.md)"
  promptyard run prompts/extract-invoice.prompt.yml --vars invoice.json --json`,
  options: { ...promptOptions, model: { type: 'string' }, 'no-stream': { type: 'boolean' } },
  async run(args, ctx) {
    const { prompt, variables } = await loadPromptWithVariables(args, ctx, 'run');
    const modelId = typeof args.values.model === 'string' ? args.values.model : undefined;
    if (modelId !== undefined && !parseModelId(modelId)) {
      throw new PromptyardError('invalid-model-id', `--model '${modelId}' is not a model id`, { hint: 'Write provider/model, e.g. openai/gpt-4o-mini or local/default; `promptyard models` lists them.' });
    }
    const [config, registry] = await Promise.all([ctx.config(), createRegistry(ctx)]);
    const prepared = await prepareCall({ prompt, variables, modelId, config, registry }).catch((e: unknown) => {
      throw suggestLocal(e);
    });
    ctx.logger.debug(`model ${prepared.modelId}, ${prepared.messages.length} messages`);
    const live = !args.values.json && !args.values['no-stream'];
    let result: ChatResult | undefined;
    let endsWithNewline = true;
    for await (const event of streamCall(prepared, { signal: ctx.signal })) {
      if (event.type === 'text' && live) {
        out.write(event.delta);
        if (event.delta) endsWithNewline = event.delta.endsWith('\n');
      } else if (event.type === 'done') result = event.result;
    }
    if (!result) throw new PromptyardError('no-result', 'the model call ended without a result.', { exitCode: 1, hint: 'Run again with --debug.' });
    if (args.values.json) {
      out.json({ promptId: prompt.id, ...result });
      return 0;
    }
    if (!live) {
      out.write(result.text);
      endsWithNewline = result.text === '' || result.text.endsWith('\n');
    }
    if (!endsWithNewline) out.line();
    for (const call of result.toolCalls) out.line(formatToolCall(call));
    err.line(err.dim(usageLine(result)));
    return 0;
  },
};

function formatToolCall(call: ToolCall): string {
  return `[tool call ${call.id}] ${call.name}(${call.arguments})`;
}

export function usageLine(r: ChatResult): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const cached = r.usage.cachedInputTokens ? ` (${n(r.usage.cachedInputTokens)} cached)` : '';
  const first = r.firstTokenMs !== undefined ? `, first token ${(r.firstTokenMs / 1000).toFixed(2)} s` : '';
  const cost = r.cost ? ` · $${r.cost.total < 0.01 ? r.cost.total.toFixed(6) : r.cost.total.toFixed(4)}` : ' · cost unknown';
  return `${r.modelId} · ${n(r.usage.inputTokens)} in${cached} → ${n(r.usage.outputTokens)} out tokens · ${(r.latencyMs / 1000).toFixed(2)} s${first}${cost} · ${r.finishReason}`;
}

/** A missing key for the prompt's model: also offer the local model. */
function suggestLocal(e: unknown): unknown {
  if (e instanceof PromptyardError && e.code === 'missing-key') {
    return new PromptyardError(e.code, e.message, { hint: `${e.hint ?? ''} Or run it on the built-in local model: --model local/default.`.trim(), exitCode: e.exitCode, cause: e });
  }
  return e;
}

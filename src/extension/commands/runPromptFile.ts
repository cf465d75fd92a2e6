// "Run Prompt File": the CLI's `promptyard run` inside the editor. The active (or given) prompt file, with
// its unsaved edits, is rendered with variables asked for in input boxes (prefilled from its first test row
// or input defaults), sent to its model through the same core path, and streamed into an output channel.
import * as vscode from 'vscode';
import { PromptyardError } from '../../core/errors';
import { loadPartials } from '../../core/prompts/partials';
import { parsePromptFile } from '../../core/prompts/parse';
import type { PromptFile } from '../../core/prompts/promptFile';
import { renderPrompt, type TemplateVariables } from '../../core/prompts/render';
import { listVariables } from '../../core/prompts/variables';
import { buildChatRequest, defaultModelId } from '../../core/runPrompt';
import type { ChatResult } from '../../shared/types';
import { failureOf } from '../playground/failure';
import { promptFileArgument } from '../promptsTree';
import type { Services } from '../services';

export interface RunOutput {
  readonly channel: vscode.OutputChannel;
}

export async function runPromptFile(services: Services, output: RunOutput, arg?: unknown): Promise<ChatResult | undefined> {
  const uri = promptFileArgument(arg);
  if (!uri) throw new PromptyardError('no-prompt-file', 'No prompt file to run.', { hint: 'Open a .prompt.yml file (or pick one in the Prompts view), then run it.' });
  const document = await vscode.workspace.openTextDocument(uri);
  const parsed = parsePromptFile(document.getText(), uri.fsPath);
  if (!parsed.prompt) {
    const first = parsed.diagnostics.find((d) => d.severity === 'error');
    throw new PromptyardError('invalid-prompt', `${vscode.workspace.asRelativePath(uri)}:${first?.location?.line ?? 1}: ${first?.message ?? 'the file has an error'}`, { hint: 'Fix the file, then run it again.' });
  }
  const prompt = parsed.prompt;
  const variables = await askVariables(prompt);
  if (!variables) return undefined;
  const modelId = prompt.model ?? (await defaultModelId(services.config, services.registry));
  const resolved = await services.resolveModel(modelId);
  const messages = renderPrompt(prompt, variables, { partials: await loadPartials({ fromFile: uri.fsPath }) });
  const request = buildChatRequest(prompt, messages, resolved.model);
  const { channel } = output;
  channel.show(true);
  channel.appendLine(`▶ ${vscode.workspace.asRelativePath(uri)} on ${modelId}`);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Running ${prompt.name ?? prompt.id} on ${modelId}`, cancellable: true },
    async (_progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      try {
        let result: ChatResult | undefined;
        for await (const event of resolved.provider.stream(request, { signal: controller.signal })) {
          if (event.type === 'text') channel.append(event.delta);
          else if (event.type === 'done') result = event.result;
        }
        if (!result) throw new PromptyardError('no-result', 'The model call ended without a result.', { hint: 'Run it again.' });
        channel.appendLine('');
        for (const call of result.toolCalls) channel.appendLine(`[tool call ${call.id}] ${call.name}(${call.arguments})`);
        channel.appendLine(usageLine(result));
        return result;
      } catch (error) {
        const failure = failureOf(error, modelId);
        channel.appendLine(`\n✖ ${failure.message}${failure.hint ? ` ${failure.hint}` : ''}`);
        throw new PromptyardError(`run-${failure.kind}`, failure.message, failure.hint ? { hint: failure.hint } : {});
      } finally {
        cancel.dispose();
      }
    },
  );
}

/** Values for the variables the prompt needs; undefined when the user cancels an input box. */
async function askVariables(prompt: PromptFile): Promise<TemplateVariables | undefined> {
  const first = prompt.testData?.[0]?.vars ?? {};
  const values: TemplateVariables = {};
  for (const v of listVariables(prompt)) {
    if (!v.required) continue;
    const known = first[v.name];
    const value = await vscode.window.showInputBox({
      title: `Variable {{${v.name}}}`,
      prompt: v.description ?? `Value of {{${v.name}}} for this run`,
      value: known === undefined ? '' : typeof known === 'string' ? known : JSON.stringify(known),
      ignoreFocusOut: true,
    });
    if (value === undefined) return undefined;
    values[v.name] = v.type && v.type !== 'string' ? parseTyped(v.name, value) : value;
  }
  return values;
}

function parseTyped(name: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new PromptyardError('invalid-variable', `{{${name}}} needs a JSON value (a number, true/false, a list or an object), got '${raw}'.`, { hint: 'Run it again and type a JSON value.' });
  }
}

function usageLine(r: ChatResult): string {
  const cost = r.cost ? ` · $${r.cost.total < 0.01 ? r.cost.total.toFixed(6) : r.cost.total.toFixed(4)}` : '';
  return `— ${r.modelId} · ${r.usage.inputTokens} in → ${r.usage.outputTokens} out tokens · ${(r.latencyMs / 1000).toFixed(2)} s${cost} · ${r.finishReason}`;
}

// "Copy as code": renders the draft (variables filled in), picks the SDK of its first model's provider and
// puts the program on the clipboard. Keys stay in the environment of whoever runs the code.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PromptyardError } from '../../core/errors';
import { renderPrompt } from '../../core/prompts/render';
import { loadPartials } from '../../core/prompts/partials';
import type { PlaygroundDraft } from '../../shared/protocol';
import { parseModelId } from '../../shared/modelId';
import { generateCode, type CodeLanguage, type CodeTarget } from './codegen';
import { promptFromDraft } from './draft';
import type { PlaygroundSession } from './session';

export async function copyCode(session: PlaygroundSession, draft: PlaygroundDraft, language: CodeLanguage): Promise<string> {
  const modelId = draft.modelIds[0];
  const ref = modelId ? parseModelId(modelId) : undefined;
  if (!modelId || !ref) throw new PromptyardError('no-model', 'Pick a model first: the code calls its SDK.');
  const file = session.promptFile();
  const prompt = promptFromDraft(draft, { file });
  const partials = path.isAbsolute(file) ? await loadPartials({ fromFile: file }) : undefined;
  const messages = renderPrompt(prompt, draft.variables, partials ? { partials } : {});
  const code = generateCode(language, await targetOf(session, modelId, ref), {
    ...(draft.name ? { title: draft.name } : {}),
    messages,
    ...(prompt.modelParameters ? { parameters: prompt.modelParameters } : {}),
    ...(prompt.responseFormat ? { responseFormat: prompt.responseFormat } : {}),
    ...(prompt.tools ? { tools: prompt.tools } : {}),
  });
  await vscode.env.clipboard.writeText(code);
  session.services.logger.debug(`Copied ${language} code for ${modelId} (${code.length} characters).`);
  return code;
}

async function targetOf(session: PlaygroundSession, modelId: string, ref: { provider: string; model: string }): Promise<CodeTarget> {
  const { services } = session;
  const configured = (await services.registry.configuredProviders()).find((p) => p.name === ref.provider);
  if (!configured) throw new PromptyardError('unknown-provider', `There is no provider '${ref.provider}'.`, { hint: 'Pick a model from the list.' });
  const endpoint = services.config.endpoints[ref.provider];
  return {
    modelId,
    kind: configured.kind,
    model: ref.model,
    ...(configured.baseURL ? { baseURL: configured.baseURL } : {}),
    ...(endpoint?.headers ? { headers: endpoint.headers } : {}),
    ...(configured.keyEnv ? { keyEnv: configured.keyEnv } : {}),
  };
}

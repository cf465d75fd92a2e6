// Errors to what the playground shows: a typed kind, a message and a hint that says what to do next, in
// the editor's words (the engine's hints name CLI commands and promptyard.config.yaml). No `vscode` here.
import { InputError, isPromptyardError, ProviderError, type PromptyardError } from '../../core/errors';
import { formatLocation } from '../../core/errors';
import { redact } from '../../core/redact';
import type { RunFailure } from '../../shared/protocol';

const SET_KEY = '"Promptyard: Set API Key…"';

export function failureOf(error: unknown, modelId?: string): RunFailure {
  const provider = modelId?.slice(0, Math.max(0, modelId.indexOf('/')));
  if (error instanceof ProviderError) return clean({ kind: error.kind, message: error.message, hint: providerHint(error, modelId) });
  if (error instanceof InputError) {
    const where = error.location ? ` (${shortLocation(error.location)})` : '';
    // Rendering the draft is the only step that reads templates and partials, so bad input here is a render failure.
    return clean({ kind: 'render', message: `${error.message}${where}`, hint: error.hint ?? 'Fix the prompt and run again.' });
  }
  if (isPromptyardError(error)) return clean(configFailure(error, provider));
  const message = error instanceof Error ? error.message : String(error);
  return clean({ kind: 'internal', message: `Something went wrong: ${message}`, hint: 'Run it again; if it keeps failing, run "Promptyard: Show Log" and report what it says.' });
}

function configFailure(error: PromptyardError, provider: string | undefined): RunFailure {
  switch (error.code) {
    case 'missing-key':
      return {
        kind: 'auth',
        message: `${provider ?? 'This provider'} has no API key.`,
        hint: `Run ${SET_KEY} and pick ${provider ?? 'the provider'}, or choose local/default (runs on this machine, no key).`,
      };
    case 'unknown-provider':
      return { kind: 'config', message: error.message, hint: `Pick a model from the list, or add an OpenAI-compatible endpoint under "promptyard.endpoints" in your settings.` };
    case 'invalid-model-id':
      return { kind: 'config', message: error.message, hint: 'Write provider/model, e.g. openai/gpt-4o-mini, or pick one from the list.' };
    case 'render-failed':
    case 'invalid-json-schema':
      return { kind: 'render', message: error.message, hint: error.hint ?? 'Fix the prompt and run again.' };
    case 'untrusted-workspace':
      return { kind: 'config', message: error.message, hint: error.hint };
    default:
      return { kind: 'config', message: error.message, hint: editorHint(error.hint) };
  }
}

function providerHint(error: ProviderError, modelId: string | undefined): string | undefined {
  const name = error.provider;
  switch (error.kind) {
    case 'auth':
      return `Check the key for ${name}: run ${SET_KEY}, pick ${name} and paste a valid key.`;
    case 'invalid_request':
      if (error.status === 404) {
        return `The model ${modelId ?? ''} was not found at ${name}: pick another one from the model list (Refresh lists what the provider has), or check the base URL in "promptyard.endpoints".`.replace('  ', ' ');
      }
      return editorHint(error.hint);
    case 'network':
      // The local provider's only network use is the first download of the recommended model.
      if (name === 'local') {
        return `Without network the recommended model cannot download. Instead: run "Promptyard: Pick Local Model…" and choose a .gguf file you already have, pick an Ollama model (start Ollama with \`ollama serve\`), or run ${SET_KEY}.`;
      }
      return `${editorHint(error.hint) ?? 'Check the endpoint is reachable.'} For Ollama, start it with \`ollama serve\`; for a custom endpoint, check its baseURL in "promptyard.endpoints".`;
    case 'timeout':
      return 'The provider did not answer in time: try again, or raise "promptyard.requests.timeoutMs" / "promptyard.requests.deadlineMs" in settings.';
    default:
      return editorHint(error.hint);
  }
}

/** The engine's hints, reworded for the editor. */
function editorHint(hint: string | undefined): string | undefined {
  if (!hint) return undefined;
  return hint
    .replace(/run `promptyard keys set ([\w-]+)`/gi, `run ${SET_KEY} and pick $1`)
    .replace(/`promptyard keys set[^`]*`/g, SET_KEY)
    .replace(/`promptyard models` lists them/g, 'the model list shows them')
    .replace(/requests\.(\w+) in promptyard\.config\.yaml/g, '"promptyard.requests.$1" in settings')
    .replace(/under `endpoints:` in promptyard\.config\.yaml/g, 'under "promptyard.endpoints" in settings')
    .replace(/--model local\/default/g, 'local/default');
}

function shortLocation(location: { file: string; line: number; column: number }): string {
  const base = location.file.split(/[\\/]/).pop() ?? location.file;
  return formatLocation({ ...location, file: base });
}

function clean(failure: RunFailure): RunFailure {
  return { kind: failure.kind, message: redact(failure.message), ...(failure.hint ? { hint: redact(failure.hint) } : {}) };
}

// promptfoo provider ids (`openai:chat:gpt-4o`, `anthropic:messages:claude-…`, `ollama:chat:llama3.2`,
// `groq:llama-3.1-8b-instant`) mapped to Promptyard model ids (`provider/model`). Our own ids pass as they are.
import { parseModelId } from '../../../shared/modelId';
import type { SuiteContext } from './context';

/** `run`: the model under test (chat only). `grade`: a grader, which may also be an embedding model (`similar`). */
export type ProviderPurpose = 'run' | 'grade';

export type ProviderMapping = { ok: true; modelId: string; note?: string } | { ok: false; message: string };

/** OpenAI-compatible services promptfoo names by prefix; each runs as the endpoint of the same name. */
export const COMPATIBLE_SERVICES: Record<string, string> = {
  groq: 'https://api.groq.com/openai/v1',
  mistral: 'https://api.mistral.ai/v1',
  openrouter: 'https://openrouter.ai/api/v1',
  deepseek: 'https://api.deepseek.com/v1',
  togetherai: 'https://api.together.xyz/v1',
  fireworks: 'https://api.fireworks.ai/inference/v1',
  perplexity: 'https://api.perplexity.ai',
  xai: 'https://api.x.ai/v1',
  cerebras: 'https://api.cerebras.ai/v1',
};

export const SUPPORTED_PROVIDERS_TEXT =
  'Promptyard runs openai:<model>, anthropic:messages:<model>, ollama:chat:<model>, azure:chat:<deployment>, ' +
  'openai:chat:<model> with config.apiBaseUrl of a configured endpoint, ' +
  `${Object.keys(COMPATIBLE_SERVICES).join(':, ')}: (as endpoints of that name), or a provider/model id such as openai/gpt-4o-mini`;

const CHAT_STEPS = ['chat', 'messages'];
const EMBEDDING_STEPS = ['embedding', 'embeddings'];
const CODE_PREFIXES = ['python', 'exec', 'file', 'golang', 'ruby', 'javascript'];

export function mapProviderId(id: string, ctx: SuiteContext, purpose: ProviderPurpose, apiBaseUrl?: string): ProviderMapping {
  const trimmed = id.trim();
  if (!trimmed.includes(':')) {
    const ref = parseModelId(trimmed);
    if (ref) return { ok: true, modelId: trimmed };
    return { ok: false, message: `Provider "${id}" is not a provider id Promptyard knows. ${SUPPORTED_PROVIDERS_TEXT}.` };
  }
  const [prefix = '', ...rest] = trimmed.split(':');
  const name = prefix.toLowerCase();
  if (CODE_PREFIXES.includes(name) || name === 'http' || name === 'https') {
    const what = name === 'http' || name === 'https' ? 'HTTP providers' : 'Providers that run code';
    return { ok: false, message: `${what} (${prefix}:) can't run in Promptyard. ${SUPPORTED_PROVIDERS_TEXT}.` };
  }
  let step = rest.length > 1 ? (rest[0] ?? '').toLowerCase() : '';
  let model = (step ? rest.slice(1) : rest).join(':');
  if (step && !CHAT_STEPS.includes(step) && !EMBEDDING_STEPS.includes(step) && !['completion', 'responses', 'assistant'].includes(step)) {
    // A colon inside the model name (ollama tags: `ollama:llama3.2:1b`): not a step.
    model = rest.join(':');
    step = '';
  }
  if (!model.trim()) return { ok: false, message: `Provider "${id}" names no model; write e.g. ${prefix}:chat:<model>.` };
  if (EMBEDDING_STEPS.includes(step) && purpose === 'run') {
    return { ok: false, message: `Provider "${id}" is an embedding model; it can grade (similar) but not answer prompts. Use a chat model here.` };
  }
  let note: string | undefined;
  if (step === 'completion' && name === 'ollama') note = `${id} runs through Ollama's chat API.`;
  else if (step === 'responses' && name === 'openai') note = `${id} runs through OpenAI's Chat Completions API.`;
  else if (step === 'completion' || step === 'responses' || step === 'assistant') {
    return { ok: false, message: `Provider "${id}" uses the ${step} API, which Promptyard does not call; use ${prefix}:${name === 'anthropic' ? 'messages' : 'chat'}:${model}.` };
  }

  let provider: string;
  if (name === 'openai' && apiBaseUrl !== undefined) {
    const endpoint = endpointFor(apiBaseUrl, ctx);
    if (!endpoint) return { ok: false, message: endpointMissing(apiBaseUrl, model) };
    provider = endpoint;
  } else if (name === 'openai' || name === 'anthropic' || name === 'ollama') {
    provider = name;
  } else if (name === 'azure' || name === 'azureopenai') {
    provider = 'azure';
    const missing = requireEndpoint('azure', ctx, model);
    if (missing) return { ok: false, message: missing };
  } else if (COMPATIBLE_SERVICES[name] !== undefined) {
    provider = name;
    const missing = requireEndpoint(name, ctx, model);
    if (missing) return { ok: false, message: missing };
  } else {
    return { ok: false, message: `Provider "${id}" can't be mapped. ${SUPPORTED_PROVIDERS_TEXT}.` };
  }
  const modelId = `${provider}/${model}`;
  if (!parseModelId(modelId)) return { ok: false, message: `Provider "${id}" gives the model id "${modelId}", which is not valid (no spaces in a model name).` };
  return note ? { ok: true, modelId, note } : { ok: true, modelId };
}

function requireEndpoint(name: string, ctx: SuiteContext, model: string): string | undefined {
  if (!ctx.endpoints || ctx.endpoints[name]) return undefined;
  const url = COMPATIBLE_SERVICES[name] ?? 'https://<resource>.openai.azure.com/openai/v1';
  return (
    `No endpoint named "${name}" is configured; add it to promptyard.config.yaml ` +
    `(endpoints: { ${name}: { baseURL: ${url} } }) and run \`promptyard keys set ${name}\`; this provider then runs as ${name}/${model}.`
  );
}

function endpointFor(apiBaseUrl: string, ctx: SuiteContext): string | undefined {
  const wanted = normalizeUrl(apiBaseUrl);
  for (const [name, endpoint] of Object.entries(ctx.endpoints ?? {})) {
    if (normalizeUrl(endpoint.baseURL) === wanted) return name;
  }
  return undefined;
}

function endpointMissing(apiBaseUrl: string, model: string): string {
  let name = 'my-endpoint';
  try {
    const host = new URL(apiBaseUrl).hostname.split('.').filter((p) => p !== 'api' && p !== 'www')[0];
    if (host && /^[a-z][a-z0-9_-]{0,63}$/.test(host) && !['localhost', 'openai', 'anthropic', 'ollama', 'local'].includes(host)) name = host;
  } catch {
    // keep the generic name
  }
  return (
    `config.apiBaseUrl ${apiBaseUrl} is not a configured endpoint, so this provider would call the wrong server. ` +
    `Add it to promptyard.config.yaml (endpoints: { ${name}: { baseURL: ${apiBaseUrl} } }); it then runs as ${name}/${model}.`
  );
}

function normalizeUrl(url: string): string {
  return url.trim().replace(/\/+$/, '').replace(/^([a-z]+:\/\/[^/]+)/i, (m) => m.toLowerCase());
}

// Custom OpenAI-compatible endpoints from `promptyard.endpoints`, and the Workspace Trust gate over them.
// In an untrusted workspace only the user's own values count: a cloned repository must not be able to send
// prompts (or a key typed for a look-alike name) to a base URL or with headers of its choosing.
// No `vscode` here: config.ts reads the values, this decides.
import { BUILTIN_PROVIDERS, type EndpointConfig } from '../core/config';
import { isValidProviderName } from '../shared/modelId';
import type { InspectedEndpoints } from './config';

export interface ResolvedEndpoints {
  endpoints: Record<string, EndpointConfig>;
  /** Names defined (or redefined) only by workspace settings, ignored because the workspace is not trusted. */
  ignored: string[];
  /** What is wrong with an entry, in words a person can act on. */
  problems: string[];
}

/** Header names that carry keys: those belong in SecretStorage (Set API Key…), never in settings. */
const KEY_HEADERS = new Set(['authorization', 'api-key', 'x-api-key', 'proxy-authorization']);

export function resolveEndpoints(inspected: InspectedEndpoints, trusted: boolean): ResolvedEndpoints {
  const problems: string[] = [];
  const user = readEndpoints(inspected.user, 'user settings', problems);
  if (!trusted) {
    const fromWorkspace = new Set([...Object.keys(asRecord(inspected.workspace)), ...Object.keys(asRecord(inspected.workspaceFolder))]);
    const ignored = [...fromWorkspace].filter((name) => !user[name] || differs(inspected, name)).sort();
    return { endpoints: user, ignored, problems };
  }
  const workspace = readEndpoints(inspected.workspace, 'workspace settings', problems);
  const folder = readEndpoints(inspected.workspaceFolder, 'folder settings', problems);
  return { endpoints: { ...user, ...workspace, ...folder }, ignored: [], problems };
}

/** The workspace redefines a user endpoint (another base URL or headers). */
function differs(inspected: InspectedEndpoints, name: string): boolean {
  const mine = JSON.stringify(asRecord(inspected.user)[name]);
  return [inspected.workspace, inspected.workspaceFolder].some((scope) => name in asRecord(scope) && JSON.stringify(asRecord(scope)[name]) !== mine);
}

function readEndpoints(raw: unknown, where: string, problems: string[]): Record<string, EndpointConfig> {
  const out: Record<string, EndpointConfig> = {};
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`promptyard.endpoints in ${where} must map names to { baseURL, headers, models }.`);
    return out;
  }
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const endpoint = readEndpoint(name, value, where, problems);
    if (endpoint) out[name] = endpoint;
  }
  return out;
}

function readEndpoint(name: string, raw: unknown, where: string, problems: string[]): EndpointConfig | undefined {
  const at = `promptyard.endpoints.${name} (${where})`;
  if (!isValidProviderName(name) || (BUILTIN_PROVIDERS as readonly string[]).includes(name)) {
    problems.push(`${at}: use lower-case letters, digits, - or _ for the name, and not ${BUILTIN_PROVIDERS.join(', ')}.`);
    return undefined;
  }
  const data = asRecord(raw);
  if (typeof data.baseURL !== 'string' || !isHttpURL(data.baseURL)) {
    problems.push(`${at}: set baseURL to the endpoint's http:// or https:// URL, e.g. http://127.0.0.1:8000/v1.`);
    return undefined;
  }
  const endpoint: EndpointConfig = { name, baseURL: data.baseURL };
  if (data.headers !== undefined) {
    const headers = asRecord(data.headers);
    const entries = Object.entries(headers).filter(([, v]) => typeof v === 'string') as [string, string][];
    if (entries.length !== Object.keys(headers).length || headers !== data.headers) problems.push(`${at}: headers must map header names to strings.`);
    const keyHeaders = entries.filter(([k]) => KEY_HEADERS.has(k.toLowerCase()));
    if (keyHeaders.length > 0) {
      problems.push(`${at}: the ${keyHeaders.map(([k]) => k).join(', ')} header is ignored; store the key with "Promptyard: Set API Key…" instead.`);
    }
    const kept = entries.filter(([k]) => !KEY_HEADERS.has(k.toLowerCase()));
    if (kept.length > 0) endpoint.headers = Object.fromEntries(kept);
  }
  if (typeof data.apiKeyEnv === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(data.apiKeyEnv)) endpoint.apiKeyEnv = data.apiKeyEnv;
  else if (data.apiKeyEnv !== undefined) problems.push(`${at}: apiKeyEnv must be an environment variable name.`);
  if (Array.isArray(data.models) && data.models.every((m) => typeof m === 'string' && m.trim() !== '' && !/\s/.test(m))) endpoint.models = [...data.models];
  else if (data.models !== undefined) problems.push(`${at}: models must be a list of model names without spaces.`);
  return endpoint;
}

function isHttpURL(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Why a model id cannot be used in this workspace, or undefined when it can. */
export function trustRefusal(modelId: string, trusted: boolean, resolved: Pick<ResolvedEndpoints, 'endpoints' | 'ignored'>): string | undefined {
  if (trusted) return undefined;
  const slash = modelId.indexOf('/');
  const provider = slash > 0 ? modelId.slice(0, slash) : modelId;
  // A workspace redefinition of a user endpoint is ignored, but the user's own definition still runs.
  if (resolved.ignored.includes(provider) && !resolved.endpoints[provider]) {
    return `The endpoint '${provider}' comes from this workspace's settings, which Promptyard ignores while the workspace is not trusted.`;
  }
  const model = modelId.slice(slash + 1);
  if (provider === 'local' && (/[\\/]/.test(model) || model.toLowerCase().endsWith('.gguf'))) {
    return `'${modelId}' loads a model file named by this workspace, which Promptyard does not do while the workspace is not trusted.`;
  }
  return undefined;
}

export const TRUST_HINT = 'Trust the workspace (Workspaces: Manage Workspace Trust), or define the endpoint in your user settings.';

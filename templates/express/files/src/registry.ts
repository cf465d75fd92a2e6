// Prompts come from prompts/prompts.lock.json, never from a server: each released version is a snapshot
// in prompts/.versions/<id>/<version>.prompt.yml whose sha256 must match the lock (CRLF normalized to LF,
// as promptyard computes it). Any mismatch stops the service at start-up, naming the file.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ModelParameters {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
}

export interface PromptVersion {
  id: string;
  version: string;
  sha256: string;
  /** `provider/model` as the prompt file names it. */
  modelId: string;
  /** What the SDK gets: the model without its provider prefix. */
  model: string;
  messages: PromptMessage[];
  parameters: ModelParameters;
  /** The JSON Schema of `responseFormat: json_schema`, when the prompt has one. */
  outputSchema?: object;
  /** Defaults of `inputs`, and the inputs marked `trusted: true` (not delimited). */
  defaults: Record<string, unknown>;
  trusted: Set<string>;
}

export class RegistryError extends Error {
  override name = 'RegistryError';
}

interface LockEntry {
  versions: Record<string, { sha256: string }>;
  labels: Record<string, string>;
}

export function contentSha256(bytes: Buffer): string {
  // latin1 maps bytes 1:1, so this replaces CR LF pairs byte for byte, like promptyard.
  return createHash('sha256').update(Buffer.from(bytes.toString('latin1').replace(/\r\n/g, '\n'), 'latin1')).digest('hex');
}

export class PromptRegistry {
  private constructor(
    private readonly versions: Map<string, PromptVersion>,
    private readonly labelled: Map<string, PromptVersion>,
    readonly partials: Record<string, string>,
  ) {}

  /** Reads and verifies every version in the lock; resolves `id@label` for each prompt. */
  static load(dir: string, label: string): PromptRegistry {
    const lockFile = path.join(dir, 'prompts.lock.json');
    let lock: { lockfileVersion?: unknown; prompts?: Record<string, LockEntry> };
    try {
      lock = JSON.parse(readFileSync(lockFile, 'utf8'));
    } catch (e) {
      throw new RegistryError(`${lockFile}: cannot read the lock file (${(e as Error).message})`);
    }
    if (lock.lockfileVersion !== 1 || !lock.prompts || typeof lock.prompts !== 'object') {
      throw new RegistryError(`${lockFile}: not a lock file this service understands (lockfileVersion 1)`);
    }
    const versions = new Map<string, PromptVersion>();
    const labelled = new Map<string, PromptVersion>();
    for (const [id, entry] of Object.entries(lock.prompts)) {
      for (const [version, record] of Object.entries(entry.versions ?? {})) {
        const file = path.join(dir, '.versions', id, `${version}.prompt.yml`);
        if (!existsSync(file)) throw new RegistryError(`${file}: the snapshot of ${id} ${version} is missing`);
        const bytes = readFileSync(file);
        if (contentSha256(bytes) !== record.sha256) {
          throw new RegistryError(`${file}: sha256 differs from prompts.lock.json; a released snapshot was edited (restore it, or release a new version)`);
        }
        versions.set(`${id}@${version}`, parsePrompt(id, version, record.sha256, bytes.toString('utf8'), file));
      }
      const version = entry.labels?.[label];
      if (!version) throw new RegistryError(`${lockFile}: prompt '${id}' has no label '${label}' (PROMPT_LABEL)`);
      const resolved = versions.get(`${id}@${version}`);
      if (!resolved) throw new RegistryError(`${lockFile}: label '${label}' of '${id}' points at ${version}, which is not released`);
      labelled.set(id, resolved);
    }
    return new PromptRegistry(versions, labelled, loadPartials(path.join(dir, 'partials')));
  }

  /** The labelled version of `id`, or a given released version; undefined when there is none. */
  get(id: string, version?: string): PromptVersion | undefined {
    return version === undefined ? this.labelled.get(id) : this.versions.get(`${id}@${version}`);
  }

  ids(): string[] {
    return [...this.labelled.keys()].sort();
  }

  all(): PromptVersion[] {
    return [...this.versions.values()];
  }
}

function parsePrompt(id: string, version: string, sha256: string, text: string, file: string): PromptVersion {
  const doc = parseYaml(text) as Record<string, unknown> | null;
  const fail = (why: string): never => {
    throw new RegistryError(`${file}: ${why}`);
  };
  if (!doc || typeof doc !== 'object') fail('not a prompt file');
  const messages = doc!.messages;
  if (!Array.isArray(messages) || messages.length === 0) fail('has no messages');
  const modelId = typeof doc!.model === 'string' ? doc!.model : fail('names no model');
  const params = (doc!.modelParameters ?? {}) as ModelParameters;
  const inputs = (doc!.inputs ?? {}) as Record<string, { default?: unknown; trusted?: boolean }>;
  const defaults: Record<string, unknown> = {};
  const trusted = new Set<string>();
  for (const [name, input] of Object.entries(inputs)) {
    if (input?.default !== undefined) defaults[name] = input.default;
    if (input?.trusted === true) trusted.add(name);
  }
  return {
    id,
    version,
    sha256,
    modelId,
    model: modelId.includes('/') ? modelId.slice(modelId.indexOf('/') + 1) : modelId,
    messages: (messages as PromptMessage[]).map((m) => ({ role: m.role, content: String(m.content) })),
    parameters: params,
    outputSchema: jsonSchemaOf(doc!, fail),
    defaults,
    trusted,
  };
}

/** `responseFormat: json_schema` with `jsonSchema` as a JSON string (GitHub Models) or an object, holding `schema`. */
function jsonSchemaOf(doc: Record<string, unknown>, fail: (why: string) => never): object | undefined {
  if (doc.responseFormat !== 'json_schema') return undefined;
  let spec = doc.jsonSchema;
  if (typeof spec === 'string') {
    try {
      spec = JSON.parse(spec);
    } catch {
      fail('jsonSchema is not valid JSON');
    }
  }
  const schema = (spec as { schema?: unknown } | undefined)?.schema;
  if (!schema || typeof schema !== 'object') fail('responseFormat is json_schema but jsonSchema has no schema');
  return schema as object;
}

function loadPartials(dir: string): Record<string, string> {
  const partials: Record<string, string> = {};
  if (!existsSync(dir)) return partials;
  for (const name of readdirSync(dir).sort()) {
    const ext = path.extname(name);
    if (!['.hbs', '.md', '.txt'].includes(ext)) continue;
    partials[name.slice(0, -ext.length)] = readFileSync(path.join(dir, name), 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  }
  return partials;
}

// promptyard.config.yaml: endpoints, price overrides, the local model and request defaults.
// Found by walking up from the working directory; every error names file, line and column.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Diagnostic } from '../shared/types';
import { isValidProviderName, parseModelId } from '../shared/modelId';
import { BUILTIN_PROVIDERS, defaultConfig, type EndpointConfig, type ModelPrice, type PromptyardConfig } from './config';
import { InputError } from './errors';

export const CONFIG_FILE_NAMES = ['promptyard.config.yaml', 'promptyard.config.yml'];

export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export async function loadConfigFile(file: string): Promise<PromptyardConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError([{ severity: 'error', code: 'config-unreadable', message: `cannot read config file ${file}`, location: { file, line: 1, column: 1 } }]);
  }
  const { config, diagnostics } = parseConfig(text, file);
  if (diagnostics.some((d) => d.severity === 'error')) {
    throw new InputError(diagnostics, 'Fix promptyard.config.yaml (see docs in the README, "Configuration").');
  }
  return config;
}

/** Pure: never throws. */
export function parseConfig(text: string, file: string): { config: PromptyardConfig; diagnostics: Diagnostic[] } {
  const config = defaultConfig();
  const diagnostics: Diagnostic[] = [];
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (node: YamlNode | null | undefined, offset?: number) => {
    const pos = lines.linePos(offset ?? node?.range?.[0] ?? 0);
    return { file, line: pos.line, column: pos.col };
  };
  const error = (code: string, message: string, node?: YamlNode | null, offset?: number) =>
    diagnostics.push({ severity: 'error', code, message, location: at(node, offset) });

  for (const e of doc.errors) error('yaml-syntax', e.message.split('\n')[0]!, undefined, e.pos[0]);
  if (diagnostics.length) return { config, diagnostics };
  const root = doc.contents;
  if (root === null) return { config, diagnostics };
  if (!isMap(root)) {
    error('config-type', 'the config file must be a mapping of keys', root);
    return { config, diagnostics };
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as YamlNode | null;
    switch (key) {
      case 'defaultModel':
        if (!isScalar(value) || typeof value.value !== 'string' || !parseModelId(value.value)) {
          error('config-type', 'defaultModel must be a model id like openai/gpt-4o-mini', value ?? (pair.key as YamlNode));
        } else config.defaultModel = value.value;
        break;
      case 'requests':
        readNumbers(value, ['maxRetries', 'timeoutMs', 'deadlineMs'], config.requests as unknown as Record<string, number>, error);
        break;
      case 'local':
        if (!isMap(value)) error('config-type', 'local must be a mapping (model, cacheDir, downloadURL, contextSize, threads)', value);
        else {
          for (const p of value.items) {
            const k = isScalar(p.key) ? String(p.key.value) : '';
            const v = p.value as YamlNode | null;
            if (['model', 'cacheDir', 'downloadURL'].includes(k) && isScalar(v) && typeof v.value === 'string') {
              (config.local as Record<string, unknown>)[k] = k === 'downloadURL' ? v.value : expandHome(v.value, file);
            } else if (['contextSize', 'threads'].includes(k) && isScalar(v) && typeof v.value === 'number' && v.value > 0) {
              (config.local as Record<string, unknown>)[k] = v.value;
            } else error('config-type', `local.${k} is not a known setting or has the wrong type`, p.key as YamlNode);
          }
        }
        break;
      case 'endpoints':
        readEndpoints(value, config, error);
        break;
      case 'prices':
        readPrices(value, config, error);
        break;
      default:
        diagnostics.push({ severity: 'warning', code: 'unknown-key', message: `unknown key '${key}' is ignored`, location: at(pair.key as YamlNode) });
    }
  }
  return { config, diagnostics };
}

type Report = (code: string, message: string, node?: YamlNode | null) => void;

function readNumbers(node: YamlNode | null, keys: string[], target: Record<string, number>, error: Report): void {
  if (!isMap(node)) return void error('config-type', `expected a mapping with ${keys.join(', ')}`, node);
  for (const p of node.items) {
    const k = isScalar(p.key) ? String(p.key.value) : '';
    const v = p.value;
    if (!keys.includes(k)) error('config-type', `unknown setting '${k}' (expected one of ${keys.join(', ')})`, p.key as YamlNode);
    else if (!isScalar(v) || typeof v.value !== 'number' || v.value < 0) error('config-type', `${k} must be a number of 0 or more`, v as YamlNode);
    else target[k] = v.value;
  }
}

function readEndpoints(node: YamlNode | null, config: PromptyardConfig, error: Report): void {
  if (!isMap(node)) return void error('config-type', 'endpoints must map names to { baseURL, headers, apiKeyEnv, models }', node);
  for (const p of node.items) {
    const name = isScalar(p.key) ? String(p.key.value) : '';
    if (!isValidProviderName(name) || (BUILTIN_PROVIDERS as readonly string[]).includes(name)) {
      error('config-endpoint', `'${name}' cannot name an endpoint: use lower-case letters, digits, - or _, and not ${BUILTIN_PROVIDERS.join(', ')}`, p.key as YamlNode);
      continue;
    }
    const value = p.value as YamlNode | null;
    const data = isMap(value) ? (value.toJSON() as Record<string, unknown>) : undefined;
    if (!data || typeof data.baseURL !== 'string' || !/^https?:\/\//.test(data.baseURL)) {
      error('config-endpoint', `endpoint '${name}' needs a baseURL starting with http:// or https://`, value ?? (p.key as YamlNode));
      continue;
    }
    const endpoint: EndpointConfig = { name, baseURL: data.baseURL };
    if (data.headers !== undefined) {
      if (!isStringMap(data.headers)) error('config-endpoint', `endpoints.${name}.headers must map header names to strings`, value);
      else endpoint.headers = data.headers;
    }
    if (data.apiKeyEnv !== undefined) {
      if (typeof data.apiKeyEnv !== 'string') error('config-endpoint', `endpoints.${name}.apiKeyEnv must be an environment variable name`, value);
      else endpoint.apiKeyEnv = data.apiKeyEnv;
    }
    if (data.models !== undefined) {
      if (!Array.isArray(data.models) || !data.models.every((m) => typeof m === 'string')) error('config-endpoint', `endpoints.${name}.models must be a list of model names`, value);
      else endpoint.models = data.models as string[];
    }
    config.endpoints[name] = endpoint;
  }
}

function readPrices(node: YamlNode | null, config: PromptyardConfig, error: Report): void {
  if (!isMap(node)) return void error('config-type', 'prices must map model ids to { input, output, cachedInput } in USD per million tokens', node);
  for (const p of node.items) {
    const id = isScalar(p.key) ? String(p.key.value) : '';
    const v = isMap(p.value) ? (p.value.toJSON() as Record<string, unknown>) : undefined;
    const num = (x: unknown) => typeof x === 'number' && x >= 0;
    if (!parseModelId(id)) error('config-price', `'${id}' is not a model id like openai/gpt-4o-mini`, p.key as YamlNode);
    else if (!v || !num(v.input) || !num(v.output) || (v.cachedInput !== undefined && !num(v.cachedInput))) {
      error('config-price', `prices.${id} needs input and output (and optionally cachedInput) as USD per million tokens`, (p.value as YamlNode) ?? (p.key as YamlNode));
    } else config.prices[id] = v as unknown as ModelPrice;
  }
  if (isSeq(node)) error('config-price', 'prices must be a mapping, not a list', node);
}

function isStringMap(x: unknown): x is Record<string, string> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.values(x).every((v) => typeof v === 'string');
}

function expandHome(p: string, configFile: string): string {
  if (p.startsWith('~/')) return path.join(process.env.HOME ?? '', p.slice(2));
  return path.resolve(path.dirname(configFile), p);
}

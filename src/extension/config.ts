// The extension's settings, typed, in one place: the only caller of `getConfiguration`. SETTINGS mirrors
// `contributes.configuration` in package.json (key, type and default); a test keeps the two equal.
import * as vscode from 'vscode';

export const SECTION = 'promptyard';

export type SettingType = 'string' | 'boolean' | 'integer' | 'number' | 'array' | 'object';

export interface SettingSpec {
  type: SettingType;
  default: unknown;
}

export const SETTINGS = {
  defaultModel: { type: 'string', default: '' },
  endpoints: { type: 'object', default: {} },
  useEnvironmentKeys: { type: 'boolean', default: true },
  'ollama.detect': { type: 'boolean', default: true },
  'local.model': { type: 'string', default: '' },
  'requests.maxRetries': { type: 'integer', default: 2 },
  'requests.timeoutMs': { type: 'integer', default: 60_000 },
  'requests.deadlineMs': { type: 'integer', default: 180_000 },
  'playground.historySize': { type: 'integer', default: 50 },
  'evals.models': { type: 'array', default: [] },
  'evals.confirmAboveUsd': { type: 'number', default: 1 },
  'budget.monthlyUsd': { type: 'number', default: 0 },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;

export interface Settings {
  /** Empty when unset. */
  defaultModel: string;
  useEnvironmentKeys: boolean;
  ollamaDetect: boolean;
  /** A `.gguf` file for `local/default`; empty when unset. */
  localModel: string;
  requests: { maxRetries: number; timeoutMs: number; deadlineMs: number };
  historySize: number;
  /** Models "Run on all configured models" adds to each suite's own. */
  evalModels: string[];
  /** Ask before an eval run estimated above this (US dollars). */
  confirmAboveUsd: number;
  /** US dollars a month; 0: no budget. */
  monthlyBudgetUsd: number;
}

/** Where each value of `promptyard.endpoints` comes from; the trust gate (endpoints.ts) picks among them. */
export interface InspectedEndpoints {
  user: unknown;
  workspace: unknown;
  workspaceFolder: unknown;
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    defaultModel: value(config, 'defaultModel'),
    useEnvironmentKeys: value(config, 'useEnvironmentKeys'),
    ollamaDetect: value(config, 'ollama.detect'),
    localModel: value(config, 'local.model'),
    requests: {
      maxRetries: value(config, 'requests.maxRetries'),
      timeoutMs: value(config, 'requests.timeoutMs'),
      deadlineMs: value(config, 'requests.deadlineMs'),
    },
    historySize: value(config, 'playground.historySize'),
    evalModels: value(config, 'evals.models'),
    confirmAboveUsd: value(config, 'evals.confirmAboveUsd'),
    monthlyBudgetUsd: value(config, 'budget.monthlyUsd'),
  };
}

/** `promptyard.endpoints` per scope, never merged here: an untrusted workspace's values must stay apart. */
export function inspectEndpoints(): InspectedEndpoints {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('endpoints');
  return { user: inspected?.globalValue, workspace: inspected?.workspaceValue, workspaceFolder: inspected?.workspaceFolderValue };
}

export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SECTION);
}

/** Writes a user (global) setting: only ever on an explicit user action. */
export async function updateUserSetting(key: SettingKey, newValue: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, newValue, vscode.ConfigurationTarget.Global);
}

type ValueOf<K extends SettingKey> = (typeof SETTINGS)[K]['type'] extends 'string'
  ? string
  : (typeof SETTINGS)[K]['type'] extends 'boolean'
    ? boolean
    : (typeof SETTINGS)[K]['type'] extends 'array'
      ? string[]
      : number;

/** The setting's value when it has the declared type, else its default (a hand-edited settings.json may hold anything). */
function value<K extends Exclude<SettingKey, 'endpoints'>>(config: vscode.WorkspaceConfiguration, key: K): ValueOf<K> {
  const spec: SettingSpec = SETTINGS[key];
  const raw = config.get<unknown>(key);
  return (hasType(raw, spec.type) ? raw : spec.default) as ValueOf<K>;
}

export function hasType(raw: unknown, type: SettingType): boolean {
  switch (type) {
    case 'string':
      return typeof raw === 'string';
    case 'boolean':
      return typeof raw === 'boolean';
    case 'integer':
      return typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0;
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) && raw >= 0;
    case 'array':
      return Array.isArray(raw) && raw.every((item) => typeof item === 'string');
    case 'object':
      return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
  }
}

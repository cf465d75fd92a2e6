// Which file a `local/<model>` id runs: the catalog of downloadable models (one recommended) and the
// rules that turn `local/default`, `local/<catalog name>` or `local/<path>.gguf` into a file on disk.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { LocalModelConfig } from '../config';
import { PromptyardError } from '../errors';

export interface LocalModelEntry {
  /** Used in model ids: `local/<name>`. */
  name: string;
  /** File name in the models folder. */
  file: string;
  url: string;
  sizeBytes: number;
  /** Lower-case hex SHA-256 of the whole file, as published by the host (Git LFS object id). */
  sha256: string;
  /** Context length the model was trained with. */
  contextLength: number;
  license: string;
  description: string;
}

/**
 * Qwen2.5 0.5B Instruct, Q4_K_M, quantized by bartowski with llama.cpp: Apache-2.0, about 400 MB,
 * ChatML, decent at short answers and JSON. Size and SHA-256 are the Git LFS object of that file on
 * Hugging Face (the `lfs.sha256` / `lfs.size` of `GET /api/models/bartowski/Qwen2.5-0.5B-Instruct-GGUF?blobs=true`).
 */
export const RECOMMENDED_LOCAL_MODEL: LocalModelEntry = {
  name: 'qwen2.5-0.5b-instruct',
  file: 'Qwen2.5-0.5B-Instruct-Q4_K_M.gguf',
  url: 'https://huggingface.co/bartowski/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf',
  sizeBytes: 397_808_192,
  sha256: '6eb923e7d26e9cea28811e1a8e852009b21242fb157b26149d3b188f3a8c8653',
  contextLength: 32_768,
  license: 'Apache-2.0',
  description: 'Qwen2.5 0.5B Instruct (Q4_K_M, 398 MB): small, fast on a CPU, good enough to try prompts offline.',
};

export const LOCAL_MODEL_CATALOG: readonly LocalModelEntry[] = [RECOMMENDED_LOCAL_MODEL];

/** The name that means "the configured model, else the recommended one". */
export const DEFAULT_LOCAL_MODEL = 'default';

export interface PathContext {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/** `config.cacheDir`, else `$XDG_CACHE_HOME/promptyard/models`, else `~/.cache/promptyard/models`. */
export function localModelsDir(config: LocalModelConfig, context: PathContext = {}): string {
  const home = context.home ?? homedir();
  const cwd = context.cwd ?? process.cwd();
  if (config.cacheDir) return resolve(cwd, expandHome(config.cacheDir, home));
  const xdg = (context.env ?? process.env).XDG_CACHE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(home, '.cache');
  return join(base, 'promptyard', 'models');
}

export function expandHome(path: string, home: string = homedir()): string {
  if (path === '~') return home;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(home, path.slice(2));
  return path;
}

/** What a local model id points at. */
export type LocalModelTarget =
  | { kind: 'file'; path: string }
  | { kind: 'catalog'; path: string; entry: LocalModelEntry; url: string };

/**
 * Resolves the model part of `local/<model>`: `default` (config.model, else the recommended model),
 * a catalog name, or a path ending in `.gguf` (absolute, `~/...`, or relative to cwd).
 */
export function resolveLocalModel(model: string, config: LocalModelConfig, context: PathContext = {}): LocalModelTarget {
  const home = context.home ?? homedir();
  const cwd = context.cwd ?? process.cwd();
  const toFile = (p: string): LocalModelTarget => ({ kind: 'file', path: resolve(cwd, expandHome(p, home)) });
  if (model === DEFAULT_LOCAL_MODEL && config.model) return toFile(config.model);
  const entry = model === DEFAULT_LOCAL_MODEL ? RECOMMENDED_LOCAL_MODEL : LOCAL_MODEL_CATALOG.find((e) => e.name === model);
  if (entry) {
    const url = entry === RECOMMENDED_LOCAL_MODEL && config.downloadURL ? config.downloadURL : entry.url;
    return { kind: 'catalog', entry, url, path: join(localModelsDir(config, context), entry.file) };
  }
  if (model.toLowerCase().endsWith('.gguf')) return toFile(model);
  const names = [DEFAULT_LOCAL_MODEL, ...LOCAL_MODEL_CATALOG.map((e) => e.name)].map((n) => `local/${n}`).join(', ');
  throw new PromptyardError('local-model-unknown', `Unknown local model "local/${model}".`, {
    hint: `Use ${names}, or local/<path-to-file.gguf>.`,
    exitCode: 2,
  });
}

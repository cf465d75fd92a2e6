// `file://` assertion values, resolved against the suite's folder: JSON and YAML files are parsed, other
// files are text; `file://path.js:name` names an export of a script. Reads are cached by path and mtime.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export const FILE_PREFIX = 'file://';

export function isFileRef(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(FILE_PREFIX);
}

export interface FileRef {
  file: string;
  /** `file://check.js:isPolite` → `isPolite` (scripts only). */
  exportName?: string;
}

export function parseFileRef(ref: string, baseDir: string): FileRef {
  let rest = ref.slice(FILE_PREFIX.length);
  let exportName: string | undefined;
  const m = /^(.*\.(?:c?js|mjs|ts))?:([A-Za-z_$][\w$]*)$/.exec(rest);
  if (m && m[1]) {
    rest = m[1];
    exportName = m[2];
  }
  return { file: path.resolve(baseDir, rest), exportName };
}

const MAX_CACHED = 100;
const cache = new Map<string, { mtimeMs: number; text: string }>();

export async function readFileText(file: string): Promise<string> {
  const info = await stat(file);
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === info.mtimeMs) return hit.text;
  const text = await readFile(file, 'utf8');
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(file, { mtimeMs: info.mtimeMs, text });
  return text;
}

/** The value a `file://` reference stands for: parsed JSON or YAML, else the file's text. */
export async function loadFileValue(ref: string, baseDir: string): Promise<unknown> {
  const { file } = parseFileRef(ref, baseDir);
  const text = await readFileText(file);
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return JSON.parse(text);
  if (ext === '.yaml' || ext === '.yml') return parseYaml(text);
  return text;
}

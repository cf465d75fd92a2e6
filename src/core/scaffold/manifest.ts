// The manifest of a stack's templates (templates/<stack>/manifest.json, format in docs/scaffold.md): which
// files a generated project gets, where they go, and under which option. Read and checked before anything
// is rendered, so a broken template never half-generates a project.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PromptyardError } from '../errors';

export const SCAFFOLD_FLAGS = ['redis', 'streaming'] as const;
export type ScaffoldFlag = (typeof SCAFFOLD_FLAGS)[number];

export interface ManifestFile {
  /** Relative to templates/<stack>/files/ (or to templates/shared/ after `shared:`), `/` separators; a folder when it ends with `/`. */
  src: string;
  /** Relative to the project; may use `{{name}}` and `{{package}}`. */
  dest: string;
  /** `redis`, `streaming`, or either negated with `!`: the file is written only when it holds. */
  when?: string;
}

export interface Manifest {
  stack: string;
  displayName: string;
  language: string;
  files: ManifestFile[];
}

export const MANIFEST_NAME = 'manifest.json';
export const FILES_DIR = 'files';
export const SHARED_PREFIX = 'shared:';
export const SHARED_DIR = 'shared';

/** Stacks are the folders of templatesDir that hold a manifest.json, sorted. */
export function listStacks(templatesDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(templatesDir);
  } catch {
    return [];
  }
  return names.filter((n) => isFile(path.join(templatesDir, n, MANIFEST_NAME))).sort();
}

export function readManifest(templatesDir: string, stack: string): Manifest {
  const file = path.join(templatesDir, stack, MANIFEST_NAME);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw templateError(`${file} is not readable JSON: ${(e as Error).message}`);
  }
  return parseManifest(json, file, stack);
}

export function parseManifest(json: unknown, file: string, stack: string): Manifest {
  const fail = (message: string): never => {
    throw templateError(`${file}: ${message}`);
  };
  if (!json || typeof json !== 'object' || Array.isArray(json)) fail('not a JSON object');
  const m = json as Record<string, unknown>;
  if (m.stack !== stack) fail(`"stack" must be "${stack}", the name of its folder`);
  for (const key of ['displayName', 'language'] as const) {
    if (typeof m[key] !== 'string' || m[key] === '') fail(`"${key}" must be a non-empty string`);
  }
  if (!Array.isArray(m.files) || m.files.length === 0) fail('"files" must be a non-empty array');
  const files = (m.files as unknown[]).map((entry, i): ManifestFile => {
    if (!entry || typeof entry !== 'object') return fail(`files[${i}] must be an object`);
    const f = entry as Record<string, unknown>;
    if (typeof f.src !== 'string' || !isSafeRelative(f.src.replace(/^shared:/, ''))) fail(`files[${i}].src must be a relative path inside files/ (or shared:<path> inside templates/shared/)`);
    if (typeof f.dest !== 'string' || f.dest === '') fail(`files[${i}].dest must be a non-empty relative path`);
    if (f.when !== undefined && (typeof f.when !== 'string' || !parseWhen(f.when))) {
      fail(`files[${i}].when must be one of ${SCAFFOLD_FLAGS.join(', ')}, optionally negated with "!"`);
    }
    return { src: f.src as string, dest: f.dest as string, ...(f.when !== undefined ? { when: f.when as string } : {}) };
  });
  return { stack, displayName: m.displayName as string, language: m.language as string, files };
}

export function parseWhen(when: string): { flag: ScaffoldFlag; negate: boolean } | undefined {
  const negate = when.startsWith('!');
  const flag = negate ? when.slice(1) : when;
  return (SCAFFOLD_FLAGS as readonly string[]).includes(flag) ? { flag: flag as ScaffoldFlag, negate } : undefined;
}

/** Relative, `/` separators, no `..`, no empty or `.` segments (a trailing `/` is allowed). */
export function isSafeRelative(p: string): boolean {
  if (p === '' || p.startsWith('/') || p.includes('\\') || /^[A-Za-z]:/.test(p)) return false;
  const segments = p.endsWith('/') ? p.slice(0, -1).split('/') : p.split('/');
  return segments.every((s) => s !== '' && s !== '.' && s !== '..');
}

export function templateError(message: string): PromptyardError {
  return new PromptyardError('template-invalid', message, {
    hint: 'The stack template is broken; fix templates/<stack>/ (docs/scaffold.md) or reinstall promptyard.',
    exitCode: 1,
  });
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

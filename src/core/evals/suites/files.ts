// `file://` references of suites: resolved against the folder of the file that names them, read through
// the context, a missing file reported at the reference (never an exception).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SourceLocation } from '../../../shared/types';
import { report, type SuiteContext } from './context';

export const FILE_SCHEME = 'file://';

export function isFileRef(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(FILE_SCHEME);
}

/** The path a reference names, relative references joined to `baseDir` (kept relative when it is). */
export function resolveRef(baseDir: string, ref: string): string {
  const p = ref.startsWith(FILE_SCHEME) ? ref.slice(FILE_SCHEME.length) : ref;
  return path.isAbsolute(p) ? path.normalize(p) : path.join(baseDir, p);
}

/** The text of `file`, or undefined with a diagnostic at `location` (where the file is named). */
export async function readRef(ctx: SuiteContext, file: string, location: SourceLocation | undefined, what: string): Promise<string | undefined> {
  try {
    return await ctx.readText(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT') {
      report(ctx, 'error', location, 'file-not-found', `${what} ${file} does not exist; check the path (relative paths start at the folder of the file that names them).`);
    } else {
      const reason = code === 'EISDIR' ? 'it is a folder' : e instanceof Error ? e.message : String(e);
      report(ctx, 'error', location, 'unreadable-file', `Cannot read ${what.toLowerCase()} ${file}: ${reason}.`);
    }
    return undefined;
  }
}

export function hasGlob(file: string): boolean {
  return /[*?]/.test(file);
}

/**
 * Files matching a pattern whose last segment holds `*` or `?` (sorted); a pattern with wildcards in a
 * folder name is reported, and so is a pattern that matches nothing.
 */
export async function expandGlob(ctx: SuiteContext, pattern: string, location: SourceLocation | undefined): Promise<string[]> {
  const dir = path.dirname(pattern);
  const base = path.basename(pattern);
  if (hasGlob(dir)) {
    report(ctx, 'error', location, 'unsupported-glob', `Wildcards are supported in the file name only, not in folders (${pattern}); list the files instead.`);
    return [];
  }
  const regex = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    names = [];
  }
  const files = names.filter((n) => regex.test(n)).sort().map((n) => path.join(dir, n));
  if (files.length === 0) report(ctx, 'error', location, 'file-not-found', `No file matches ${pattern}; check the pattern and the folder.`);
  return files;
}

// Partials for `{{> name}}`: the files of the nearest `prompts/partials/` folder (`*.hbs`, `*.md`, `*.txt`,
// name = file name without extension), an explicit folder, or an in-memory map.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors';

export const PARTIAL_EXTENSIONS = ['.hbs', '.md', '.txt'] as const;

export interface PartialTemplate {
  name: string;
  content: string;
  /** The partial's file, or a label for in-memory partials. */
  file: string;
}

export interface PartialSet {
  /** The folder the partials came from, when they came from one. */
  dir?: string;
  partials: ReadonlyMap<string, PartialTemplate>;
}

export const EMPTY_PARTIALS: PartialSet = { partials: new Map() };

export function partialsFromRecord(record: Record<string, string>, label = '<partials>'): PartialSet {
  const partials = new Map<string, PartialTemplate>();
  for (const [name, content] of Object.entries(record)) partials.set(name, { name, content, file: `${label}/${name}` });
  return { partials };
}

/** Walks up from a prompt file to the nearest `prompts/partials` folder. */
export async function findPartialsDir(fromFile: string): Promise<string | undefined> {
  let dir = path.dirname(path.resolve(fromFile));
  for (;;) {
    const candidates = [path.join(dir, 'prompts', 'partials')];
    if (path.basename(dir) === 'prompts') candidates.unshift(path.join(dir, 'partials'));
    for (const candidate of candidates) if (await isDirectory(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Loads partials from `dir` when given (it must exist), else from the nearest `prompts/partials`
 * above `fromFile`; no folder gives an empty set.
 */
export async function loadPartials(options: { fromFile?: string; dir?: string }): Promise<PartialSet> {
  let dir = options.dir;
  if (dir !== undefined && !(await isDirectory(dir))) {
    throw new InputError(
      [{ severity: 'error', code: 'missing-partials-dir', message: `The partials folder ${dir} does not exist.` }],
      'Create it, or point to the folder that holds your *.hbs, *.md or *.txt partials.',
    );
  }
  if (dir === undefined && options.fromFile !== undefined) dir = await findPartialsDir(options.fromFile);
  if (dir === undefined) return EMPTY_PARTIALS;
  const partials = new Map<string, PartialTemplate>();
  const names = (await readdir(dir)).sort();
  for (const entry of names) {
    const ext = path.extname(entry).toLowerCase();
    if (!(PARTIAL_EXTENSIONS as readonly string[]).includes(ext)) continue;
    const file = path.join(dir, entry);
    if (!(await isFile(file))) continue;
    const name = entry.slice(0, -ext.length);
    const existing = partials.get(name);
    if (existing) {
      throw new InputError(
        [
          {
            severity: 'error',
            code: 'duplicate-partial',
            message: `Two partials are named "${name}": ${existing.file} and ${file}.`,
            location: { file, line: 1, column: 1 },
          },
        ],
        'Rename or delete one of them; a partial name is its file name without the extension.',
      );
    }
    partials.set(name, { name, file, content: normalizeNewlines(await readFile(file, 'utf8')) });
  }
  return { dir, partials };
}

/** The final newline stays: a partial on a line of its own replaces that whole line, newline included. */
function normalizeNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

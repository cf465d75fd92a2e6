// Renders a stack's manifest into the files of a project, in memory: `.hbs` sources through Handlebars
// (noEscape, strict) over the scaffold context, everything else byte for byte, destinations rendered too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { FILES_DIR, SHARED_DIR, SHARED_PREFIX, isSafeRelative, parseWhen, templateError, type Manifest, type ScaffoldFlag } from './manifest';
import type { ChosenPrompt } from './prompts';
import type { ScaffoldProvider } from './options';

/** The data every `.hbs` file and every `dest` is rendered with (docs/scaffold.md, "Context"). */
export interface ScaffoldContext {
  name: string;
  title: string;
  package: string;
  provider: ScaffoldProvider;
  prompts: ChosenPrompt[];
  redis: boolean;
  streaming: boolean;
  promptyardVersion: string;
}

export interface PlannedFile {
  /** Project-relative, `/` separators. */
  path: string;
  content: Buffer;
  /** Unix permission bits (executables keep their x bits). */
  mode: number;
}

const env = createEnv();

function createEnv(): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.unregisterHelper('log');
  // `{{json value}}` writes JSON (for config files); `{{#if (eq a "b")}}` compares.
  hbs.registerHelper('json', (value: unknown) => JSON.stringify(value));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  return hbs;
}

export function renderTemplateText(text: string, context: ScaffoldContext, where: string): string {
  try {
    return env.compile(text, { noEscape: true, strict: true })(context, {
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
    });
  } catch (e) {
    throw templateError(`${where}: ${(e as Error).message.trim().replace(/\n+/g, ' | ')}`);
  }
}

export function renderManifest(stackDir: string, manifest: Manifest, context: ScaffoldContext): PlannedFile[] {
  const filesDir = path.join(stackDir, FILES_DIR);
  const out = new Map<string, PlannedFile>();
  const add = (file: PlannedFile, from: string) => {
    if (out.has(file.path)) throw templateError(`${from}: two manifest entries write ${file.path}`);
    out.set(file.path, file);
  };
  manifest.files.forEach((entry, i) => {
    const where = `${manifest.stack}/manifest.json files[${i}]`;
    if (entry.when) {
      const w = parseWhen(entry.when)!;
      if (context[w.flag satisfies ScaffoldFlag] === w.negate) return;
    }
    // In a destination `{{package}}` is the Java package path (dev/promptyard/x), docs/scaffold.md.
    const dest = renderTemplateText(entry.dest, { ...context, package: context.package.replace(/\./g, '/') }, `${where}.dest`);
    if (!isSafeRelative(dest)) throw templateError(`${where}: dest '${dest}' is not a relative path inside the project`);
    const shared = entry.src.startsWith(SHARED_PREFIX);
    const rel = shared ? entry.src.slice(SHARED_PREFIX.length) : entry.src;
    const src = path.join(shared ? path.join(stackDir, '..', SHARED_DIR) : filesDir, ...rel.split('/').filter(Boolean));
    if (entry.src.endsWith('/')) {
      const base = dest.endsWith('/') ? dest.slice(0, -1) : dest;
      for (const file of walk(src, where)) add(planFile(path.join(src, file), `${base}/${file}`, context), where);
    } else {
      add(planFile(src, dest, context, where), where);
    }
  });
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function planFile(src: string, dest: string, context: ScaffoldContext, where = src): PlannedFile {
  let bytes: Buffer;
  let mode: number;
  try {
    bytes = readFileSync(src);
    mode = statSync(src).mode & 0o777;
  } catch {
    throw templateError(`${where}: ${src} is missing`);
  }
  if (!src.endsWith('.hbs')) return { path: dest, content: bytes, mode };
  const text = renderTemplateText(bytes.toString('utf8'), context, src);
  return { path: dest.endsWith('.hbs') ? dest.slice(0, -4) : dest, content: Buffer.from(text, 'utf8'), mode };
}

/** Files under `dir`, relative with `/`, sorted. */
function walk(dir: string, where: string, prefix = ''): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    throw templateError(`${where}: the folder ${dir} is missing`);
  }
  const out: string[] = [];
  for (const e of entries) {
    if (e.isDirectory()) out.push(...walk(path.join(dir, e.name), where, `${prefix}${e.name}/`));
    else if (e.isFile()) out.push(`${prefix}${e.name}`);
  }
  return out.sort();
}

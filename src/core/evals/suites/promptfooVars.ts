// promptfoo's variable semantics: `defaultTest.vars` under each test's, a list of strings expands into one
// case per value (the cartesian product over variables), `file://` values are read (text as is, JSON and
// YAML parsed) and a glob gives one case per matching file.
import path from 'node:path';
import type { SourceLocation } from '../../../shared/types';
import type { EvalCase } from '../types';
import { report, type SuiteContext } from './context';
import { expandGlob, hasGlob, isFileRef, readRef, resolveRef } from './files';
import type { PendingCase } from './promptfooTests';
import { applyRubricPrompt } from './specs';
import type { TestObject } from './testObject';
import { parseYaml } from './yamlDocument';

/** More cases than this from one test is a mistake (a long list in the wrong place), not a plan. */
export const MAX_EXPANSION = 10_000;

const CODE_FILE = /\.(?:js|cjs|mjs|ts|cts|mts|py|sh)(?::[\w.$]+)?$/i;
const BINARY_FILE = /\.(?:png|jpe?g|gif|webp|bmp|tiff?|pdf|mp3|wav|ogg|flac|m4a|mp4|mov|webm|zip)$/i;

type Choice = { file: string } | { value: unknown };

export async function finalizeCases(pendingCases: PendingCase[], defaults: TestObject | undefined, ctx: SuiteContext, baseDir: string): Promise<EvalCase[]> {
  const files = new Map<string, Promise<{ value?: unknown }>>();
  const out: EvalCase[] = [];
  for (const p of pendingCases) {
    const c = expectedAsVar(withDefaults(p.case, defaults));
    out.push(...(await expandCase(c, p, ctx, baseDir, files)));
  }
  return out;
}

/** In promptfoo every dataset column is a variable: an `expected` column stays usable as {{expected}}. */
function expectedAsVar(c: EvalCase): EvalCase {
  if (c.expected === undefined || 'expected' in c.vars) return c;
  return { ...c, vars: { ...c.vars, expected: c.expected } };
}

function withDefaults(c: EvalCase, defaults: TestObject | undefined): EvalCase {
  if (!defaults) return c;
  const merged: EvalCase = { ...c, vars: { ...defaults.vars, ...c.vars } };
  if (merged.threshold === undefined && defaults.threshold !== undefined) merged.threshold = defaults.threshold;
  const transform = c.options?.transform ?? defaults.options.transform;
  if (transform !== undefined) merged.options = { ...merged.options, transform };
  if (defaults.options.rubricPrompt !== undefined) {
    merged.assert = c.assert.map((a) => ({ ...a }));
    applyRubricPrompt(merged.assert, defaults.options.rubricPrompt);
  }
  return merged;
}

async function expandCase(c: EvalCase, p: PendingCase, ctx: SuiteContext, baseDir: string, files: Map<string, Promise<{ value?: unknown }>>): Promise<EvalCase[]> {
  const names = Object.keys(c.vars);
  const choices: Choice[][] = [];
  let total = 1;
  for (const name of names) {
    const value = c.vars[name];
    const at = varLocation(c, p, name);
    let options: Choice[];
    if (isFileRef(value) && hasGlob(value)) options = (await expandGlob(ctx, resolveRef(baseDir, value), at)).map((file) => ({ file }));
    else if (isFileRef(value)) options = [{ file: resolveRef(baseDir, value) }];
    else if (p.expand && Array.isArray(value) && value.length > 0 && typeof value[0] === 'string') {
      options = value.map((v) => (isFileRef(v) ? { file: resolveRef(baseDir, v) } : { value: v }));
    } else options = [{ value }];
    if (options.length === 0) return [];
    choices.push(options);
    total *= options.length;
  }
  if (total > MAX_EXPANSION) {
    const message = `This test expands into ${total} cases (its list variables multiply); the limit is ${MAX_EXPANSION}. Shorten the lists, or set options.disableVarExpansion: true to pass them as lists.`;
    report(ctx, 'error', c.location, 'expansion-too-large', message);
    return [];
  }
  const out: EvalCase[] = [];
  for (let k = 0; k < total; k++) {
    const vars: Record<string, unknown> = {};
    let rest = k;
    for (let v = names.length - 1; v >= 0; v--) {
      const options = choices[v]!;
      const choice = options[rest % options.length]!;
      rest = Math.floor(rest / options.length);
      vars[names[v]!] = 'file' in choice ? (await loadVarFile(choice.file, names[v]!, varLocation(c, p, names[v]!), ctx, files)).value : choice.value;
    }
    const ordered = Object.fromEntries(names.map((n) => [n, vars[n]]));
    out.push({ ...c, id: total > 1 ? `${c.id}.${k + 1}` : c.id, vars: ordered });
  }
  return out;
}

function varLocation(c: EvalCase, p: PendingCase, name: string): SourceLocation | undefined {
  return p.varsPlace ? p.varsPlace.at([name]) : c.location;
}

function loadVarFile(file: string, name: string, at: SourceLocation | undefined, ctx: SuiteContext, files: Map<string, Promise<{ value?: unknown }>>): Promise<{ value?: unknown }> {
  let loaded = files.get(file);
  if (!loaded) {
    loaded = readVarFile(file, name, at, ctx);
    files.set(file, loaded);
  }
  return loaded;
}

async function readVarFile(file: string, name: string, at: SourceLocation | undefined, ctx: SuiteContext): Promise<{ value?: unknown }> {
  if (CODE_FILE.test(file)) {
    report(ctx, 'error', at, 'unsupported-var', `Variable ${name}: ${path.basename(file)} is code, which Promptyard does not run to make variables; save its output as a text, JSON or YAML file.`);
    return {};
  }
  if (BINARY_FILE.test(file)) {
    report(ctx, 'error', at, 'unsupported-var', `Variable ${name}: ${path.basename(file)} is not text; images, audio and PDFs can't be variables yet.`);
    return {};
  }
  const text = await readRef(ctx, file, at, `Variable ${name}: file`);
  if (text === undefined) return {};
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) {
    try {
      return { value: JSON.parse(text) };
    } catch (e) {
      report(ctx, 'error', { file, line: 1, column: 1 }, 'invalid-json', `${file} (variable ${name}) is not valid JSON: ${e instanceof Error ? e.message : String(e)}.`);
      return {};
    }
  }
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) {
    const parsed = parseYaml(text, file, ctx);
    return parsed ? { value: parsed.value } : {};
  }
  return { value: text };
}

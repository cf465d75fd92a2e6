// promptfoo `prompts`: inline templates (Nunjucks, converted to Handlebars), `file://` text, Markdown,
// Jinja, JSON / YAML chat arrays, `.prompt.yml` and `.prompty` files, `{id, label, raw}` objects and the
// `{ path: label }` map form. Prompts written as code are errors at their location.
import path from 'node:path';
import { isScalar } from 'yaml';
import type { PositionAt } from '../../prompts/jinja';
import { parsePromptFile } from '../../prompts/parse';
import { idFromFileName, isPromptFileName, PROMPTY_SUFFIX, type ContentSource, type PromptFile, type ScalarStyle } from '../../prompts/promptFile';
import { locateInTemplate } from '../../prompts/sourceMap';
import { importPrompty } from '../../prompts/prompty';
import type { Diagnostic, SourceLocation } from '../../../shared/types';
import type { EvalPrompt } from '../types';
import { report, type SuiteContext } from './context';
import { expandGlob, hasGlob, isFileRef, readRef, resolveRef } from './files';
import { contentSha256 } from '../../prompts/registry/hash';
import { YamlPlace, type Place } from './place';
import { positionIndex } from '../../prompts/sourceMap';
import { chatMessages, textMessages } from './promptfooMessages';
import { isRecord, unknownKey } from './specs';
import { parseYaml } from './yamlDocument';

interface Built {
  /** Preferred id: a label, an explicit id or a file name; else `prompt-<n>`. */
  name?: string;
  /** The label the config gives the prompt. */
  label?: string;
  prompt: Omit<PromptFile, 'id'>;
  sha256: string;
}

const CODE_FILE = /\.(?:js|cjs|mjs|ts|cts|mts|py|sh|go|rb)(?::[\w.$]+)?$/i;
const PROMPT_OBJECT_KEYS = ['id', 'label', 'raw', 'config'];

export async function readPromptfooPrompts(raw: unknown, place: YamlPlace, ctx: SuiteContext, baseDir: string): Promise<EvalPrompt[]> {
  const built: Built[] = [];
  if (typeof raw === 'string' && isFileRef(raw) && /\.(ya?ml|json)$/i.test(raw) && !isPromptFileName(raw)) {
    // `prompts: file://prompts.yaml` may hold the list of prompts itself.
    const list = await readPromptList(raw, place, ctx, baseDir);
    if (list) {
      for (const [i, item] of list.value.entries()) built.push(...(await readEntry(item, list.place.child([i]), ctx, path.dirname(list.file))));
      return finish(built);
    }
  }
  if (typeof raw === 'string') built.push(...(await readEntry(raw, place, ctx, baseDir)));
  else if (Array.isArray(raw)) {
    for (const [i, item] of raw.entries()) built.push(...(await readEntry(item, place.child([i]), ctx, baseDir)));
  } else if (isRecord(raw)) {
    for (const [key, label] of Object.entries(raw)) {
      if (typeof label !== 'string') report(ctx, 'error', place.at([key]), 'invalid-type', `The label of prompt "${key}" must be a string.`);
      else built.push(...(await readEntry(key, place.child([key]), ctx, baseDir, label, place.at([key], 'key'))));
    }
  } else {
    report(ctx, 'error', place.at(), 'invalid-type', 'prompts must be a prompt, a list of prompts, or a map of file:// paths to labels.');
  }
  return finish(built);
}

async function readEntry(item: unknown, place: Place, ctx: SuiteContext, baseDir: string, label?: string, keyAt?: SourceLocation): Promise<Built[]> {
  if (typeof item === 'string') {
    if (isFileRef(item)) return readPromptFiles(item, keyAt ?? place.at(), ctx, baseDir, label);
    return [rawPrompt(item, place, ctx, label)];
  }
  if (!isRecord(item)) {
    report(ctx, 'error', place.at(), 'invalid-type', 'A prompt must be a string, a file:// path or {id, label, raw}.');
    return [];
  }
  for (const key of Object.keys(item)) if (!PROMPT_OBJECT_KEYS.includes(key)) unknownKey(ctx, place, key, PROMPT_OBJECT_KEYS, 'a prompt');
  if (isRecord(item.config) && Object.keys(item.config).length > 0) {
    const message = 'Prompt config is not supported; set model parameters on the provider, or use a .prompt.yml prompt (responseFormat, tools).';
    report(ctx, 'error', place.at(['config'], 'key'), 'unsupported-key', message);
  }
  const itemLabel = typeof item.label === 'string' ? item.label : undefined;
  if (typeof item.raw === 'string') return [rawPrompt(item.raw, place.child(['raw']), ctx, itemLabel ?? (typeof item.id === 'string' ? item.id : undefined))];
  if (typeof item.id === 'string') {
    if (isFileRef(item.id)) return readPromptFiles(item.id, place.at(['id']), ctx, baseDir, itemLabel);
    return [rawPrompt(item.id, place.child(['id']), ctx, itemLabel)];
  }
  report(ctx, 'error', place.at(), 'missing-key', 'This prompt has neither `raw:` (the template) nor `id:` (a file:// path); add one.');
  return [];
}

/** An inline template; its positions map into the YAML scalar that holds it. */
function rawPrompt(text: string, place: Place, ctx: SuiteContext, label?: string): Built {
  const positionAt = scalarPositions(text, place);
  const messages = chatMessages(text, place.file, positionAt(0), ctx) ?? textMessages(text, 0, text.length, place.file, positionAt, ctx);
  const built: Built = { prompt: { file: place.file, messages }, sha256: contentSha256(text) };
  if (label !== undefined) Object.assign(built, { name: label, label });
  return built;
}

function scalarPositions(text: string, place: Place): PositionAt {
  const node = place instanceof YamlPlace ? place.nodeAt() : undefined;
  if (!(place instanceof YamlPlace) || !isScalar(node) || !node.range) {
    const at = place.at();
    return () => ({ line: at.line, column: at.column });
  }
  const source: ContentSource = {
    kind: 'yaml-scalar',
    style: (node.type ?? 'PLAIN') as ScalarStyle,
    raw: place.text.slice(node.range[0], node.range[1]),
    ...place.position(node.range[0]),
  };
  return (offset) => {
    const at = locateInTemplate(text, offset, offset + 1, source, place.file);
    return { line: at.line, column: at.column };
  };
}

async function readPromptFiles(ref: string, at: SourceLocation, ctx: SuiteContext, baseDir: string, label?: string): Promise<Built[]> {
  const file = resolveRef(baseDir, ref);
  if (CODE_FILE.test(file)) {
    report(ctx, 'error', at, 'unsupported-prompt', `${ref} is a prompt written as code, which Promptyard does not run; write the prompt as text, a JSON chat or a .prompt.yml file.`);
    return [];
  }
  const files = hasGlob(file) ? await expandGlob(ctx, file, at) : [file];
  const out: Built[] = [];
  for (const f of files) out.push(...(await readPromptFile(f, at, ctx, files.length === 1 ? label : undefined)));
  return out;
}

async function readPromptFile(file: string, at: SourceLocation, ctx: SuiteContext, label?: string): Promise<Built[]> {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) {
    report(ctx, 'error', at, 'unsupported-prompt', `Prompts from a CSV file (${file}) are not supported; list them in the config.`);
    return [];
  }
  const text = await readRef(ctx, file, at, 'Prompt file');
  if (text === undefined) return [];
  const name = label ?? idFromFileName(file);
  const whole = (prompt: Omit<PromptFile, 'id'>, n = name): Built => ({ name: n, label, prompt, sha256: contentSha256(text) });
  if (isPromptFileName(file) || lower.endsWith(PROMPTY_SUFFIX)) {
    const result = lower.endsWith(PROMPTY_SUFFIX) ? importPrompty(text, file) : parsePromptFile(text, file);
    ctx.diagnostics.push(...result.diagnostics);
    if (!result.prompt) return [];
    if (result.prompt.testData || result.prompt.evaluators || result.prompt.datasets) {
      report(ctx, 'info', at, 'ignored-key', `The testData, evaluators and datasets of ${file} are not used here: the config's tests run on it.`);
    }
    const { testData: _t, evaluators: _e, datasets: _d, id: _id, ...prompt } = result.prompt;
    return [whole(prompt, label ?? result.prompt.id)];
  }
  if (lower.endsWith('.json') || lower.endsWith('.yaml') || lower.endsWith('.yml')) {
    const messages = structuredChat(text, file, ctx);
    return messages ? [whole({ file, messages })] : [];
  }
  if (lower.endsWith('.jsonl')) {
    const out: Built[] = [];
    const at0 = positionIndex(text);
    let offset = 0;
    for (const [i, line] of text.split('\n').entries()) {
      if (line.trim()) {
        const messages = chatMessages(line, file, at0(offset), ctx, true);
        if (messages) out.push({ name: `${name}:${i + 1}`, prompt: { file, messages }, sha256: contentSha256(line) });
      }
      offset += line.length + 1;
    }
    return out;
  }
  const positionAt = positionIndex(text);
  const sections = lower.endsWith('.txt') ? splitSections(text) : [[0, text.length] as const];
  return sections.map(([start, end], k) => ({
    name: sections.length > 1 ? `${name}-${k + 1}` : name,
    label: sections.length > 1 || label === undefined ? undefined : label,
    prompt: { file, messages: textMessages(text, start, end, file, positionAt, ctx) },
    sha256: contentSha256(text.slice(start, end)),
  }));
}

/** A JSON or YAML file holding a chat (list of {role, content}) or one template string. */
function structuredChat(text: string, file: string, ctx: SuiteContext): PromptFile['messages'] | undefined {
  const parsed = parseYaml(text, file, ctx);
  if (!parsed) return undefined;
  if (typeof parsed.value === 'string') return textMessages(parsed.value, 0, parsed.value.length, file, () => ({ line: 1, column: 1 }), ctx);
  return chatMessages(parsed.value, file, { line: 1, column: 1 }, ctx, true);
}

/** A `prompts: file://list.yaml` that holds prompt entries rather than one chat. */
async function readPromptList(ref: string, place: Place, ctx: SuiteContext, baseDir: string): Promise<{ value: unknown[]; place: YamlPlace; file: string } | undefined> {
  const file = resolveRef(baseDir, ref);
  const scratch: Diagnostic[] = [];
  const text = await readRef({ ...ctx, diagnostics: scratch }, file, place.at(), 'Prompt file');
  if (text === undefined) return undefined;
  const parsed = parseYaml(text, file, { ...ctx, diagnostics: scratch });
  const isChat = (v: unknown) => isRecord(v) && typeof v.role === 'string';
  if (!parsed || !Array.isArray(parsed.value) || parsed.value.some(isChat)) return undefined;
  return { value: parsed.value, place: parsed.place, file };
}

/** promptfoo separates prompts in one .txt file by a line holding only `---`. */
function splitSections(text: string): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  const separator = /^---[ \t]*\r?$/gm;
  let start = 0;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    out.push([start, Math.max(start, m.index - 1)]);
    start = Math.min(text.length, m.index + m[0].length + 1);
  }
  out.push([start, text.length]);
  return out.filter(([s, e]) => text.slice(s, e).trim());
}

function finish(built: Built[]): EvalPrompt[] {
  const used = new Set<string>();
  return built.map((b, i) => {
    let id = b.name ?? `prompt-${i + 1}`;
    for (let n = 2; used.has(id); n++) id = `${b.name ?? `prompt-${i + 1}`}-${n}`;
    used.add(id);
    const prompt: PromptFile = { ...b.prompt, id };
    if (b.label !== undefined) prompt.name = b.label;
    return { id, sha256: b.sha256, prompt };
  });
}


// Imports a `.prompty` file: YAML front matter between `---` lines, then a body split into messages by
// role marker lines (`system:`, `user:`, `assistant:`, also `# user:`), its Jinja2 subset turned into
// Handlebars. What can't be mapped is an error or a warning at its location, never dropped silently.
import { LineCounter, isScalar, parseDocument, type Node } from 'yaml';
import type { Diagnostic, ToolDefinition } from '../../shared/types';
import { jinjaToHandlebars, type PositionAt } from './jinja';
import { positionIndex } from './sourceMap';
import {
  PROMPT_ID_PATTERN,
  SCHEMA_NAME_PATTERN,
  SEMVER_PATTERN,
  idFromFileName,
  type PromptFile,
  type PromptMessage,
  type PromptRole,
} from './promptFile';
import { inputKind, readPromptyInputs, readPromptyModel, readTemplateFormat, type TemplateFormat } from './promptyModel';
import { locateInTemplate } from './sourceMap';
import { planTemplate } from './template';
import { assign } from './validate';
import { YamlReader } from './yamlReader';

export interface ImportResult {
  /** Present only when there is no error. */
  prompt?: PromptFile;
  diagnostics: Diagnostic[];
}

const FRONT_MATTER_KEYS = [
  'name', 'description', 'version', 'id', 'model', 'inputs', 'sample', 'tools', 'template', 'outputs',
  'authors', 'tags', 'metadata', '$schema', 'kind', 'base', 'instructions', 'additional_instructions',
];
const METADATA_KEYS = ['authors', 'tags', 'metadata', '$schema', 'kind'];
const NOT_IMPORTED: Record<string, string> = {
  outputs: 'describe the output with responseFormat json_schema',
  base: 'copy what the base file defines into this one',
  instructions: 'put the template in the body after the front matter',
  additional_instructions: 'put the template in the body after the front matter',
};
const ROLE_LINE = /^[ \t]*#?[ \t]*(system|user|assistant|developer|tool|function)[ \t]*(\[[^\]\n]*\])?[ \t]*:[ \t]*$/gim;

export function importPrompty(text: string, file: string): ImportResult {
  try {
    return importText(String(text), file);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const message = `Could not import this .prompty file (${reason}); please report it with the file attached.`;
    return { diagnostics: [{ severity: 'error', code: 'internal-error', message, location: { file, line: 1, column: 1 } }] };
  }
}

function importText(raw: string, file: string): ImportResult {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const positionAt = positionIndex(text);
  const diagnostics: Diagnostic[] = [];
  const prompt: PromptFile = { id: idFromFileName(file), file, messages: [] };
  let format: TemplateFormat | undefined = 'jinja2';
  let bodyStart = 0;
  const open = /^\s*---[ \t]*\n/.exec(text);
  if (open) {
    const close = /^---[ \t]*$/m;
    const rest = text.slice(open[0].length);
    const end = close.exec(rest);
    if (!end) {
      const message = 'The front matter opened by --- is never closed; add a --- line after it.';
      diagnostics.push({ severity: 'error', code: 'prompty-front-matter', message, location: { file, ...positionAt(open[0].length - 1) } });
      return { diagnostics };
    }
    const yamlStart = open[0].length;
    const yaml = text.slice(yamlStart, yamlStart + end.index);
    bodyStart = Math.min(text.length, yamlStart + end.index + end[0].length + 1);
    const lineCounter = new LineCounter();
    const doc = parseDocument(yaml, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const reader = new YamlReader(doc, lineCounter, file, yaml, positionAt(yamlStart).line - 1);
    for (const error of doc.errors) {
      const message = `YAML syntax error in the front matter: ${error.message}.`;
      reader.diagnostics.push({ severity: 'error', code: 'yaml-syntax', message, location: { file, ...reader.position(error.pos[0]) } });
    }
    if (doc.errors.length === 0) format = readFrontMatter(reader, doc.contents ?? undefined, prompt);
    diagnostics.push(...reader.diagnostics);
  } else {
    const message = 'No front matter (--- … ---): the prompt has no model and no inputs.';
    diagnostics.push({ severity: 'warning', code: 'prompty-front-matter', message, location: { file, line: 1, column: 1 } });
  }
  if (format) prompt.messages = readBody(text, bodyStart, file, format, positionAt, diagnostics);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { prompt, diagnostics };
}

function readFrontMatter(reader: YamlReader, root: Node | undefined, prompt: PromptFile): TemplateFormat | undefined {
  if (reader.isNull(root)) return 'jinja2';
  const map = reader.map(root, 'The front matter');
  if (!map) return undefined;
  const entries = reader.entries(map);
  reader.warnUnknownKeys(entries, FRONT_MATTER_KEYS, 'the front matter');
  let format: TemplateFormat | undefined = 'jinja2';
  let samples: Record<string, unknown> = {};
  let sampleAt: Node | undefined;
  for (const { key, keyNode, value } of entries) {
    if (key === 'name' || key === 'description') assign(prompt, key, reader.string(value, key));
    else if (key === 'id' || key === 'version') {
      const v = reader.resolve(value);
      const s = isScalar(v) && (typeof v.value === 'string' || typeof v.value === 'number') ? String(v.value) : undefined;
      const ok = s !== undefined && (key === 'id' ? PROMPT_ID_PATTERN : SEMVER_PATTERN).test(s);
      if (ok) prompt[key] = s;
      else if (key === 'id') reader.warning(value, 'unsupported-value', 'This id is not a valid prompt id; the file name is used.');
      else reader.warning(value, 'unsupported-value', 'This version is not a semantic version (MAJOR.MINOR.PATCH); it is not imported.');
    } else if (key === 'model') {
      const model = readPromptyModel(reader, value);
      assign(prompt, 'model', model.model);
      assign(prompt, 'modelParameters', model.modelParameters);
      assign(prompt, 'responseFormat', model.responseFormat);
    } else if (key === 'inputs') {
      const read = readPromptyInputs(reader, value);
      prompt.inputs = read.inputs;
      samples = { ...read.samples, ...samples };
      sampleAt ??= value;
    } else if (key === 'sample') {
      const sample = reader.js(value);
      if (sample !== null && typeof sample === 'object' && !Array.isArray(sample)) {
        samples = { ...samples, ...(sample as Record<string, unknown>) };
        sampleAt = value;
      } else {
        const message = 'Only an inline sample map is imported; a sample file reference is not. Copy the values into the front matter.';
        reader.warning(value, 'unsupported-value', message);
      }
    } else if (key === 'tools') assign(prompt, 'tools', readPromptyTools(reader, value));
    else if (key === 'template') format = readTemplateFormat(reader, value);
    else if (METADATA_KEYS.includes(key)) reader.report('info', keyNode, 'ignored-key', `${key} has no place in a prompt file and is not imported.`);
    else if (FRONT_MATTER_KEYS.includes(key)) reader.warning(keyNode, 'unsupported-key', `${key} is not imported; ${NOT_IMPORTED[key] ?? 'remove it'}.`);
  }
  if (Object.keys(samples).length > 0) prompt.testData = [{ vars: samples, location: reader.location(sampleAt) }];
  return format;
}

function readPromptyTools(reader: YamlReader, node: Node | undefined): ToolDefinition[] | undefined {
  const seq = reader.seq(node, 'tools');
  if (!seq) return undefined;
  const out: ToolDefinition[] = [];
  seq.items.forEach((item, i) => {
    const js = reader.js(item) as Record<string, unknown> | null;
    const kind = js?.kind ?? js?.type ?? 'function';
    if (!js || typeof js !== 'object' || kind !== 'function') {
      const message = `tools item ${i + 1} is not a function tool (kind: ${String(kind)}) and is not imported.`;
      reader.warning(item, 'unsupported-key', message);
      return;
    }
    const fn = (typeof js.function === 'object' && js.function !== null ? js.function : js) as Record<string, unknown>;
    if (typeof fn.name !== 'string' || !SCHEMA_NAME_PATTERN.test(fn.name)) {
      reader.error(item, 'invalid-value', `tools item ${i + 1} needs a name of 1 to 64 letters, digits, "_" or "-".`);
      return;
    }
    const tool: ToolDefinition = { name: fn.name, parameters: toJsonSchema(fn.parameters) };
    if (typeof fn.description === 'string') tool.description = fn.description;
    out.push(tool);
  });
  return out;
}

/** Prompty lists parameters as `{name: {kind, description, required}}` or a list; JSON Schema passes through. */
function toJsonSchema(parameters: unknown): Record<string, unknown> {
  if (parameters === null || typeof parameters !== 'object') return { type: 'object', properties: {} };
  const p = parameters as Record<string, unknown>;
  if (!Array.isArray(p) && (p.type === 'object' || 'properties' in p || '$schema' in p)) return p;
  const items: Array<Record<string, unknown>> = Array.isArray(p)
    ? (p as Array<Record<string, unknown>>)
    : Object.entries(p).map(([name, v]) => ({ name, ...(typeof v === 'object' && v !== null ? v : {}) }));
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const item of items) {
    if (typeof item?.name !== 'string') continue;
    const type = inputKind(String(item.kind ?? item.type ?? 'string'));
    const property: Record<string, unknown> = type ? { type } : {};
    if (typeof item.description === 'string') property.description = item.description;
    properties[item.name] = property;
    if (item.required === true) required.push(item.name);
  }
  return required.length ? { type: 'object', properties, required } : { type: 'object', properties };
}

function readBody(
  text: string,
  bodyStart: number,
  file: string,
  format: TemplateFormat,
  positionAt: PositionAt,
  diagnostics: Diagnostic[],
): PromptMessage[] {
  const markers: Array<{ role: string; attrs?: string; at: number; contentStart: number }> = [];
  ROLE_LINE.lastIndex = bodyStart;
  for (let m = ROLE_LINE.exec(text); m; m = ROLE_LINE.exec(text)) {
    const at = m.index + m[0].length - m[0].trimStart().length;
    markers.push({ role: m[1]!.toLowerCase(), attrs: m[2], at, contentStart: m.index + m[0].length + 1 });
  }
  const blocks = markers.map((m, i) => ({ ...m, end: i + 1 < markers.length ? markers[i + 1]!.at : text.length }));
  const leadEnd = markers[0]?.at ?? text.length;
  if (text.slice(bodyStart, leadEnd).trim()) {
    blocks.unshift({ role: 'system', attrs: undefined, at: bodyStart, contentStart: bodyStart, end: leadEnd });
  }
  const messages: PromptMessage[] = [];
  for (const block of blocks) {
    const where = { file, ...positionAt(block.at) };
    if (block.role === 'tool' || block.role === 'function') {
      const message = `${block.role}: turns can't be imported; a prompt file holds system, user and assistant messages. Remove this block.`;
      diagnostics.push({ severity: 'error', code: 'unsupported-role', message, location: where });
      continue;
    }
    if (block.attrs) {
      diagnostics.push({ severity: 'warning', code: 'unsupported-key', message: `Role attributes ${block.attrs} are not imported.`, location: where });
    }
    if (block.role === 'developer') {
      diagnostics.push({ severity: 'info', code: 'role-mapped', message: 'developer: is imported as a system message.', location: where });
    }
    const raw = text.slice(Math.min(block.contentStart, block.end), block.end);
    const lead = raw.length - raw.trimStart().length;
    const start = Math.min(block.contentStart, block.end) + lead;
    const end = start + raw.trim().length;
    if (end <= start) {
      const message = `This ${block.role} message is empty and is not imported.`;
      diagnostics.push({ severity: 'warning', code: 'empty-message', message, location: where });
      continue;
    }
    const converted =
      format === 'jinja2'
        ? jinjaToHandlebars(text, start, end, file, positionAt)
        : { template: { text: text.slice(start, end), anchors: [{ offset: 0, ...positionAt(start) }] }, diagnostics: [] };
    diagnostics.push(...converted.diagnostics);
    if (!converted.template) continue;
    const message: PromptMessage = {
      role: (block.role === 'developer' ? 'system' : block.role) as PromptRole,
      content: converted.template.text,
      location: { file, ...positionAt(start) },
      source: { kind: 'text', anchors: converted.template.anchors },
    };
    for (const problem of planTemplate(message.content).problems) {
      const location = locateInTemplate(message.content, problem.start, problem.end, message.source, file);
      diagnostics.push({ severity: 'error', code: problem.code, message: problem.message, location });
    }
    messages.push(message);
  }
  if (messages.length === 0 && !diagnostics.some((d) => d.severity === 'error')) {
    const message = 'The .prompty body has no messages; write `system:` or `user:` on a line, then the text.';
    diagnostics.push({ severity: 'error', code: 'empty-messages', message, location: { file, ...positionAt(bodyStart) } });
  }
  return messages;
}



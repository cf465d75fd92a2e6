// Parses a `*.prompt.yml` text into a PromptFile and located diagnostics. parsePromptFile is pure and never
// throws; loadPromptFile reads a file and throws InputError when the file has errors.
import { LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import type { Diagnostic, SourceLocation } from '../../shared/types';
import { InputError } from '../errors';
import type { PromptFile } from './promptFile';
import { readTextFile } from './readText';
import { validatePromptDocument } from './validate';
import { YamlReader } from './yamlReader';

export interface ParseResult {
  /** Present only when there is no error; warnings may remain. */
  prompt?: PromptFile;
  diagnostics: Diagnostic[];
}

/** The YAML document of a prompt text with its line counter, parsed the way parsePromptFile reads it. */
export interface PromptYaml {
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

export function parsePromptYaml(text: string): PromptYaml {
  const lineCounter = new LineCounter();
  return { doc: parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true }), lineCounter };
}

/** `yaml`: the text already parsed by parsePromptYaml, so that an editor's analysis parses it once. */
export function parsePromptFile(text: string, file: string, yaml?: PromptYaml): ParseResult {
  try {
    return parse(text, file, yaml);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const message = `Could not read this prompt file (${reason}); please report it with the file attached.`;
    return { diagnostics: [{ severity: 'error', code: 'internal-error', message, location: { file, line: 1, column: 1 } }] };
  }
}

function parse(text: string, file: string, yaml: PromptYaml | undefined): ParseResult {
  if (typeof text !== 'string') {
    const location = { file, line: 1, column: 1 };
    return { diagnostics: [{ severity: 'error', code: 'invalid-input', message: 'The prompt file content must be text.', location }] };
  }
  const { doc, lineCounter } = yaml ?? parsePromptYaml(text);
  const reader = new YamlReader(doc, lineCounter, file, text);
  const at = (pos: [number, number]): SourceLocation => {
    const start = reader.position(pos[0]);
    return { file, line: start.line, column: start.column };
  };
  for (const error of doc.errors) {
    const open = unclosedQuoteStart(text, error);
    const message = open === undefined ? yamlMessage(error) : 'YAML syntax error: the quoted string opened here is never closed; add the closing quote.';
    reader.diagnostics.push({ severity: 'error', code: 'yaml-syntax', message, location: at(open === undefined ? error.pos : [open, open]) });
  }
  if (doc.errors.length > 0) return { diagnostics: reader.diagnostics };
  for (const warning of doc.warnings) {
    reader.diagnostics.push({ severity: 'warning', code: 'yaml-warning', message: `${warning.message}.`, location: at(warning.pos) });
  }
  const prompt = validatePromptDocument(reader, doc.contents ?? undefined);
  return prompt && !reader.hasErrors ? { prompt, diagnostics: reader.diagnostics } : { diagnostics: reader.diagnostics };
}

/** yaml reports a missing closing quote where the text ends; point at the quote that opened the string instead. */
function unclosedQuoteStart(text: string, error: YAMLError): number | undefined {
  if (error.code !== 'MISSING_CHAR' || !/closing ['"]quote/.test(error.message)) return undefined;
  const quote = error.message.includes('"quote') ? '"' : "'";
  const before = text.slice(0, error.pos[0]);
  const opening = new RegExp(`(^|[\\s:,\\[{-])${quote}`, 'g');
  let found: number | undefined;
  for (let m = opening.exec(before); m; m = opening.exec(before)) found = m.index + m[1]!.length;
  return found;
}

const YAML_TIPS: Record<string, string> = {
  DUPLICATE_KEY: 'remove or rename one of the two keys',
  MULTIPLE_DOCS: 'a prompt file holds one; remove the `---` line and what follows, or split it into two files',
  BAD_INDENT: 'check the indentation of this line against its parent',
  MISSING_CHAR: 'a closing quote or bracket is missing',
  BLOCK_AS_IMPLICIT_KEY: 'put a nested map on its own indented lines, or quote a value that holds ": "',
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs',
};

const YAML_MESSAGES: Record<string, string> = {
  MULTIPLE_DOCS: 'the file holds more than one YAML document',
};

function yamlMessage(error: YAMLError): string {
  const text = YAML_MESSAGES[error.code] ?? error.message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').replace(/\.$/, '');
  const tip = YAML_TIPS[error.code] ?? 'check the quotes, colons and indentation here';
  return `YAML syntax error: ${text}; ${tip}.`;
}

export interface LoadedPrompt {
  prompt: PromptFile;
  warnings: Diagnostic[];
}

/** Reads and parses a prompt file; throws InputError carrying every diagnostic when there is an error. */
export async function loadPromptFile(path: string): Promise<LoadedPrompt> {
  const text = await readTextFile(path);
  return promptOrThrow(parsePromptFile(text, path));
}

export function promptOrThrow(result: ParseResult): LoadedPrompt {
  if (!result.prompt) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const more = errors > 1 ? ` (${errors - 1} more error${errors > 2 ? 's' : ''} in this file)` : '';
    throw new InputError(result.diagnostics, `Fix the file and run again${more}.`);
  }
  return { prompt: result.prompt, warnings: result.diagnostics };
}

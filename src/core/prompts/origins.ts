// A template together with where it came from: a message of a prompt file, or a partial file.
import type { SourceLocation } from '../../shared/types';
import type { PartialTemplate } from './partials';
import type { ContentSource, PromptFile } from './promptFile';
import { locateInTemplate } from './sourceMap';

export interface TemplateOrigin {
  text: string;
  file: string;
  source?: ContentSource;
  /** For messages: `message 2 (user)`; for partials: `partial "header"`. */
  label: string;
}

export function messageOrigin(prompt: PromptFile, index: number): TemplateOrigin {
  const message = prompt.messages[index]!;
  let source = message.source;
  if (!source && message.location) {
    source = { kind: 'text', anchors: [{ offset: 0, line: message.location.line, column: message.location.column }] };
  }
  return { text: message.content, file: prompt.file, source, label: `message ${index + 1} (${message.role})` };
}

export function partialOrigin(partial: PartialTemplate): TemplateOrigin {
  return {
    text: partial.content,
    file: partial.file,
    source: { kind: 'text', anchors: [{ offset: 0, line: 1, column: 1 }] },
    label: `partial "${partial.name}"`,
  };
}

export function locate(origin: TemplateOrigin, start: number, end: number): SourceLocation {
  return locateInTemplate(origin.text, start, end, origin.source, origin.file);
}

// Prompt injection in a prompt file. The rule: a variable carries user input unless its input declares
// `trusted: true` or a type that cannot hold text (`number`, `boolean`). Such a variable in a system message
// can override the instructions; in a user message it must sit inside a delimited block (an XML-like
// `<tag>…</tag>`, a ``` fence or a """ block) so the model can tell data from instructions.
import type { ScalarStyle } from './promptFile';
import type { OutlineInput } from './promptOutline';

const TEXT_FREE_TYPES = ['number', 'boolean'];
const TAG = /<(\/?)([A-Za-z][\w:.-]*)(?:\s[^<>]*)?(\/?)>/g;

export function carriesUserInput(input: OutlineInput | undefined): boolean {
  if (!input) return true;
  return input.trusted !== true && !(input.type !== undefined && TEXT_FREE_TYPES.includes(input.type));
}

/** True when [start, end) of a message's text sits inside a `<tag>…</tag>`, a ``` fence or a """ block. */
export function isDelimited(text: string, start: number, end: number): boolean {
  return insidePair(text, start, end, '```') || insidePair(text, start, end, '"""') || insideTag(text, start, end);
}

function insidePair(text: string, start: number, end: number, marker: string): boolean {
  let before = 0;
  for (let i = text.indexOf(marker); i >= 0 && i + marker.length <= start; i = text.indexOf(marker, i + marker.length)) before++;
  return before % 2 === 1 && text.indexOf(marker, end) >= 0;
}

function insideTag(text: string, start: number, end: number): boolean {
  const open: string[] = [];
  for (const m of text.slice(0, start).matchAll(TAG)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (!closing) open.push(name!);
    else {
      const at = open.lastIndexOf(name!);
      if (at >= 0) open.length = at;
    }
  }
  return open.some((name) => text.indexOf(`</${name}>`, end) >= 0);
}

/**
 * The text that replaces a `{{name}}` (its source text `mustache`) to put it in a delimited block, as the
 * YAML scalar style allows: on lines of their own in a literal block (`indent` being that line's), with
 * `\n` escapes in a double-quoted string, on one line elsewhere (plain, single-quoted and folded scalars
 * would fold the line breaks away).
 */
export function wrapInTag(name: string, mustache: string, style: ScalarStyle, indent: string): string {
  if (style === 'BLOCK_LITERAL') return `<${name}>\n${indent}${mustache}\n${indent}</${name}>`;
  if (style === 'QUOTE_DOUBLE') return `<${name}>\\n${mustache}\\n</${name}>`;
  return `<${name}>${mustache}</${name}>`;
}

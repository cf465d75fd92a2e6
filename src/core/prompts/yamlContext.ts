// Where the cursor is in a prompt file's YAML, read from the text around it (so it works while the file is
// half written): the line up to the cursor and the key that owns the current line by indentation.

export interface LineAt {
  /** Offset of the line's first character. */
  start: number;
  /** The line's text before the cursor. */
  before: string;
  /** The line's text after the cursor, up to the line break. */
  after: string;
}

export function lineAt(text: string, offset: number): LineAt {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (text[end - 1] === '\r') end--;
  return { start, before: text.slice(start, offset), after: text.slice(offset, Math.max(offset, end)) };
}

export interface ParentKey {
  key: string;
  /** Its indentation: 0 for a top-level key. */
  indent: number;
}

/**
 * The map key that owns content starting at `column` (0-based) of the line starting at `lineStart`: the
 * nearest line above that is less indented, or equally indented when the content is a `- ` list item
 * (YAML lets a list sit at its key's indentation). Undefined when that line is not a `key:` line.
 */
export function parentKey(text: string, lineStart: number, column: number, isListItem: boolean): ParentKey | undefined {
  let end = lineStart - 1;
  let threshold = column;
  let listItem = isListItem;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const indent = line.length - content.length;
    if (content.startsWith('- ') || content === '-') {
      // The dash of the list item this line continues: its owner is what owns the dash.
      if (indent < threshold) {
        threshold = indent;
        listItem = true;
      }
      continue;
    }
    if (indent < threshold || (listItem && indent === threshold)) {
      const key = /^([A-Za-z_][\w-]*)\s*:\s*(#.*)?$/.exec(content);
      return key ? { key: key[1]!, indent } : undefined;
    }
  }
  return undefined;
}

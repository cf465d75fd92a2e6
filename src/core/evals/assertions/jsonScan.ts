// Finds JSON values inside text: objects and arrays written anywhere in it (prose around them, Markdown
// code fences, several of them). Used by contains-json and by the grader's verdict parsing.

/** Attempts at a balanced candidate before giving up, so pathological text stays linear enough. */
const MAX_CANDIDATES = 500;

/** Every top-level JSON object or array in `text`, in order. */
export function findJsonValues(text: string, kinds: 'objects' | 'all' = 'all'): unknown[] {
  const found: unknown[] = [];
  let candidates = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '{' && (c !== '[' || kinds === 'objects')) continue;
    const end = matchingClose(text, i);
    if (end < 0) continue;
    if (++candidates > MAX_CANDIDATES) break;
    try {
      found.push(JSON.parse(text.slice(i, end + 1)));
      i = end;
    } catch {
      // not JSON from here; try the next opening bracket
    }
  }
  return found;
}

/** The index of the bracket closing the one at `start`, strings respected; -1 when it never closes. */
function matchingClose(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') stack.push('}');
    else if (c === '[') stack.push(']');
    else if (c === '}' || c === ']') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** JSON text of a whole reply, or of a Markdown code fence in it; undefined when neither parses. */
export function parseWholeJson(text: string): { value: unknown } | undefined {
  const trimmed = text.trim();
  const fenced = /^```[\w-]*\s*\n([\s\S]*?)\n?```$/.exec(trimmed);
  for (const candidate of fenced ? [trimmed, fenced[1]!] : [trimmed]) {
    try {
      return { value: JSON.parse(candidate) };
    } catch {
      // next candidate
    }
  }
  return undefined;
}

// Reading assertion values in the shapes promptfoo accepts: text, lists (arrays or comma-separated text),
// numbers and small option objects.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as text: strings as they are, numbers and booleans as written; undefined for anything else. */
export function textValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/**
 * A list of strings: an array of scalars, or text split on commas as promptfoo does (`a, b, "c, d"`:
 * double quotes keep a comma inside an item, `""` is a quote). Items are trimmed; empty ones dropped.
 */
export function listValue(value: unknown): string[] | undefined {
  if (Array.isArray(value)) {
    const items = value.map(textValue);
    return items.every((i): i is string => i !== undefined) ? items : undefined;
  }
  const text = textValue(value);
  if (text === undefined) return undefined;
  return splitCommas(text);
}

function splitCommas(text: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      if (quoted && text[i + 1] === '"') {
        current += '"';
        i++;
      } else if (quoted || current.trim() === '') {
        quoted = !quoted;
        if (quoted) current = '';
      } else {
        current += c;
      }
    } else if (c === ',' && !quoted) {
      items.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  items.push(current);
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

/** A finite number, from a number or numeric text. */
export function numberValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** The text of a case's `expected`, when it has one. */
export function expectedText(expected: unknown): string | undefined {
  if (expected === undefined || expected === null) return undefined;
  return textValue(expected) ?? JSON.stringify(expected);
}

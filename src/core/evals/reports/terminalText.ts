// Text for a terminal: how wide a string shows, how to cut it to a width, and how to make untrusted text
// (model output, reasons, ids) harmless: no escape sequence from a model ever reaches the terminal.

// C0 and C1 controls, DEL, and the bidi / zero-width format characters that could disguise a line.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex -- our own colour codes
const ANSI = /\u001b\[[0-9;]*m/g;

/** One line of untrusted text: line breaks become ` ⏎ `, other controls `�`. */
export function safeLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ⏎ ').replace(/\t/g, ' ').replace(UNSAFE, '\ufffd');
}

/** Columns a string takes in a terminal (our own ANSI colour codes take none; wide CJK and emoji take two). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text.replace(ANSI, '')) width += charWidth(char.codePointAt(0)!);
  return width;
}

/** Cuts plain text (no ANSI) to `width` columns, ending with `…` when cut. */
export function fitWidth(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char.codePointAt(0)!);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

/** Cuts plain text to `width` columns in the middle (`anthropic/…haiku-4-5`): ids differ at both ends. */
export function fitMiddle(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width < 6) return fitWidth(text, width);
  const chars = Array.from(text);
  const headWidth = Math.floor((width - 1) * 0.4);
  const tailWidth = width - 1 - headWidth;
  const head = fitWidth(text, headWidth + 1).slice(0, -1);
  let tail = '';
  for (let i = chars.length - 1; i >= 0 && displayWidth(chars[i]! + tail) <= tailWidth; i--) tail = chars[i]! + tail;
  return `${head}…${tail}`;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

function charWidth(cp: number): number {
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0x200d) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

const identity = (text: string): string => text;
const sgr = (open: number, close: number) => (text: string): string => (text ? `\u001b[${open}m${text}\u001b[${close}m` : text);

export function paint(color: boolean): Paint {
  if (!color) return { bold: identity, dim: identity, red: identity, green: identity, yellow: identity };
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39) };
}

// The identity of a prompt's content: the same text gives the same hash on every OS and editor.
import { createHash } from 'node:crypto';

/** Text as hashed: without a leading byte order mark, every line ending (CRLF, CR) as LF. */
export function normalizePromptText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Hex sha256 of the normalized text (UTF-8). Records, caches and the registry lock compare these. */
export function sha256OfPromptText(text: string): string {
  return createHash('sha256').update(normalizePromptText(text), 'utf8').digest('hex');
}

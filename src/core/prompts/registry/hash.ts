// The content hash the lock file records: sha256 (lowercase hex) of the file's bytes with every CR LF pair
// replaced by LF, so a checkout with Windows line endings hashes the same as the released snapshot.
// Byte-level on purpose: the Python and Java loaders can do exactly the same (docs/prompt-registry.md).
import { createHash } from 'node:crypto';

const CR = 0x0d;
const LF = 0x0a;

export function normalizeLineEndings(text: string): string {
  return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
}

export function contentSha256(content: string | Uint8Array): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return createHash('sha256').update(withoutCrlf(bytes)).digest('hex');
}

function withoutCrlf(bytes: Uint8Array): Uint8Array {
  let at = bytes.indexOf(CR);
  if (at === -1) return bytes; // the usual case: nothing to copy
  const out = Buffer.allocUnsafe(bytes.length);
  let n = 0;
  let from = 0;
  for (; at !== -1; at = bytes.indexOf(CR, at + 1)) {
    if (bytes[at + 1] !== LF) continue;
    out.set(bytes.subarray(from, at), n);
    n += at - from;
    from = at + 1; // keep the LF, drop the CR
  }
  out.set(bytes.subarray(from), n);
  n += bytes.length - from;
  return out.subarray(0, n);
}

// sha256 in hex: crypto.hash (Node 20.12+, about 3x faster than a Hash object for short texts), else createHash.
import * as crypto from 'node:crypto';

const oneShot = (crypto as unknown as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

export function sha256Hex(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}

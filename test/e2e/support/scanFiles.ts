// Every file under some folders that contains a string (as bytes, so binary stores, LevelDB logs and
// SQLite files count too), in UTF-8 and UTF-16LE.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function filesContaining(roots: string[], needle: string): string[] {
  const patterns = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  const found: string[] = [];
  const visit = (file: string) => {
    let stat;
    try {
      stat = lstatSync(file);
    } catch {
      return; // removed while scanning (a lock file, a log rotated)
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(file)) visit(path.join(file, entry));
      return;
    }
    if (!stat.isFile()) return;
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch {
      return;
    }
    if (patterns.some((p) => content.includes(p))) found.push(file);
  };
  for (const root of roots) visit(root);
  return found;
}

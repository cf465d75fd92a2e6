// Finds the suites of a workspace for the editor's Test Explorer: prompt files with testData or datasets,
// `.prompty` files with sample inputs and promptfoo configs. A cheap look at each file, no full parse.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import type { EvalSuite } from '../types';
import { looksLikePromptfoo, suiteKindOfName } from './loadSuite';

export interface DiscoveredSuite {
  file: string;
  kind: EvalSuite['kind'];
}

/** Folders never searched: dependencies, VCS data, released prompt snapshots, run records. */
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.promptyard', '.versions', '.venv', '__pycache__']);
const MAX_BYTES = 2 * 1024 * 1024;

export async function discoverSuites(rootDir: string, options: { readText?: (file: string) => Promise<string> } = {}): Promise<DiscoveredSuite[]> {
  const readText = options.readText ?? ((file: string) => readFile(file, 'utf8'));
  const found: DiscoveredSuite[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) await walk(full);
        continue;
      }
      if (!entry.isFile()) continue;
      const kind = await suiteKind(full, readText);
      if (kind) found.push({ file: full, kind });
    }
  };
  await walk(rootDir);
  return found;
}

/** The kind of suite one file holds (the same look discoverSuites takes), or undefined when it holds none. */
export async function suiteKind(file: string, readText: (file: string) => Promise<string>): Promise<EvalSuite['kind'] | undefined> {
  const byName = suiteKindOfName(file);
  if (!byName) return undefined;
  let text: string;
  try {
    if ((await stat(file)).size > MAX_BYTES) return undefined;
    text = await readText(file);
  } catch {
    return undefined;
  }
  switch (byName) {
    case 'prompt-file':
      return /^(testData|datasets)[ \t]*:/m.test(text) ? 'prompt-file' : undefined;
    case 'prompty':
      return /^[ \t]*sample[ \t]*:/m.test(text) ? 'prompty' : undefined;
    case 'promptfoo':
      return 'promptfoo';
    case 'yaml':
      if (!/^["']?prompts["']?[ \t]*:/m.test(text) && !/"prompts"\s*:/.test(text)) return undefined;
      try {
        return looksLikePromptfoo(parse(text)) ? 'promptfoo' : undefined;
      } catch {
        return undefined;
      }
  }
  return undefined;
}

// A throwaway copy of the repository's example workspace (prompts/), so scenarios can edit and rate freely.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../support/cli';

export interface TempWorkspace {
  dir: string;
  file(relative: string): string;
  remove(): void;
}

export function copyExampleWorkspace(): TempWorkspace {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-e2e-ws-'));
  cpSync(path.join(ROOT, 'prompts'), path.join(dir, 'prompts'), { recursive: true });
  return { dir, file: (relative) => path.join(dir, relative), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

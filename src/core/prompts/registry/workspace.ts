// Where the registry lives. The workspace root is the nearest folder, from the start folder up, that holds a
// `prompts/` folder or a promptyard.config.yaml; failing that, the root of the git work tree; failing that,
// the start folder itself. The lock file is <root>/prompts/prompts.lock.json, snapshots are under
// <root>/prompts/.versions/<id>/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES } from '../../configFile';
import { PromptyardError } from '../../errors';
import { isPromptFileName } from '../promptFile';

export interface RegistryPaths {
  root: string;
  promptsDir: string;
  lockFile: string;
  versionsDir: string;
}

export const LOCK_FILE_REL = 'prompts/prompts.lock.json';
export const VERSIONS_DIR_REL = 'prompts/.versions';

export function registryPaths(root: string): RegistryPaths {
  const abs = path.resolve(root);
  return {
    root: abs,
    promptsDir: path.join(abs, 'prompts'),
    lockFile: path.join(abs, 'prompts', 'prompts.lock.json'),
    versionsDir: path.join(abs, 'prompts', '.versions'),
  };
}

export function findWorkspaceRoot(start: string): string {
  const from = path.resolve(start);
  let gitRoot: string | undefined;
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (isDir(path.join(dir, 'prompts')) || CONFIG_FILE_NAMES.some((n) => existsSync(path.join(dir, n)))) return dir;
    if (gitRoot === undefined && existsSync(path.join(dir, '.git'))) gitRoot = dir;
    if (path.dirname(dir) === dir) return gitRoot ?? from;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** `abs` relative to the root with `/` separators; throws when the file is outside the workspace. */
export function workspaceRelative(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    throw new PromptyardError('outside-workspace', `${abs} is outside the workspace ${root}`, {
      hint: 'Run promptyard from the workspace that holds the prompt file (the folder with prompts/ or promptyard.config.yaml).',
    });
  }
  return rel.split(path.sep).join('/');
}

export function absolutePath(root: string, rel: string): string {
  return path.join(root, ...rel.split('/'));
}

/** Skipped when looking for prompt files: dot folders (snapshots live in prompts/.versions), partials, dependencies. */
const SKIPPED_DIRS = new Set(['node_modules', 'partials']);

/** Every `*.prompt.yml` / `*.prompt.yaml` under prompts/, as workspace-relative paths, sorted. */
export function discoverPromptFiles(paths: RegistryPaths): string[] {
  const found: string[] = [];
  const walk = (dir: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) walk(path.join(dir, e.name), `${rel}/${e.name}`);
      } else if (e.isFile() && isPromptFileName(e.name)) found.push(`${rel}/${e.name}`);
    }
  };
  walk(paths.promptsDir, 'prompts');
  return found.sort();
}

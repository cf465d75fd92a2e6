// A temporary workspace for registry tests: prompts/ with a few prompt files, optionally a git repository.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { openRegistry, type Registry } from '../../../../src/core/prompts/registry/registry';
import type { RegistryOptions } from '../../../../src/core/prompts/registry/context';

export const SUMMARIZE = `# The summarizer used by the notes service.
name: Summarize
description: Summarizes a text.
model: openai/gpt-4o-mini   # cheap and good enough
modelParameters:
  temperature: 0.3
  maxTokens: 200
messages:
  - role: system
    content: |
      You summarize documents.
      Answer with at most 5 bullet points.
  - role: user
    content: "{{text}}"
`;

export const CLASSIFY = `name: Classify
version: 0.3.0
model: openai/gpt-4o-mini
messages:
  - role: system
    content: Classify the ticket as billing, bug or other.
  - role: user
    content: "{{ticket}}"
`;

export interface Workspace {
  dir: string;
  registry: Registry;
  file(rel: string): string;
  read(rel: string): string;
  write(rel: string, text: string): void;
  git(...args: string[]): string;
  cleanup(): void;
}

/** A fixed clock that advances one second per reading, so history order is deterministic. */
export function steppingClock(start = Date.UTC(2025, 0, 1)): { now(): number } {
  let t = start;
  return { now: () => (t += 1000) };
}

export function makeWorkspace(options: { git?: boolean; registry?: RegistryOptions } = {}): Workspace {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-registry-'));
  mkdirSync(path.join(dir, 'prompts'));
  writeFileSync(path.join(dir, 'prompts/summarize.prompt.yml'), SUMMARIZE);
  writeFileSync(path.join(dir, 'prompts/classify.prompt.yml'), CLASSIFY);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: gitEnv() }).trim();
  if (options.git) {
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Ada Lovelace');
    git('config', 'user.email', 'ada@example.com');
    git('add', '-A');
    git('commit', '-q', '-m', 'prompts');
  }
  const ws: Workspace = {
    dir,
    registry: openRegistry(dir, { clock: steppingClock(), ...(options.git ? {} : { author: 'tester' }), ...options.registry }),
    file: (rel) => path.join(dir, rel),
    read: (rel) => readFileSync(path.join(dir, rel), 'utf8'),
    write: (rel, text) => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    },
    git,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  return ws;
}

/** Git without the machine's global config, so tests see only the repository's own settings. */
export function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
}

/** Every file under `dir` (but .git) with the sha256 of its bytes: compare before and after to prove nothing was written. */
export function treeDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (abs: string, rel: string) => {
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(abs, e.name), childRel);
      else out[childRel] = createHash('sha256').update(readFileSync(path.join(abs, e.name))).digest('hex');
    }
  };
  walk(dir, '');
  return out;
}

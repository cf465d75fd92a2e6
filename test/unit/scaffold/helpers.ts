// A temporary world for scaffold tests: a workspace with released prompts (copied from the repo's
// prompts/, partial included), a small stack template, and a byte-level fingerprint of everything.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openRegistry } from '../../../src/core/prompts/registry/registry';

const REPO = path.resolve(__dirname, '../../..');

export interface World {
  dir: string;
  workspace: string;
  templates: string;
  target: string;
  cleanup(): void;
}

export const TEST_MANIFEST = {
  stack: 'mini',
  displayName: 'Mini',
  language: 'text',
  files: [
    { src: 'README.md.hbs', dest: 'README.md' },
    { src: 'config.json.hbs', dest: 'config/{{name}}.json' },
    { src: 'logo.bin', dest: 'assets/logo.bin' },
    { src: 'run.sh', dest: 'run.sh' },
    { src: 'src/', dest: 'src/' },
    { src: 'redis.conf', dest: 'redis.conf', when: 'redis' },
    { src: 'memory.conf', dest: 'memory.conf', when: '!redis' },
    { src: 'stream.txt', dest: 'stream.txt', when: 'streaming' },
    { src: 'gitignore', dest: '.gitignore' },
    { src: 'shared:cases.json', dest: 'test/cases.json' },
  ],
};

export const LOGO = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x7b, 0x7b, 0x6e, 0x7d, 0x7d]);

export async function makeWorld(): Promise<World> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-scaffold-'));
  const workspace = path.join(dir, 'ws');
  mkdirSync(path.join(workspace, 'prompts'), { recursive: true });
  for (const f of ['summarize.prompt.yml', 'classify-ticket.prompt.yml', 'extract-invoice.prompt.yml']) {
    cpSync(path.join(REPO, 'prompts', f), path.join(workspace, 'prompts', f));
  }
  cpSync(path.join(REPO, 'prompts/partials'), path.join(workspace, 'prompts/partials'), { recursive: true });
  const registry = openRegistry(workspace, { author: 'Test' });
  await registry.release('prompts/summarize.prompt.yml', { message: 'first' });
  await registry.label('summarize', 'production', '1.0.0');
  const file = path.join(workspace, 'prompts/summarize.prompt.yml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('temperature: 0.3', 'temperature: 0.2'));
  await registry.release('prompts/summarize.prompt.yml', { message: 'cooler' });
  await registry.label('summarize', 'staging', '1.0.1');
  await registry.release('prompts/classify-ticket.prompt.yml');

  const templates = path.join(dir, 'templates');
  const files = path.join(templates, 'mini', 'files');
  mkdirSync(path.join(files, 'src', 'lib'), { recursive: true });
  writeFileSync(path.join(templates, 'mini', 'manifest.json'), JSON.stringify(TEST_MANIFEST, null, 2));
  writeFileSync(
    path.join(files, 'README.md.hbs'),
    '# {{title}}\n{{~! a comment }}\n\nProvider: {{provider}}, package {{package}}, promptyard {{promptyardVersion}}\n{{#each prompts}}- {{id}}@{{label}} = {{version}} ({{model}})\n{{/each}}{{#if redis}}redis on{{else}}redis off{{/if}}\n',
  );
  writeFileSync(path.join(files, 'config.json.hbs'), '{"name": {{json name}}, "prompts": {{json prompts}}, "streaming": {{streaming}} }\n');
  writeFileSync(path.join(files, 'logo.bin'), LOGO);
  writeFileSync(path.join(files, 'run.sh'), '#!/bin/sh\necho "{{name}} stays literal"\n', { mode: 0o755 });
  writeFileSync(path.join(files, 'src', 'main.txt.hbs'), 'main of {{name}}\n');
  writeFileSync(path.join(files, 'src', 'lib', 'util.txt'), 'util {{not rendered}}\n');
  writeFileSync(path.join(files, 'redis.conf'), 'redis\n');
  writeFileSync(path.join(files, 'memory.conf'), 'memory\n');
  writeFileSync(path.join(files, 'stream.txt'), 'stream\n');
  writeFileSync(path.join(files, 'gitignore'), 'node_modules/\n');
  mkdirSync(path.join(templates, 'shared'));
  writeFileSync(path.join(templates, 'shared', 'cases.json'), '[{"template": "{{x}}"}]\n');
  return { dir, workspace, templates, target: path.join(dir, 'out', 'ticket-bot'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file and folder under `dir` with its bytes' hash, mode and mtime: any write changes it. */
export function fingerprint(dir: string): string {
  const lines: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const name of readdirSync(abs).sort()) {
      const a = path.join(abs, name);
      const r = `${rel}/${name}`;
      const s = statSync(a);
      if (s.isDirectory()) {
        lines.push(`${r}/ ${s.mode.toString(8)}`);
        walk(a, r);
      } else {
        lines.push(`${r} ${s.mode.toString(8)} ${s.mtimeMs} ${createHash('sha256').update(readFileSync(a)).digest('hex')}`);
      }
    }
  };
  walk(dir, '');
  return lines.join('\n');
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const name of readdirSync(abs).sort()) {
      const a = path.join(abs, name);
      if (statSync(a).isDirectory()) walk(a, `${rel}${name}/`);
      else out.push(`${rel}${name}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

// The prompt registry at scale: `prompts check` over 1,000 prompts × 10 versions (target < 1 s, in process
// and through the built CLI), and loadPrompt by label after the first load (target median < 1 ms).
// The workspace is generated in a temp folder: snapshots, lock file and prompt files as releases leave them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contentSha256 } from '../src/core/prompts/registry/hash';
import { serializeLock, type LockFile } from '../src/core/prompts/registry/lockFile';
import { openRegistry } from '../src/core/prompts/registry/registry';
import { median, percentile, report } from './report';

const PROMPTS = 1_000;
const VERSIONS = 10;
const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'bin/promptyard.mjs');

function promptText(i: number, version: string): string {
  const lines = [`name: Prompt ${i}`, `description: Generated prompt number ${i} for the registry benchmark.`, `version: ${version}`, 'model: openai/gpt-4o-mini', 'modelParameters:', '  temperature: 0.2', '  maxTokens: 300', 'messages:'];
  for (let m = 0; m < 4; m++) {
    lines.push(`  - role: ${m % 2 ? 'user' : 'system'}`, '    content: |', `      Turn ${m} of prompt ${i}: answer the question about {{topic}} in a friendly tone.`, '      Keep it short, cite the source when you can, and never invent numbers.');
  }
  return `${lines.join('\n')}\n`;
}

function generate(dir: string): void {
  const lock: LockFile = { lockfileVersion: 1, prompts: {} };
  for (let i = 0; i < PROMPTS; i++) {
    const id = `p${String(i).padStart(4, '0')}`;
    const file = `prompts/${id}.prompt.yml`;
    const versions: LockFile['prompts'][string]['versions'] = {};
    mkdirSync(path.join(dir, 'prompts/.versions', id), { recursive: true });
    for (let v = 0; v < VERSIONS; v++) {
      const version = `1.${v}.0`;
      const text = promptText(i, version).replace('temperature: 0.2', `temperature: 0.${v}`);
      writeFileSync(path.join(dir, 'prompts/.versions', id, `${version}.prompt.yml`), text);
      versions[version] = { sha256: contentSha256(text), createdAt: new Date(Date.UTC(2025, 0, 1, 0, v)).toISOString(), message: `v${v}`, author: 'bench' };
      if (v === VERSIONS - 1) writeFileSync(path.join(dir, file), text);
    }
    lock.prompts[id] = { file, versions, labels: { production: `1.${VERSIONS - 2}.0`, staging: `1.${VERSIONS - 1}.0` }, history: {} };
  }
  writeFileSync(path.join(dir, 'prompts/prompts.lock.json'), serializeLock(lock));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-registry-bench-'));
  try {
    generate(dir);
    const checkMs: number[] = [];
    const strictMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const result = await openRegistry(dir, { git: false, author: 'bench' }).check();
      checkMs.push(performance.now() - started);
      if (!result.ok) throw new Error(`the generated workspace does not check: ${JSON.stringify(result.problems.slice(0, 3))}`);
      const strictStart = performance.now();
      const strict = await openRegistry(dir, { git: false, author: 'bench' }).check({ strict: true });
      strictMs.push(performance.now() - strictStart);
      if (!strict.ok) throw new Error(`strict check fails: ${JSON.stringify(strict.problems.slice(0, 3))}`);
    }
    const inProcess = median(checkMs);
    report({
      name: 'registry.check.1000x10',
      value: inProcess,
      unit: 'ms',
      target: '< 1000 ms',
      pass: inProcess < 1000,
      details: { prompts: PROMPTS, versions: PROMPTS * VERSIONS, samplesMs: checkMs.map(Math.round), strictMedianMs: Math.round(median(strictMs)), strictSamplesMs: strictMs.map(Math.round) },
    });

    if (existsSync(path.join(root, 'dist/cli/main.mjs'))) {
      const wall: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const run = spawnSync(process.execPath, [cli, 'prompts', 'check', '--strict'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
        wall.push(performance.now() - started);
        if (run.status !== 0) throw new Error(`promptyard prompts check exited ${run.status}: ${run.stdout}${run.stderr}`);
      }
      const cliMs = median(wall);
      report({ name: 'registry.check.cli.1000x10', value: cliMs, unit: 'ms', target: '< 1000 ms (process start included)', pass: cliMs < 1000, details: { samplesMs: wall.map(Math.round), strict: true } });
    }

    const registry = openRegistry(dir, { git: false, author: 'bench' });
    const firstStart = performance.now();
    await registry.loadPrompt('p0500@production');
    const firstMs = performance.now() - firstStart;
    const samples: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const started = performance.now();
      const loaded = await registry.loadPrompt(i % 2 ? 'p0500@production' : 'p0500');
      samples.push(performance.now() - started);
      if (loaded.version !== `1.${VERSIONS - 2}.0`) throw new Error(`resolved ${loaded.version}`);
    }
    const perCall = median(samples);
    report({
      name: 'registry.loadPrompt.byLabel',
      value: perCall,
      unit: 'ms',
      target: '< 1 ms median after the first load',
      pass: perCall < 1,
      details: { firstLoadMs: Number(firstMs.toFixed(3)), p99Ms: Number(percentile(samples, 99).toFixed(4)), calls: samples.length },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});

// Test discovery for the editor's Test Explorer over 1,000 prompt files (targets: all of them discovered and
// loaded in < 2 s; the event loop never blocked for more than 50 ms at a time). Measures the very function the
// extension calls (src/extension/testing/discovery.ts, which imports no `vscode`), in plain Node, on a
// generated workspace: 40 folders of 25 prompt files with 3 testData rows each, plus files that are not suites.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { discoverEvalTree } from '../src/extension/testing/discovery';
import { median, report } from './report';

const FOLDERS = 40;
const PER_FOLDER = 25;
const ROWS = 3;
const ROUNDS = 5;

function promptText(i: number): string {
  const lines = [`name: Prompt ${i}`, `description: Generated prompt ${i} for the discovery benchmark.`, 'model: openai/gpt-4o-mini', 'modelParameters:', '  temperature: 0.2', 'messages:'];
  lines.push('  - role: system', '    content: You answer questions about {{topic}} for the customers of {{shop}}.', '  - role: user', '    content: "{{question}}"');
  lines.push('testData:');
  for (let r = 0; r < ROWS; r++) {
    lines.push(`  - id: case-${r}`, `    description: Case ${r} of prompt ${i}`, `    topic: topic ${r}`, '    shop: The Bakery', `    question: What about item ${r}?`, `    expected: item ${r}`);
    lines.push('    assert:', '      - type: icontains', `        value: item ${r}`);
  }
  lines.push('evaluators:', '  - name: mentions the topic', '    string:', '      contains: "{{topic}}"');
  return `${lines.join('\n')}\n`;
}

function generate(dir: string): void {
  for (let f = 0; f < FOLDERS; f++) {
    const folder = path.join(dir, 'prompts', `area-${f}`);
    mkdirSync(folder, { recursive: true });
    for (let p = 0; p < PER_FOLDER; p++) writeFileSync(path.join(folder, `p${f * PER_FOLDER + p}.prompt.yml`), promptText(f * PER_FOLDER + p));
    writeFileSync(path.join(folder, 'notes.md'), '# not a suite\n');
    writeFileSync(path.join(folder, 'config.yaml'), 'name: not a suite\nvalues: [1, 2, 3]\n');
  }
  mkdirSync(path.join(dir, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(path.join(dir, 'node_modules', 'dep', 'x.prompt.yml'), promptText(0));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-discovery-bench-'));
  try {
    generate(dir);
    const totals: number[] = [];
    const blocks: number[] = [];
    const slowest: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // The longest time the event loop could not run a 1 ms timer: the longest synchronous slice.
      const delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      const { stats } = await discoverEvalTree([dir]);
      delay.disable();
      if (stats.suites !== FOLDERS * PER_FOLDER || stats.cases !== FOLDERS * PER_FOLDER * ROWS) {
        throw new Error(`discovered ${stats.suites} suites and ${stats.cases} cases, expected ${FOLDERS * PER_FOLDER} and ${FOLDERS * PER_FOLDER * ROWS}`);
      }
      totals.push(stats.durationMs);
      blocks.push(delay.max / 1e6);
      slowest.push(stats.slowestFileMs);
    }
    const total = median(totals);
    report({
      name: 'testDiscovery.1000files',
      value: total,
      unit: 'ms',
      target: '< 2000 ms (median of 5)',
      pass: total < 2000,
      details: { samplesMs: totals.map(Math.round), suites: FOLDERS * PER_FOLDER, cases: FOLDERS * PER_FOLDER * ROWS },
    });
    const block = Math.max(...blocks);
    report({
      name: 'testDiscovery.longestSlice',
      value: block,
      unit: 'ms',
      target: '< 50 ms (event loop blocked at most, worst of 5)',
      pass: block < 50,
      details: { perRoundMs: blocks.map((b) => Number(b.toFixed(1))), slowestFileMs: slowest.map((s) => Number(s.toFixed(2))) },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});

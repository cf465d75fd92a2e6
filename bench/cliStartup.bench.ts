// `promptyard --version` against `node -e ""` on the same machine, interleaved so both see the same load.
// Target: the CLI's median wall time within 1.5x of bare Node's.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { median, report } from './report';

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin/promptyard.mjs');
if (!existsSync(path.join(root, 'dist/cli/main.mjs'))) throw new Error('build first: npm run build');

function time(args: string[]): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return ms;
}

const rounds = 40;
const cli: number[] = [];
const node: number[] = [];
for (let i = 0; i < 5; i++) {
  time([bin, '--version']);
  time(['-e', '']);
}
for (let i = 0; i < rounds; i++) {
  node.push(time(['-e', '']));
  cli.push(time([bin, '--version']));
}
const ratio = median(cli) / median(node);
report({
  name: 'cli.version.startup',
  value: ratio,
  unit: 'x node -e ""',
  target: '<= 1.5x node -e ""',
  pass: ratio <= 1.5,
  details: { cliMedianMs: median(cli), nodeMedianMs: median(node), rounds },
});

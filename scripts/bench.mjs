// `npm run bench`: runs every bench/*.bench.ts in turn (never in parallel: 2 cores), collects the
// figures they print, writes bench/results/latest.json and exits 1 when a target is missed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';

const only = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const figures = [];
let failed = false;
for (const file of files) {
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = run.stdout.split('\n').filter((l) => l.startsWith('BENCH '));
  if (run.status !== 0 || lines.length === 0) {
    failed = true;
    console.error(`[bench] ${file} failed (exit ${run.status})\n${run.stdout}`);
    continue;
  }
  for (const line of lines) {
    const figure = { file, ...JSON.parse(line.slice(6)) };
    figures.push(figure);
    if (!figure.pass) failed = true;
  }
  console.error(`[bench] ${file} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
const rows = figures.map((f) => [f.pass ? 'ok  ' : 'MISS', f.name, `${round(f.value)} ${f.unit}`, f.target]);
const widths = [4, 0, 0, 0].map((w, i) => Math.max(w, ...rows.map((r) => r[i].length)));
for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  '));
mkdirSync('bench/results', { recursive: true });
// A partial run (`node scripts/bench.mjs testDiscovery`) keeps the other benchmarks' last figures.
const kept = only.length === 0 ? [] : previousFigures().filter((f) => !files.includes(f.file));
writeFileSync('bench/results/latest.json', JSON.stringify({ at: new Date().toISOString(), node: process.version, figures: [...kept, ...figures] }, null, 2) + '\n');
process.exit(failed ? 1 : 0);

function previousFigures() {
  if (!existsSync('bench/results/latest.json')) return [];
  try {
    return JSON.parse(readFileSync('bench/results/latest.json', 'utf8')).figures ?? [];
  } catch {
    return [];
  }
}

function round(n) {
  return Math.abs(n) >= 100 ? Math.round(n).toString() : n.toFixed(3);
}

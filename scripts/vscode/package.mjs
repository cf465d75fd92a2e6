// Packages the extension as a .vsix with @vscode/vsce, from a clean staging folder: a production build
// (no source maps, no stale CLI chunks, no tests), the files .vscodeignore allows, and a package.json
// without scripts or devDependencies. The dev build in dist/ is left alone.
//   node scripts/vscode/package.mjs [--out FILE] [--local-runtime]
//   --local-runtime  also ship node-llama-cpp with the CPU binary of this platform, as a platform-specific
//                    .vsix (`vsce package --target`); without it local/default says the runtime is missing.
// Prints the .vsix path on stdout (the last line).
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runtimeClosure, vsceTarget } from './runtimeClosure.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const { values } = parseArgs({ options: { out: { type: 'string' }, 'local-runtime': { type: 'boolean', default: false } } });
const started = Date.now();
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const target = values['local-runtime'] ? vsceTarget() : undefined;
const name = `${pkg.name}-${pkg.version}${target ? `-${target}` : ''}.vsix`;
const out = path.resolve(values.out ?? path.join(ROOT, '.cache/vsix', name));
// A staging folder of this process only: two packagings at once (npm start beside the e2e tests) must not
// share one.
mkdirSync(path.join(ROOT, '.cache/vsix'), { recursive: true });
const stage = mkdtempSync(path.join(ROOT, '.cache/vsix', `stage-${target ?? 'universal'}-`));
run(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--production', '--no-tests', `--outdir=${path.join(stage, 'dist')}`], ROOT);
for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'bin/promptyard.mjs', 'media', 'schemas', 'templates']) {
  cpSync(path.join(ROOT, file), path.join(stage, file), { recursive: true });
}

const manifest = { ...pkg, scripts: {}, devDependencies: {}, dependencies: {} };
delete manifest.allowScripts;
if (target) {
  // vsce's dependency mode (`npm list --production`) packs exactly this closure from the staged node_modules.
  manifest.dependencies = { 'node-llama-cpp': pkg.dependencies['node-llama-cpp'] };
  // llama.cpp's source (a 34 MB git bundle) is only for building from source, which the extension never does.
  const filter = (src) => !src.endsWith(`${path.sep}llama${path.sep}gitRelease.bundle`);
  for (const dir of runtimeClosure(ROOT, target)) cpSync(path.join(ROOT, dir), path.join(stage, dir), { recursive: true, verbatimSymlinks: true, filter });
  appendFileSync(path.join(stage, '.vscodeignore'), '!node_modules/**\n');
}
writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

mkdirSync(path.dirname(out), { recursive: true });
const vsce = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');
if (!existsSync(vsce)) fail('@vscode/vsce is not installed: run `npm ci`.');
const vsceArgs = ['package', '--out', out, ...(target ? ['--target', target, '--dependencies'] : ['--no-dependencies'])];
run(process.execPath, [vsce, ...vsceArgs], stage);
rmSync(stage, { recursive: true, force: true });
const mb = (statSync(out).size / 1_048_576).toFixed(1);
process.stderr.write(`[package] ${path.relative(ROOT, out)} (${mb} MB${target ? `, with the local runtime for ${target}` : ''}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
process.stdout.write(`${out}\n`);

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 2, 2], env: { ...process.env, NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true' } });
  if (result.status !== 0) fail(`${path.basename(command)} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

function fail(message) {
  process.stderr.write(`[package] ${message}\n`);
  rmSync(stage, { recursive: true, force: true });
  process.exit(1);
}

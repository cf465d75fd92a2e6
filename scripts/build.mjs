// One esbuild script, three entries: the extension (cjs, `vscode` external), the CLI (ESM, split so
// `--version` loads almost nothing) and the webview UI (browser). `--watch`, `--production`,
// `--outdir=DIR` (default `dist`; packaging builds into a clean staging folder), `--no-tests`.
import * as esbuild from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const out = [...args].find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';
const withTests = !args.has('--no-tests');
const at = (sub) => path.join(out, sub);
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

// Native or ESM-only packages that must stay outside the bundle and load lazily at run time.
const nativeExternals = ['node-llama-cpp', '@napi-rs/keyring'];

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  metafile: true,
  legalComments: 'none',
  define: { PROMPTYARD_VERSION: JSON.stringify(pkg.version) },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    // The extension in two CommonJS bundles (esbuild cannot split CJS): `extension.js` is what activate()
    // loads, kept small; `extensionFeatures.js` (SDKs, webview host, local runtime) is required on first use.
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts', extensionFeatures: 'src/extension/features.ts' },
    outdir: out,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', ...nativeExternals],
  },
  {
    ...common,
    entryPoints: { main: 'src/cli/main.ts' },
    outdir: at('cli'),
    platform: 'node',
    format: 'esm',
    splitting: true,
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    external: nativeExternals,
    // Bundled CommonJS dependencies call require(); give them one in the ESM output.
    banner: { js: "import { createRequire as __pyCreateRequire } from 'node:module'; const require = __pyCreateRequire(import.meta.url);" },
  },
  withTests && {
    // Extension-host tests (mocha inside VS Code) and their runner.
    ...common,
    entryPoints: ['test/extension/*.ts'],
    outdir: at('test/extension'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha', '@vscode/test-electron', ...nativeExternals],
  },
  {
    ...common,
    // The playground (main.js) and the eval results view (results.js), one bundle each.
    entryPoints: { main: 'webview-ui/src/main.ts', results: 'webview-ui/src/results/main.ts' },
    outdir: at('webview'),
    platform: 'browser',
    format: 'iife',
    target: ['chrome120'],
    // Preact components (webview-ui/tsconfig.json says the same for tsc).
    jsx: 'automatic',
    jsxImportSource: 'preact',
  },
].filter(Boolean);

await mkdir(out, { recursive: true });
if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log('[build] watching for changes');
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  // Sizes keyed as if built into `dist/` (the metafile's output paths), whatever --outdir was.
  const sizes = {};
  for (const result of results) {
    for (const [file, info] of Object.entries(result.metafile.outputs)) {
      if (!file.endsWith('.map')) sizes[path.posix.join('dist', path.relative(out, file).split(path.sep).join('/'))] = info.bytes;
    }
  }
  await writeFile(at('bundle-sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
  const total = (prefix) => Object.entries(sizes).filter(([f]) => f.startsWith(prefix)).reduce((n, [, b]) => n + b, 0);
  // The webview's budget is in gzipped bytes (150 KB).
  const webviewGzip = gzipSync(await readFile(at('webview/main.js')), { level: 9 }).length;
  console.log(
    `[build] extension ${kb(sizes['dist/extension.js'])} (features, loaded on first use: ${kb(sizes['dist/extensionFeatures.js'])}), cli entry ${kb(sizes['dist/cli/main.mjs'])} (all chunks ${kb(total('dist/cli/'))}), webview ${kb(sizes['dist/webview/main.js'])} (${kb(webviewGzip)} gzipped)`,
  );
}

function kb(bytes) {
  return bytes === undefined ? '-' : `${(bytes / 1024).toFixed(1)} KiB`;
}

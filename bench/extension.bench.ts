// The extension's speed: bundle sizes from the production build's esbuild metafile (extension.js <= 300 KB
// minified, without the features bundle it loads on first use; the webview <= 150 KB gzipped), activate()
// in a real extension host (code-server, read back from the extension's log: the median of three window
// loads <= 20 ms), and streaming in the real webview at 2,000 tokens/s from the test LLM server: arrival ->
// paint p95 within one frame (16.7 ms)
// and the last token on screen within 100 ms of the server sending it (the UI does not fall behind).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startLlmServer } from '../test/support/llmServer';
import { PlaygroundUi } from '../test/e2e/support/playgroundUi';
import { runCommand } from '../test/e2e/support/vscodeUi';
import { openWorkbench } from '../test/e2e/support/workbench';
import { copyExampleWorkspace } from '../test/e2e/support/workspace';
import { activationMs, measureStream } from './support/extensionHost';
import { ROOT } from './support/measure';
import { median, report } from './report';

const KB = 1000;
const STREAM_TOKENS = 4000;
const TOKENS_PER_SECOND = 2000;
const ACTIVATIONS = 3;

function bundleSizes(): void {
  const out = mkdtempSync(path.join(os.tmpdir(), 'promptyard-bench-build-'));
  try {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--no-tests', `--outdir=${out}`], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`the production build failed:\n${build.stderr}`);
    const sizes = JSON.parse(readFileSync(path.join(out, 'bundle-sizes.json'), 'utf8')) as Record<string, number>;
    const extension = sizes['dist/extension.js']!;
    report({
      name: 'extension.bundle',
      value: extension / KB,
      unit: 'KB',
      target: '<= 300 KB minified (without extensionFeatures.js)',
      pass: extension <= 300 * KB,
      details: { extensionBytes: extension, featuresBytes: sizes['dist/extensionFeatures.js'] },
    });
    const webview = readFileSync(path.join(out, 'webview/main.js'));
    const gzipped = gzipSync(webview, { level: 9 }).length;
    report({
      name: 'webview.bundle',
      value: gzipped / KB,
      unit: 'KB gzipped',
      target: '<= 150 KB gzipped',
      pass: gzipped <= 150 * KB,
      details: { minifiedBytes: webview.length, gzippedBytes: gzipped },
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function inCodeServer(): Promise<void> {
  const llm = await startLlmServer();
  const ws = copyExampleWorkspace();
  const wb = await openWorkbench({
    folder: ws.dir,
    env: { OPENAI_BASE_URL: llm.openaiBaseURL, OPENAI_API_KEY: 'sk-bench-0123456789abcdef' },
    settings: { 'promptyard.useEnvironmentKeys': true },
  });
  try {
    // activate() once per window load: the median of three, since one sample on a busy machine can be a stall.
    await PlaygroundUi.openView(wb.page);
    for (let load = 2; load <= ACTIVATIONS; load++) {
      await activationMs(wb.server.userDataDir, load - 1);
      await Promise.all([wb.page.waitForEvent('load', { timeout: 60_000 }), runCommand(wb.page, 'Developer: Reload Window')]);
      await wb.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    }
    const ui = await PlaygroundUi.openView(wb.page);
    const samples = await activationMs(wb.server.userDataDir, ACTIVATIONS);
    const activate = median(samples.map((s) => s.wallMs));
    const cpu = samples.every((s) => s.cpuMs !== undefined) ? median(samples.map((s) => s.cpuMs!)) : undefined;
    report({
      name: 'extension.activate',
      value: activate,
      unit: 'ms',
      target: '<= 20 ms (in the extension host; median of 3 window loads)',
      pass: activate <= 20,
      details: { wallMs: samples.map((s) => s.wallMs), cpuMs: samples.map((s) => s.cpuMs), medianCpuMs: cpu, loadAverage1m: os.loadavg()[0] },
    });

    const stream = await measureStream(ui, llm, { tokens: STREAM_TOKENS, tokensPerSecond: TOKENS_PER_SECOND });
    report({
      name: 'webview.streamPaintP95',
      value: stream.perf.latencyP95Ms,
      unit: 'ms',
      target: '<= 16.7 ms from arrival to paint (one frame)',
      pass: stream.perf.latencyP95Ms <= 16.7,
      details: { ...stream.perf, loadAverage1m: os.loadavg()[0] },
    });
    report({
      name: 'webview.streamLag',
      value: stream.lagMs,
      unit: 'ms',
      target: `<= 100 ms from the last token sent to it on screen, at ${TOKENS_PER_SECOND} tokens/s`,
      pass: stream.lagMs <= 100 && stream.offeredPerSecond >= TOKENS_PER_SECOND * 0.9,
      details: { tokens: STREAM_TOKENS, offeredTokensPerSecond: Math.round(stream.offeredPerSecond), paintedTokensPerSecond: Math.round(stream.paintedPerSecond) },
    });
  } finally {
    await wb.close();
    await llm.close();
    ws.remove();
  }
}

bundleSizes();
inCodeServer().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

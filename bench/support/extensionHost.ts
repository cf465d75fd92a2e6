// Measurements inside the real VS Code of the extension benchmark: activate() as the extension logs it, and
// a fast stream through the playground webview, timed by the webview's own `window.__promptyardPerf` and
// against the test LLM server's clock.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LlmServer } from '../../test/support/llmServer';
import type { PlaygroundUi } from '../../test/e2e/support/playgroundUi';

export interface ActivationSample {
  wallMs: number;
  /** CPU time of the extension host process during activate(), when the log says it. */
  cpuMs?: number;
}

/** Every "Promptyard activated in X ms (Y ms CPU)" in the extension's log files (one per window load). */
export function activationSamples(userDataDir: string): ActivationSample[] {
  return logFiles(path.join(userDataDir, 'logs')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/Promptyard activated in ([\d.]+) ms(?: \(([\d.]+) ms CPU\))?/g)].map((m) => ({
      wallMs: Number(m[1]),
      ...(m[2] === undefined ? {} : { cpuMs: Number(m[2]) }),
    })),
  );
}

/** Waits until the logs hold at least `count` activations; returns them all. */
export async function activationMs(userDataDir: string, count = 1, timeoutMs = 30_000): Promise<ActivationSample[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const samples = activationSamples(userDataDir);
    if (samples.length >= count) return samples;
    if (Date.now() > until) throw new Error(`${samples.length} of ${count} activation times in the Promptyard log under ${userDataDir}/logs`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function logFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? logFiles(path.join(dir, e.name)) : e.name === 'Promptyard.log' ? [path.join(dir, e.name)] : []));
}

export interface PerfSnapshot {
  /** performance.timeOrigin + lastPaintAt: the wall clock of the last paint, comparable with Date.now(). */
  lastPaintEpochMs?: number;
  deltas: number;
  paintFrames: number;
  frames: number;
  maxDeltasPerFrame: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencyMaxMs: number;
  maxFrameWorkMs: number;
}

export interface StreamMeasurement {
  perf: PerfSnapshot;
  /** From the server sending the last token to the webview painting it (both on the machine's wall clock). */
  lagMs: number;
  /** Tokens per second the server actually sent. */
  offeredPerSecond: number;
  /** Tokens per second from the first token on screen to the last. */
  paintedPerSecond: number;
}

type PerfWindow = { __promptyardPerf?: { snapshot(): PerfSnapshot & { lastPaintAt?: number }; reset(): void }; performance: { timeOrigin: number } };

/** Streams `tokens` words at `tokensPerSecond` into the playground (on its selected OpenAI model). */
export async function measureStream(ui: PlaygroundUi, llm: LlmServer, options: { tokens: number; tokensPerSecond: number }): Promise<StreamMeasurement> {
  const model = 'openai/gpt-4o-mini';
  await ui.pickModel(model);
  const body = ui.frame.locator('body');
  const runOnce = async (tokens: number) => {
    const words = Array.from({ length: tokens }, (_, i) => `t${i}`);
    await ui.setMessage(1, `Stream {{topic}}. [[reply: ${words.join(' ')}]]`);
    llm.reset();
    llm.setLatency({ chunkMs: 1000 / options.tokensPerSecond });
    await body.evaluate(() => (globalThis as unknown as PerfWindow).__promptyardPerf!.reset());
    await ui.run();
    const column = ui.column(model);
    await column.locator('[data-testid=output-body]').filter({ hasText: words[0]! }).waitFor({ timeout: 30_000 });
    const firstOnScreen = Date.now();
    await column.locator('[data-testid=output-body]').filter({ hasText: words.at(-1)! }).waitFor({ timeout: 60_000 });
    const lastOnScreen = Date.now();
    await llm.waitFor(() => llm.chatRequests().at(-1)?.finished === true, 10_000);
    const request = llm.chatRequests().at(-1)!;
    const perf = await body.evaluate(() => {
      const page = globalThis as unknown as PerfWindow;
      const snapshot = page.__promptyardPerf!.snapshot();
      return { ...snapshot, lastPaintEpochMs: snapshot.lastPaintAt === undefined ? undefined : page.performance.timeOrigin + snapshot.lastPaintAt };
    });
    await ui.waitSettled();
    llm.setLatency({});
    return { request, perf, firstOnScreen, lastOnScreen };
  };
  await runOnce(200); // warm-up: JIT, first-run setup in the host and the webview
  const { request, perf, firstOnScreen, lastOnScreen } = await runOnce(options.tokens);
  const sentMs = request.endedAt! - request.startedAt;
  const lastSentAt = llm.epoch + request.endedAt!;
  return {
    perf,
    lagMs: perf.lastPaintEpochMs! - lastSentAt,
    offeredPerSecond: options.tokens / (sentMs / 1000),
    paintedPerSecond: options.tokens / ((lastOnScreen - firstOnScreen) / 1000),
  };
}

// What a generated service adds to a model call, per stack: open-loop load at 100 requests/s for 20 s
// against the service (in front of the test LLM server, 50 ms to the first byte), and the same load straight
// at the test LLM server; the figure is the median over rounds of the difference of the p99 latencies
// (each round measures both, the order alternating). Target: < 5 ms.
// The test LLM server runs in a child process of its own (bench/support/serverProcess.ts), so this process
// only drives the load; each target is warmed up at the rate first (discarded: JIT of Node and the JVM).
// The service runs with its response cache off (CACHE_TTL_SECONDS=0) and a rate limit far above the load.
// PROMPTYARD_SCAFFOLD_STACKS picks stacks; a stack whose toolchain is missing is skipped.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { selectedAdapters } from '../test/scaffold/adapters';
import { openLoop } from '../test/scaffold/load';
import { freePort, generate, makeWorkspace, startProcess } from '../test/scaffold/support';
import { median, percentile, report } from './report';
import { groupCpuMs } from './support/procCpu';
import { startServerProcess } from './support/serverProcess';

const RATE = 100;
const SECONDS = Number(process.env.PROMPTYARD_BENCH_SCAFFOLD_S ?? 20);
const WARMUP_S = Number(process.env.PROMPTYARD_BENCH_SCAFFOLD_WARMUP_S ?? 5);
const ROUNDS = Number(process.env.PROMPTYARD_BENCH_SCAFFOLD_ROUNDS ?? 3);
const KEY = 'sk-bench-0123456789abcdefghij';

const round2 = (x: number): number => Math.round(x * 100) / 100;

function pcts(latencies: number[]): { p50: number; p95: number; p99: number } {
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

async function main(): Promise<void> {
  const llm = await startServerProcess({ latencyMs: 50 });
  const ws = await makeWorkspace();
  try {
    const body = (i: number) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `bench ${i} [[reply: ok]]` }] });
    const direct = (durationS = SECONDS) => openLoop({ url: `${llm.openaiBaseURL}/chat/completions`, rate: RATE, durationS, body, headers: { authorization: `Bearer ${KEY}` } });
    await direct(WARMUP_S);
    for (const adapter of selectedAdapters()) {
      if (await adapter.unavailable?.()) continue;
      const dir = path.join(mkdtempSync(path.join(os.tmpdir(), `promptyard-bench-${adapter.stack}-`)), 'bench-service');
      try {
        await generate(ws.dir, adapter.stack, dir, adapter.scaffoldArgs ?? []);
        await adapter.install(dir);
        await adapter.build?.(dir);
        const port = await freePort();
        const { command, args } = adapter.startCommand(dir);
        const service = await startProcess(command, args, {
          cwd: dir,
          port,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', PORT: String(port), LLM_PROVIDER: 'openai', LLM_BASE_URL: llm.openaiBaseURL, LLM_API_KEY: KEY, LOG_LEVEL: 'warn', RATE_LIMIT_RPS: '100000', RATE_LIMIT_BURST: '100000', CACHE_TTL_SECONDS: '0' },
        });
        try {
          const runBody = (i: number) => ({ variables: { question: `bench ${i} [[reply: ok]]` } });
          const served = (durationS = SECONDS) => openLoop({ url: `${service.url}/v1/prompts/assist/run`, rate: RATE, durationS, body: runBody });
          await served(WARMUP_S);
          // Rounds of (straight at the server, through the service), the order alternating, each round's
          // difference of p99s taken against its own direct run: the machine's state drifts between rounds.
          const rounds: Array<{ service: ReturnType<typeof pcts>; direct: ReturnType<typeof pcts>; overheadP99: number; cpuMsPerRequest: number; statuses: Record<string, number> }> = [];
          let allOk = true;
          for (let r = 0; r < ROUNDS; r++) {
            const d1 = r % 2 === 0 ? await direct() : undefined;
            const cpuBefore = groupCpuMs(service.pid);
            const s1 = await served();
            const cpuMs = groupCpuMs(service.pid) - cpuBefore;
            const d = d1 ?? (await direct());
            const sp = pcts(s1.latenciesMs);
            const dp = pcts(d.latenciesMs);
            allOk &&= (s1.statuses[200] ?? 0) === s1.sent && (d.statuses[200] ?? 0) === d.sent;
            rounds.push({ service: sp, direct: dp, overheadP99: sp.p99 - dp.p99, cpuMsPerRequest: cpuMs / s1.sent, statuses: s1.statuses });
          }
          const overhead = median(rounds.map((x) => x.overheadP99));
          report({
            name: `scaffold.${adapter.stack}.overheadP99`,
            value: overhead,
            unit: 'ms',
            target: `< 5 ms at ${RATE} req/s`,
            pass: overhead < 5 && allOk,
            details: {
              rounds: ROUNDS,
              overhead_p99_ms_per_round: rounds.map((x) => round2(x.overheadP99)),
              overhead_p50_ms_per_round: rounds.map((x) => round2(x.service.p50 - x.direct.p50)),
              service_p99_ms_per_round: rounds.map((x) => round2(x.service.p99)),
              direct_p99_ms_per_round: rounds.map((x) => round2(x.direct.p99)),
              service_cpu_ms_per_request: median(rounds.map((x) => round2(x.cpuMsPerRequest))),
              warmup_s: WARMUP_S,
              statuses: rounds.map((x) => x.statuses),
              loadavg: os.loadavg(),
            },
          });
        } finally {
          await service.stop('SIGTERM');
        }
      } finally {
        rmSync(path.dirname(dir), { recursive: true, force: true });
      }
    }
  } finally {
    ws.cleanup();
    await llm.stop();
  }
}

void main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  },
);

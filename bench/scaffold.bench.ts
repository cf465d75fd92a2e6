// What a generated service adds to a model call, per stack: open-loop load at 100 requests/s for 20 s
// against the service (in front of the test LLM server, 50 ms to the first byte), and the same load straight
// at the test LLM server; the figure is the difference of the p99 latencies. Target: < 5 ms.
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
import { percentile, report } from './report';
import { groupCpuMs } from './support/procCpu';
import { startServerProcess } from './support/serverProcess';

const RATE = 100;
const SECONDS = Number(process.env.PROMPTYARD_BENCH_SCAFFOLD_S ?? 20);
const WARMUP_S = Number(process.env.PROMPTYARD_BENCH_SCAFFOLD_WARMUP_S ?? 5);
const KEY = 'sk-bench-0123456789abcdefghij';

function pcts(latencies: number[]): { p50: number; p95: number; p99: number } {
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

async function main(): Promise<void> {
  const llm = await startServerProcess({ latencyMs: 50 });
  const ws = await makeWorkspace();
  try {
    const body = (i: number) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `bench ${i} [[reply: ok]]` }] });
    await openLoop({ url: `${llm.openaiBaseURL}/chat/completions`, rate: RATE, durationS: WARMUP_S, body, headers: { authorization: `Bearer ${KEY}` } });
    const direct = await openLoop({ url: `${llm.openaiBaseURL}/chat/completions`, rate: RATE, durationS: SECONDS, body, headers: { authorization: `Bearer ${KEY}` } });
    const directP = pcts(direct.latenciesMs);
    const directP99 = directP.p99;
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
          await openLoop({ url: `${service.url}/v1/prompts/assist/run`, rate: RATE, durationS: WARMUP_S, body: runBody });
          const cpuBefore = groupCpuMs(service.pid);
          const served = await openLoop({ url: `${service.url}/v1/prompts/assist/run`, rate: RATE, durationS: SECONDS, body: runBody });
          const cpuMs = groupCpuMs(service.pid) - cpuBefore;
          const servedP = pcts(served.latenciesMs);
          const p99 = servedP.p99;
          const overhead = p99 - directP99;
          report({
            name: `scaffold.${adapter.stack}.overheadP99`,
            value: overhead,
            unit: 'ms',
            target: `< 5 ms at ${RATE} req/s`,
            pass: overhead < 5 && (served.statuses[200] ?? 0) === served.sent,
            details: {
              service_p50_ms: servedP.p50,
              service_p95_ms: servedP.p95,
              service_p99_ms: p99,
              direct_p50_ms: directP.p50,
              direct_p95_ms: directP.p95,
              direct_p99_ms: directP99,
              service_cpu_ms_per_request: cpuMs / served.sent,
              warmup_s: WARMUP_S,
              statuses: served.statuses,
              direct_statuses: direct.statuses,
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

// What a generated service adds to a model call, per stack: open-loop load at 100 requests/s for 20 s
// against the service (in front of the test LLM server, 50 ms to the first byte), and the same load straight
// at the test LLM server; the figure is the difference of the p99 latencies. Target: < 5 ms.
// PROMPTYARD_SCAFFOLD_STACKS picks stacks; a stack whose toolchain is missing is skipped.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLlmServer } from '../test/support/llmServer';
import { selectedAdapters } from '../test/scaffold/adapters';
import { openLoop } from '../test/scaffold/load';
import { freePort, generate, makeWorkspace, startProcess } from '../test/scaffold/support';
import { percentile, report } from './report';

const RATE = 100;
const SECONDS = Number(process.env.PROMPTYARD_BENCH_SCAFFOLD_S ?? 20);
const KEY = 'sk-bench-0123456789abcdefghij';

async function main(): Promise<void> {
  const llm = await startLlmServer({ latency: { firstByteMs: 50 } });
  const ws = await makeWorkspace();
  try {
    const body = (i: number) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `bench ${i} [[reply: ok]]` }] });
    await openLoop({ url: `${llm.openaiBaseURL}/chat/completions`, rate: RATE, durationS: 2, body, headers: { authorization: `Bearer ${KEY}` } });
    const direct = await openLoop({ url: `${llm.openaiBaseURL}/chat/completions`, rate: RATE, durationS: SECONDS, body, headers: { authorization: `Bearer ${KEY}` } });
    const directP99 = percentile(direct.latenciesMs, 99);
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
          await openLoop({ url: `${service.url}/v1/prompts/assist/run`, rate: RATE, durationS: 3, body: runBody });
          const served = await openLoop({ url: `${service.url}/v1/prompts/assist/run`, rate: RATE, durationS: SECONDS, body: runBody });
          const p99 = percentile(served.latenciesMs, 99);
          const overhead = p99 - directP99;
          report({
            name: `scaffold.${adapter.stack}.overheadP99`,
            value: overhead,
            unit: 'ms',
            target: `< 5 ms at ${RATE} req/s`,
            pass: overhead < 5 && (served.statuses[200] ?? 0) === served.sent,
            details: { service_p50_ms: percentile(served.latenciesMs, 50), service_p99_ms: p99, direct_p50_ms: percentile(direct.latenciesMs, 50), direct_p99_ms: directP99, statuses: served.statuses, loadavg: os.loadavg() },
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
    await llm.close();
  }
}

void main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  },
);

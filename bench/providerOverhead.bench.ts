// What our provider layer (SDK client, call scope, mapping, cost) adds to a model call: `complete()` of the
// OpenAI provider against the test LLM server at zero latency, versus a bare fetch POST of the same body and
// `await res.json()`. Interleaved pairs after a warm-up; the figure is the difference of the medians.
// The streaming variant (our `stream()` vs a bare fetch reading the SSE body) is informational.
import { createCatalog } from '../src/core/providers/catalog';
import { createOpenAIProvider } from '../src/core/providers/openai';
import { toOpenAIParams } from '../src/core/providers/openaiMapping';
import type { ChatRequest } from '../src/core/providers/types';
import { startLlmServer } from '../test/support/llmServer';
import { median, percentile, report } from './report';

const WARMUP = 300;
const CALLS = 3000;
const KEY = 'sk-bench-0123456789abcdefghij';

const request: ChatRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You answer in one short sentence.' },
    { role: 'user', content: 'What is the capital of Norway, and why is it there?' },
  ],
  parameters: { maxTokens: 200, temperature: 0.2 },
};

type Call = () => Promise<void>;

async function time(fn: Call): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Warm-up, then `calls` interleaved pairs, alternating which side goes first. */
async function compare(ours: Call, bare: Call, calls: number): Promise<{ ours: number[]; bare: number[] }> {
  for (let i = 0; i < WARMUP; i++) {
    await ours();
    await bare();
  }
  const out = { ours: [] as number[], bare: [] as number[] };
  for (let i = 0; i < calls; i++) {
    if (i % 2 === 0) {
      out.ours.push(await time(ours));
      out.bare.push(await time(bare));
    } else {
      out.bare.push(await time(bare));
      out.ours.push(await time(ours));
    }
  }
  return out;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

async function main(): Promise<void> {
  const server = await startLlmServer();
  const provider = createOpenAIProvider({
    name: 'openai',
    catalog: createCatalog(),
    settings: { apiKey: KEY, baseURL: server.openaiBaseURL, maxRetries: 2, timeoutMs: 10_000, deadlineMs: 30_000 },
  });
  const url = `${server.openaiBaseURL}/chat/completions`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };
  const params = toOpenAIParams(request, 'openai', 'max_completion_tokens');
  const plainBody = JSON.stringify({ ...params, stream: false });
  const streamBody = JSON.stringify({ ...params, stream: true, stream_options: { include_usage: true } });

  const plain = await compare(
    async () => void (await provider.complete(request)),
    async () => void (await (await fetch(url, { method: 'POST', headers, body: plainBody })).json()),
    CALLS,
  );
  const overhead = median(plain.ours) - median(plain.bare);
  report({
    name: 'provider.overhead.complete',
    value: overhead,
    unit: 'ms/call',
    target: '< 1 ms per call at the median',
    pass: overhead < 1,
    details: {
      calls: CALLS,
      oursMedianMs: round(median(plain.ours)),
      bareMedianMs: round(median(plain.bare)),
      oursP90Ms: round(percentile(plain.ours, 90)),
      bareP90Ms: round(percentile(plain.bare, 90)),
    },
  });

  const streamed = await compare(
    async () => {
      for await (const event of provider.stream(request)) void event;
    },
    async () => void (await (await fetch(url, { method: 'POST', headers, body: streamBody })).text()),
    CALLS / 3,
  );
  report({
    name: 'provider.overhead.stream',
    value: median(streamed.ours) - median(streamed.bare),
    unit: 'ms/call',
    target: 'informational',
    pass: true,
    details: { calls: CALLS / 3, oursMedianMs: round(median(streamed.ours)), bareMedianMs: round(median(streamed.bare)) },
  });
  await server.close();
}

void main();

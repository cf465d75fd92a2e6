// The reference loop: the bare `openai` SDK sending the benchmark's N requests at a fixed concurrency, and
// nothing else. Plain JavaScript, so it runs on bare Node like the built CLI does.
// `node bench/support/bareSdkLoop.mjs <baseURL> <cases> <concurrency>`
import { OpenAI } from 'openai';

const [baseURL, casesArg, concurrencyArg] = process.argv.slice(2);
const cases = Number(casesArg);
const concurrency = Number(concurrencyArg);
const client = new OpenAI({ apiKey: 'sk-bench-0123456789abcdefghij', baseURL, maxRetries: 2, timeout: 60_000 });
let next = 0;
let done = 0;
const worker = async () => {
  while (next < cases) {
    const i = next++;
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You answer in one short sentence.' },
        { role: 'user', content: `Question ${i}: what is the capital of Norway, and why is it there?` },
      ],
      max_completion_tokens: 64,
    });
    done++;
  }
};
await Promise.all(Array.from({ length: concurrency }, worker));
process.stdout.write(`${done} requests\n`);

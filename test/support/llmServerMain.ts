// `npm run llm-server -- [--port N] [--latency FIRST[,CHUNK]] [--faults a,b,...] [--fault-rate P] [--seed N]`:
// the test LLM server on its own, for manual use (e.g. OPENAI_BASE_URL=<printed url>/v1 promptyard run ...).
// --faults queues faults for the next requests in order; with --fault-rate they are drawn at random instead.
import { parseArgs } from 'node:util';
import { startLlmServer } from './llmServer';
import { FAULT_NAMES } from './llmServerFaults';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    latency: { type: 'string' },
    faults: { type: 'string' },
    'fault-rate': { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write(
    [
      'Usage: npm run llm-server -- [--port N] [--latency FIRST_MS[,CHUNK_MS]] [--faults NAME,...] [--fault-rate P] [--seed N]',
      `Fault names: ${FAULT_NAMES.join(', ')}.`,
      'Per request: header x-test-fault: NAME, or a model named fault-NAME (e.g. openai/fault-429).',
      '',
    ].join('\n'),
  );
  process.exit(0);
}

const [firstByteMs, chunkMs] = (values.latency ?? '0').split(',').map(Number);
const faults = values.faults ? values.faults.split(',').map((f) => f.trim()).filter(Boolean) : [];
const probability = values['fault-rate'] ? Number(values['fault-rate']) : undefined;
const seed = values.seed ? Number(values.seed) : 0;

void startLlmServer({
  port: Number(values.port),
  latency: { firstByteMs, chunkMs },
  seed,
  ...(probability === undefined ? { faults } : { faultRate: { probability, kinds: faults.length ? faults : ['429', '500', '503'], seed } }),
}).then((server) => {
  process.stdout.write(`${server.url}\n`);
  process.stderr.write(`OpenAI base URL: ${server.openaiBaseURL}\nAnthropic base URL: ${server.anthropicBaseURL}\nCtrl-C to stop.\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
});

// SECURITY.md: a canary key used through every provider feature never appears in anything we produce:
// error messages, hints, causes, stacks, logs, results, or the server's request log.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { defaultConfig } from '../../../src/core/config';
import { ProviderError } from '../../../src/core/errors';
import type { SecretStore } from '../../../src/core/ports';
import { createProviderRegistry } from '../../../src/core/providers/registry';
import { startLlmServer, type LlmServer } from '../../support/llmServer';
import { collect, recordingLogger } from './helpers';

// No known key prefix: only our own scrubbing (not the generic patterns) can hide it.
const CANARIES = { openai: 'canary-openai-7f3a9c1e5b2d4f6a8c0e', anthropic: 'canary-anthropic-0b1c2d3e4f5a6b7c', router: 'canary-router-5e6f7a8b9c0d1e2f' };
const FAULTS = ['401-echo', '401', '400', '429', 'quota', '500', 'reset-3', 'truncate-3', 'stall-body', 'filter', 'ok'];

describe('a canary key never leaks', () => {
  let server: LlmServer;
  before(async () => (server = await startLlmServer({ retryAfterMsScale: 0.001, errorRetryAfterMs: 1 })));
  after(() => server.close());

  it('through every provider, fault, stream, model list and embedding', async () => {
    const logger = recordingLogger();
    const config = defaultConfig();
    config.requests = { maxRetries: 1, timeoutMs: 150, deadlineMs: 3000 };
    config.endpoints.router = { name: 'router', baseURL: server.openaiBaseURL };
    const secrets: SecretStore = { get: async (n) => CANARIES[n as keyof typeof CANARIES], set: async () => undefined, delete: async () => false };
    const registry = createProviderRegistry({
      config,
      secrets,
      logger,
      env: { OPENAI_BASE_URL: server.openaiBaseURL, ANTHROPIC_BASE_URL: server.anthropicBaseURL },
    });
    const produced: string[] = [];
    const keep = (value: unknown) => produced.push(typeof value === 'string' ? value : inspect(value, { depth: 8 }) + JSON.stringify(value));

    for (const name of ['openai', 'anthropic', 'router'] as const) {
      for (const fault of FAULTS) {
        const { provider, model } = await registry.resolve(`${name}/fault-${fault}`);
        const request = { model, messages: [{ role: 'user' as const, content: `my key is ${CANARIES[name].length} characters long` }] };
        for (const run of [() => provider.complete(request), () => collect(provider.stream(request))]) {
          try {
            keep(await run());
          } catch (error) {
            assert.ok(error instanceof ProviderError, String(error));
            keep(error);
            keep([error.message, error.hint, error.stack, error.format(), String(error.cause), (error.cause as Error | undefined)?.stack]);
          }
        }
      }
      const { provider } = await registry.resolve(`${name}/any`);
      keep(await provider.listModels!());
      if (provider.embed) keep(await provider.embed('text-embedding-3-small', ['x']));
    }
    keep(await registry.configuredProviders());
    keep(logger.lines);
    keep(server.requests);

    const everything = produced.join('\n');
    assert.ok(everything.length > 10_000, 'the check covered a lot of output');
    assert.ok(everything.includes('[REDACTED]'), 'the echoed key was there to be redacted');
    for (const canary of Object.values(CANARIES)) assert.ok(!everything.includes(canary), `${canary.slice(0, 13)}… leaked`);
    const used = server.chatRequests().filter((r) => r.keyLength === CANARIES.openai.length);
    assert.ok(used.length > 0, 'the canary was really sent');
  });
});

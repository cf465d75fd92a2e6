// What the format × family tests share: the test LLM server (with a fixed answer delay, so latency has
// something to measure), a provider registry over the real OpenAI and Anthropic SDKs with an
// OpenAI-compatible endpoint `groq` pointed at the server, the fixtures of test/fixtures/evals/formats loaded
// as the CLI loads them, and checks that a family's records pass or fail for the reason they should.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PromptyardConfig } from '../../../src/core/config';
import { knownAssertionTypes } from '../../../src/core/evals/assertions/registry';
import { loadSuite } from '../../../src/core/evals/suites/loadSuite';
import type { CaseRecord, GradingResult } from '../../../src/core/evals/types';
import { createProviderRegistry, type ProviderRegistry } from '../../../src/core/providers/registry';
import { startLlmServer, type LlmServer, type RecordedRequest } from '../../support/llmServer';
import { memorySecrets, runToEnd, testConfig, type Finished } from './runner/helpers';

export const FORMATS = path.resolve(__dirname, '../../fixtures/evals/formats');
/** The server's delay before every answer: above the 10 ms a failing latency case allows. */
export const ANSWER_DELAY_MS = 25;

export interface FormatsBench {
  server: LlmServer;
  config: PromptyardConfig;
  registry: ProviderRegistry;
  /** Loads a fixture (and datasets) as `promptyard eval` does, runs it uncached with code allowed, and reads its records. */
  run(file: string, datasets?: string[]): Promise<Finished>;
  close(): Promise<void>;
}

export async function startFormatsBench(): Promise<FormatsBench> {
  const server = await startLlmServer({ latency: { firstByteMs: ANSWER_DELAY_MS } });
  const config = testConfig({ endpoints: { groq: { name: 'groq', baseURL: server.openaiBaseURL } } });
  const registry = createProviderRegistry({
    config,
    secrets: memorySecrets({ openai: 'sk-test-openai-0123456789', anthropic: 'sk-ant-test-0123456789' }),
    env: { OPENAI_BASE_URL: server.openaiBaseURL, ANTHROPIC_BASE_URL: server.anthropicBaseURL },
  });
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'promptyard-formats-'));
  return {
    server,
    config,
    registry,
    async run(file, datasets = []) {
      const { suite, diagnostics } = await loadSuite(path.join(FORMATS, file), {
        assertionTypes: knownAssertionTypes(),
        endpoints: config.endpoints,
        datasets: datasets.map((d) => path.join(FORMATS, d)),
      });
      assert.deepEqual(diagnostics.filter((d) => d.severity !== 'info'), [], `${file} loads without warnings`);
      return runToEnd({ workspace, suites: [suite], registry, config, cache: false, allowCode: true });
    },
    async close() {
      await server.close();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}

/** The records of a case, by its description (one per model). */
export function recordsOf(records: readonly CaseRecord[], description: string, expectedCount: number): CaseRecord[] {
  const found = records.filter((r) => r.description === description);
  assert.equal(found.length, expectedCount, `records of "${description}"`);
  return found;
}

/** The one result of `assertion` (its type as written, or a GitHub Models evaluator's name) in a record. */
export function resultOf(record: CaseRecord, assertion: string): GradingResult {
  const found = record.results.filter((r) => r.assertion === assertion || r.metric === assertion);
  assert.equal(found.length, 1, `${record.modelId} ${record.caseId}: one ${assertion} result in ${JSON.stringify(record.results)}`);
  return found[0]!;
}

/** Every record passes (or fails) as a whole, its `assertion` result too, with a reason that matches. */
export function expectVerdict(records: readonly CaseRecord[], assertion: string, pass: boolean, reason: RegExp): void {
  for (const record of records) {
    const where = `${record.modelId} "${record.description ?? record.caseId}"`;
    assert.equal(record.error, undefined, `${where}: ${JSON.stringify(record.error)}`);
    assert.equal(record.pass, pass, `${where} passes: ${JSON.stringify(record.results)}`);
    const result = resultOf(record, assertion);
    assert.equal(result.pass, pass, `${where}: ${result.reason}`);
    assert.match(result.reason, reason, where);
  }
}

/** The most requests the server had open at once (an answer that ends as another starts is not counted twice). */
export function maxInFlight(requests: readonly RecordedRequest[]): number {
  const edges = requests.flatMap((r) => [
    { at: r.startedAt, delta: 1 },
    { at: r.endedAt ?? Infinity, delta: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let most = 0;
  for (const edge of edges) most = Math.max(most, (open += edge.delta));
  return most;
}

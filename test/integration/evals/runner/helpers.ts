// Set-up of the runner's integration tests: the real SDK clients (through the provider registry, as the CLI
// builds them) against the test LLM server, a workspace with a suite of N cases, and the run to its end.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultConfig, type PromptyardConfig } from '../../../../src/core/config';
import type { Logger, SecretStore } from '../../../../src/core/ports';
import { runEval, type RunEvalOptions } from '../../../../src/core/evals/runner/runEval';
import { readRun } from '../../../../src/core/evals/store/runStore';
import type { AssertionSpec, CaseRecord, EvalEvent, EvalSuite, RunMeta, RunSummary } from '../../../../src/core/evals/types';
import { parsePromptFile } from '../../../../src/core/prompts/parse';
import { createProviderRegistry, type ProviderRegistry } from '../../../../src/core/providers/registry';
import type { LlmServer, RecordedRequest } from '../../../support/llmServer';

export const TEST_KEY = 'sk-test-0123456789abcdefghijklmnop';

export function memorySecrets(values: Record<string, string>): SecretStore {
  return {
    get: async (name) => values[name],
    set: async (name, value) => void (values[name] = value),
    delete: async (name) => delete values[name],
  };
}

export function registryFor(server: LlmServer, config: PromptyardConfig, key = TEST_KEY, logger?: Logger): ProviderRegistry {
  return createProviderRegistry({ config, secrets: memorySecrets({ openai: key }), env: { OPENAI_BASE_URL: server.openaiBaseURL }, ...(logger ? { logger } : {}) });
}

export function testConfig(extra: Partial<PromptyardConfig> = {}): PromptyardConfig {
  return { ...defaultConfig(), requests: { maxRetries: 2, timeoutMs: 10_000, deadlineMs: 30_000 }, ...extra };
}

export function workspace(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-runner-it-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `cases` cases asking `Question <i>: …`, on openai/gpt-4o-mini. */
export function questionSuite(dir: string, cases: number, options: { maxTokens?: number; assert?: AssertionSpec[] } = {}): EvalSuite {
  const file = path.join(dir, 'questions.prompt.yml');
  const text = [
    'id: questions',
    'model: openai/gpt-4o-mini',
    `modelParameters: { maxTokens: ${options.maxTokens ?? 30} }`,
    'messages:',
    '  - role: user',
    '    content: "Question {{i}}: what is the capital of Norway, and why is it there?"',
    '',
  ].join('\n');
  const { prompt, diagnostics } = parsePromptFile(text, file);
  assert.ok(prompt, JSON.stringify(diagnostics));
  return {
    file,
    kind: 'prompt-file',
    prompts: [{ id: 'questions', sha256: 'questions-v1', prompt }],
    models: [],
    cases: Array.from({ length: cases }, (_, i) => ({ id: `q${i}`, vars: { i: String(i) }, assert: options.assert ?? [{ type: 'icontains-any', value: ['alpha', 'bravo', 'charlie', 'delta'] }] })),
    defaultAssert: [],
    options: {},
  };
}

/** The case a recorded request asked for (its `Question <i>`), or undefined. */
export function caseOfRequest(r: RecordedRequest): string | undefined {
  const messages = (r.body as { messages?: Array<{ content?: unknown }> }).messages ?? [];
  const m = /Question (\d+):/.exec(String(messages.at(-1)?.content ?? ''));
  return m ? `q${m[1]}` : undefined;
}

export interface Finished {
  events: EvalEvent[];
  meta: RunMeta;
  summary: RunSummary;
  records: CaseRecord[];
}

export async function runToEnd(options: RunEvalOptions): Promise<Finished> {
  const events: EvalEvent[] = [];
  let done: Extract<EvalEvent, { type: 'done' }> | undefined;
  for await (const event of runEval(options)) {
    if (event.type === 'done') done = event;
    if (event.type !== 'started' && event.type !== 'progress') events.push(event);
  }
  assert.ok(done, 'no done event');
  const records: CaseRecord[] = [];
  for await (const r of (await readRun(options.workspace, done.meta.runId)).records()) records.push(r);
  return { events, meta: done.meta, summary: done.summary, records };
}

export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (m: string) => void lines.push(m);
  return { lines, debug: push, info: push, warn: push, error: push };
}

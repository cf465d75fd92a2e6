// A throwaway workspace for the eval benchmarks: one prompt file (on openai/gpt-4o-mini, priced, so the
// budget code runs) and a JSONL dataset of N cases with one cheap assertion each: the same requests the
// bare SDK loop sends (bareSdkLoop.mjs).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PROMPT_FILE = 'bench.prompt.yml';
export const KEY = 'sk-bench-0123456789abcdefghij';

const PROMPT = `name: Bench
model: openai/gpt-4o-mini
modelParameters:
  maxTokens: 64
messages:
  - role: system
    content: You answer in one short sentence.
  - role: user
    content: "Question {{i}}: what is the capital of Norway, and why is it there?"
`;

export function evalWorkspace(cases: number): { dir: string; dataset: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-bench-'));
  writeFileSync(path.join(dir, PROMPT_FILE), PROMPT);
  const lines: string[] = [];
  for (let i = 0; i < cases; i++) lines.push(JSON.stringify({ vars: { i: String(i) }, assert: [{ type: 'icontains-any', value: ['alpha', 'bravo', 'charlie'] }] }));
  const dataset = `cases-${cases}.jsonl`;
  writeFileSync(path.join(dir, dataset), `${lines.join('\n')}\n`);
  return { dir, dataset };
}

/** The environment of the CLI under test: the key and the test server, nothing from the user's. */
export function cliEnv(baseURL: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), NO_COLOR: '1', OPENAI_API_KEY: KEY, OPENAI_BASE_URL: baseURL, ...extra };
}

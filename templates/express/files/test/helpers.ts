// Test fixtures: a prompts folder released the way promptyard does it (lock file, snapshots, sha256), the
// service started on 127.0.0.1 against the fake provider, and SSE parsing.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { startService, type RunningService } from '../src/server.js';

export const CANARY = 'c0ffee00deadbeef';

export const PROMPTS: Record<string, string> = {
  echo: `name: Echo
model: openai/gpt-4o-mini
messages:
  - role: system
    content: You repeat what the user says.
  - role: user
    content: "{{text}}"
`,
  extract: `name: Extract
model: openai/gpt-4o-mini
responseFormat: json_schema
jsonSchema: '{"name":"person","schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}'
messages:
  - role: user
    content: "Extract the person from: {{text}}"
`,
};

/** A temp folder with prompts/ (lock, snapshots at 1.0.0, label production) and prices.json beside it. */
export function makePromptsDir(prompts: Record<string, string> = PROMPTS): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'svc-test-'));
  const lock: { lockfileVersion: number; prompts: Record<string, unknown> } = { lockfileVersion: 1, prompts: {} };
  for (const [id, text] of Object.entries(prompts)) {
    const snapshot = `version: 1.0.0\n${text}`;
    mkdirSync(path.join(root, 'prompts', '.versions', id), { recursive: true });
    writeFileSync(path.join(root, 'prompts', '.versions', id, '1.0.0.prompt.yml'), snapshot);
    lock.prompts[id] = {
      file: `prompts/${id}.prompt.yml`,
      labels: { production: '1.0.0' },
      versions: { '1.0.0': { createdAt: '2025-01-01T00:00:00.000Z', message: '', sha256: createHash('sha256').update(snapshot).digest('hex') } },
    };
  }
  writeFileSync(path.join(root, 'prompts', 'prompts.lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  writeFileSync(path.join(root, 'prices.json'), JSON.stringify({ models: { 'openai/gpt-4o-mini': { input: 0.15, output: 0.6 } } }));
  return path.join(root, 'prompts');
}

export interface TestService extends RunningService {
  logs: string[];
  post(pathname: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

export async function startTestService(baseURL: string, env: Record<string, string> = {}, promptsDir = makePromptsDir()): Promise<TestService> {
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    LLM_PROVIDER: 'openai-compatible',
    LLM_BASE_URL: baseURL,
    LLM_API_KEY: 'sk-test-0123456789abcdefghij',
    LLM_MAX_RETRIES: '0',
    CANARY,
    PROMPTS_DIR: promptsDir,
    FEEDBACK_PATH: path.join(promptsDir, '..', 'feedback.jsonl'),
    LOG_LEVEL: 'info',
    ...env,
  });
  const logs: string[] = [];
  const logger = pino({ level: 'info', base: undefined, messageKey: 'msg' }, { write: (line: string) => void logs.push(line) });
  const service = await startService(config, { logger });
  return {
    ...service,
    logs,
    post: (pathname, body, headers = {}) =>
      fetch(`${service.url}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }),
  };
}

// Response bodies are checked field by field in the tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const json = (res: Response): Promise<Json> => res.json() as Promise<Json>;

export interface SseEvent {
  event: string;
  data: unknown;
}

export function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? 'null';
      return { event, data: JSON.parse(data) };
    });
}

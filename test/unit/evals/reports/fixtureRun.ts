// A fixed, deterministic eval run for the report tests: 2 prompt versions × 3 models × 6 cases, with
// passes, assertion failures (expected vs actual, assert-sets), typed errors, a cancelled case, a cached
// case, and (on request) hostile payloads in every string a model or a suite controls.
import type { CaseRecord, GradingResult, RunMeta, RunSummary } from '../../../../src/core/evals/types';
import { createSummaryAccumulator } from '../../../../src/core/evals/reports/summary';

export const VERSIONS = ['1.0.0', '1.1.0'] as const;
export const MODELS = ['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5', 'ollama/llama3.2'] as const;
export const CASES = 6;

/** Each one tries something different; none may execute, load anything or break the markup. */
export function payloads(port: number): string[] {
  return [
    '<script>window.__pwned = "script"</script>',
    `<img src=x onerror="window.__pwned='img'">`,
    `<img src="http://127.0.0.1:${port}/img">`,
    `"><svg onload="window.__pwned='svg'"><image href="http://127.0.0.1:${port}/svg-image"/></svg>`,
    `javascript:window.__pwned='js-url'`,
    `</script><script>window.__pwned='breakout'</script>`,
    `<style>body{background:url(http://127.0.0.1:${port}/css)}</style>`,
    `<link rel="stylesheet" href="http://127.0.0.1:${port}/link">`,
    `<iframe src="http://127.0.0.1:${port}/iframe"></iframe>`,
    `<meta http-equiv="refresh" content="0;url=http://127.0.0.1:${port}/meta">`,
    `<base href="http://127.0.0.1:${port}/base/">`,
    `![x](http://127.0.0.1:${port}/markdown.png) <a href="javascript:alert(1)">click</a>`,
    `' onmouseover='window.__pwned=1' data-x='`,
    '\u0000\u0007\u001b[31mred\u001b[0m\u000b\ud800 tail',
  ];
}

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface FixtureRun {
  meta: RunMeta;
  records: CaseRecord[];
  summary: RunSummary;
}

export function fixtureRun(options: { hostile?: { port: number }; repeats?: number; runId?: string } = {}): FixtureRun {
  const random = lcg(42);
  const hostile = options.hostile ? payloads(options.hostile.port) : undefined;
  const pick = (i: number): string => (hostile ? hostile[i % hostile.length]! : '');
  const repeats = options.repeats ?? 1;
  const records: CaseRecord[] = [];
  let n = 0;
  for (const version of VERSIONS) {
    for (const [m, modelId] of MODELS.entries()) {
      for (let c = 1; c <= CASES; c++) {
        for (let repeat = 0; repeat < repeats; repeat++) {
          n += 1;
          const base = 400 + m * 350 + (version === '1.1.0' ? -60 : 0);
          const latencyMs = Math.round(base + random() * 900 + (c === 6 ? 1500 : 0));
          const fails = (c === 2 && version === '1.0.0') || (c === 3 && m === 2) || (repeats > 1 && c === 4 && repeat === 0);
          const record: CaseRecord = {
            key: `greet@${version}|${modelId}|case-${c}|${repeat}`,
            promptId: 'greet',
            promptVersion: version,
            modelId,
            caseId: `case-${c}`,
            repeat,
            promptSha256: version === '1.0.0' ? 'a'.repeat(64) : 'b'.repeat(64),
            suiteFile: '/work/project/prompts/greet.prompt.yml',
            description: c === 1 ? `Greets ${pick(n)}by name` : undefined,
            vars: { name: `Ada ${pick(n + 1)}`, lang: c % 2 ? 'en' : 'fr' },
            location: { file: '/work/project/prompts/greet.prompt.yml', line: 10 + c * 3, column: 5 },
            output: `Hello Ada! ${pick(n + 2)}`,
            pass: !fails,
            score: fails ? 0.25 : 1,
            results: results(fails, pick(n + 3)),
            latencyMs,
            usage: { inputTokens: 120 + c, outputTokens: 30 + m, cachedInputTokens: 0 },
            cost: modelId.startsWith('ollama/') ? 0 : (120 + c) * 1.5e-7 + (30 + m) * 6e-7,
            cached: false,
            attempts: 1,
            finishedAt: `2025-05-01T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
          };
          if (c === 5 && m === 1 && version === '1.1.0') {
            record.error = { kind: 'rate_limit', message: `Rate limited by anthropic: retry later ${pick(n + 4)}` };
            record.pass = false;
            record.score = 0;
            delete record.output;
            record.results = [];
          }
          if (c === 6 && m === 0 && version === '1.1.0') {
            record.error = { kind: 'cancelled', message: 'The run was cancelled before this case finished.' };
            record.pass = false;
            record.score = 0;
            delete record.output;
            record.results = [];
          }
          if (c === 4 && m === 0) record.cached = true;
          if (!record.description) delete record.description;
          records.push(record);
        }
      }
    }
  }
  const meta: RunMeta = {
    runId: options.runId ?? 'run-2025-05-01-abc123',
    createdAt: '2025-05-01T10:00:00.000Z',
    origin: hostile ? `promptyard eval ${hostile[0]}` : 'promptyard eval prompts/greet.prompt.yml',
    suites: ['/work/project/prompts/greet.prompt.yml'],
    promptVersions: VERSIONS.map((version) => ({ id: 'greet', version, sha256: version === '1.0.0' ? 'a'.repeat(64) : 'b'.repeat(64) })),
    models: [...MODELS],
    total: records.length,
    status: 'complete',
  };
  const accumulator = createSummaryAccumulator({ repeats });
  for (const record of records) accumulator.add(record);
  return { meta, records, summary: accumulator.summary(meta, 12_345) };
}

function results(fails: boolean, payload: string): GradingResult[] {
  const contains: GradingResult = fails
    ? { pass: false, score: 0, assertion: 'icontains', reason: `Expected output to contain "bonjour" ${payload}`, expected: `bonjour ${payload}`, actual: `Hello Ada! ${payload}` }
    : { pass: true, score: 1, assertion: 'icontains', reason: 'Output contains "hello".' };
  const set: GradingResult = {
    pass: !fails,
    score: fails ? 0.5 : 1,
    assertion: 'assert-set',
    reason: '',
    componentResults: [
      { pass: true, score: 1, assertion: 'starts-with', reason: 'Output starts with "Hello".' },
      fails
        ? { pass: false, score: 0, assertion: 'not-contains', reason: `Output contains "!" ${payload}` }
        : { pass: true, score: 1, assertion: 'not-contains', reason: 'Output does not contain "?".' },
    ],
  };
  return [contains, set];
}

// Stored eval runs for the results view's tests, written through core's run store (meta.json, results.jsonl).
import path from 'node:path';
import { createRun, runsDir } from '../../../src/core/evals/store/runStore';
import type { CaseRecord } from '../../../src/core/evals/types';

/** One run of `cases` (prompt `tone` and model openai/gpt-4o-mini unless a case says otherwise). */
export async function storeRun(workspace: string, runId: string, createdAt: string, cases: Array<{ id: string; pass: boolean; promptId?: string; sha?: string; version?: string; model?: string; latencyMs?: number; cost?: number }>): Promise<void> {
  const promptIds = [...new Set(cases.map((c) => c.promptId ?? 'tone'))];
  const writer = await createRun(path.join(runsDir(workspace), runId), {
    runId,
    createdAt,
    origin: 'unit test',
    suites: ['prompts/tone.prompt.yml'],
    promptVersions: promptIds.map((id) => ({ id, sha256: 'x' })),
    models: [],
    total: cases.length,
    status: 'complete',
  });
  for (const c of cases) {
    const record: CaseRecord = {
      key: c.id,
      promptId: c.promptId ?? 'tone',
      ...(c.version ? { promptVersion: c.version } : {}),
      modelId: c.model ?? 'openai/gpt-4o-mini',
      caseId: c.id,
      repeat: 0,
      promptSha256: c.sha ?? 'sha-unreleased',
      suiteFile: 'prompts/tone.prompt.yml',
      vars: {},
      pass: c.pass,
      score: c.pass ? 1 : 0,
      results: [],
      latencyMs: c.latencyMs ?? 100,
      cost: c.cost ?? 0.001,
      cached: false,
      finishedAt: createdAt,
    };
    await writer.append(record);
  }
  await writer.close();
}

// Playground history in workspaceState: newest first, capped, keys redacted, bad stored values ignored.
import assert from 'node:assert/strict';
import { registerSecret } from '../../../src/core/redact';
import { HISTORY_KEY, HistoryStore, type MementoLike } from '../../../src/extension/playground/history';
import type { HistoryEntry } from '../../../src/shared/protocol';

function memento(initial: Record<string, unknown> = {}): MementoLike & { data: Record<string, unknown> } {
  const data = { ...initial };
  return { data, get: <T>(k: string) => data[k] as T | undefined, update: async (k, v) => void (data[k] = v) };
}

function entry(runId: string, text = 'answer'): HistoryEntry {
  return {
    runId,
    at: '2026-01-01T00:00:00.000Z',
    draft: { messages: [{ role: 'user', content: 'hi' }], variables: {}, modelIds: ['openai/gpt-4o-mini'], parameters: {} },
    columns: [{ columnId: 'c1', modelId: 'openai/gpt-4o-mini', variant: 'a' }],
    results: [{ runId, columnId: 'c1', modelId: 'openai/gpt-4o-mini', text, toolCalls: [], usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 }, latencyMs: 5, finishReason: 'stop' }],
  };
}

describe('extension playground history', () => {
  it('keeps the newest entries first, up to the limit, replacing a run id', async () => {
    const m = memento();
    const store = new HistoryStore(m, () => 2);
    await store.add(entry('run-1'));
    await store.add(entry('run-2'));
    await store.add(entry('run-3'));
    await store.add(entry('run-3', 'again'));
    assert.deepEqual(store.list().map((e) => e.runId), ['run-3', 'run-2']);
    assert.equal((store.list()[0]!.results[0] as { text: string }).text, 'again');
    await store.clear();
    assert.deepEqual(store.list(), []);
  });

  it('never stores a key, cuts huge answers and ignores what does not look like an entry', async () => {
    registerSecret('canary-key-0123456789');
    const m = memento({ [HISTORY_KEY]: [{ nope: true }, 'x'] });
    const store = new HistoryStore(m, () => 10);
    assert.deepEqual(store.list(), []);
    const e = entry('run-1', `canary-key-0123456789 and sk-proj-abcdefghijklmnopqrstuvwx ${'y'.repeat(30_000)}`);
    e.draft.messages[0]!.content = 'my key is canary-key-0123456789';
    await store.add(e);
    const stored = JSON.stringify(m.data[HISTORY_KEY]);
    assert.doesNotMatch(stored, /canary-key|sk-proj-abc/);
    assert.ok(stored.length < 25_000);
  });

  it('keeps nothing with a limit of 0', async () => {
    const m = memento();
    await new HistoryStore(m, () => 0).add(entry('run-1'));
    assert.equal(m.data[HISTORY_KEY], undefined);
  });
});

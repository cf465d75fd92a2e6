// The run lifecycle in the playground controller, against a fake host: start → deltas → done, failures
// that leave the playground usable, Stop, compare columns, events before the start reply, tool calls
// continued with their results.
import assert from 'node:assert/strict';
import { settle } from './support/fakeHost';
import { draftOf, summaryOf } from './support/fixtures';
import { startPlayground } from './support/playgroundHarness';

describe('webview run lifecycle', () => {
  it('starts a run, streams its deltas and settles it with the exact final text and numbers', async () => {
    const { host, frames, pg, textOf } = await startPlayground();
    pg.editDraft((d) => ({ ...d, variables: { ...d.variables, stale: 'unused value' } }));
    host.handle('run/start', () => ({ runId: 'r1', columns: [{ columnId: 'c1', modelId: 'openai/gpt-4o-mini', variant: 'a' }] }));
    const running = pg.runs.run();
    assert.equal(pg.store.get().running, true);
    await running;
    const sent = host.lastParams('run/start');
    assert.deepEqual(sent.draft.variables, { topic: 'tides', audience: 'kids' }, 'only the variables the messages use');
    assert.equal(pg.store.get().columns[0]?.status, 'waiting');

    host.notify('run/delta', { runId: 'r1', columnId: 'c1', text: 'Tides ' });
    host.notify('run/delta', { runId: 'r1', columnId: 'c1', text: 'rise.' });
    assert.equal(pg.store.get().columns[0]?.status, 'streaming');
    frames.run();
    assert.equal(textOf(0), 'Tides rise.');

    host.notify('run/done', { runId: 'r1', result: summaryOf('r1', 'c1', 'openai/gpt-4o-mini', 'Tides rise and fall.') });
    const s = pg.store.get();
    assert.equal(s.columns[0]?.status, 'done');
    assert.equal(s.columns[0]?.text, 'Tides rise and fall.');
    assert.equal(s.columns[0]?.summary?.usage.outputTokens, 34);
    assert.equal(s.running, false);
    assert.equal(s.history[0]?.runId, 'r1');
    assert.equal(s.history[0]?.results.length, 1);
  });

  it('compares two models in two columns, each fed by its own deltas', async () => {
    const { host, frames, pg, textOf } = await startPlayground({ init: { draft: draftOf({ modelIds: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5'] }) } });
    assert.equal(pg.store.get().compareModels, true, 'a draft with two models opens in compare mode');
    host.handle('run/start', ({ draft }) => ({ runId: 'r2', columns: draft.modelIds.map((modelId, i) => ({ columnId: `c${i}`, modelId, variant: 'a' as const })) }));
    await pg.runs.run();
    assert.deepEqual(
      pg.store.get().columns.map((c) => c.modelId),
      ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5'],
    );
    host.notify('run/delta', { runId: 'r2', columnId: 'c1', text: 'B says hi' });
    host.notify('run/delta', { runId: 'r2', columnId: 'c0', text: 'A says hi' });
    frames.run();
    assert.deepEqual([textOf(0), textOf(1)], ['A says hi', 'B says hi']);
    host.notify('run/done', { runId: 'r2', result: summaryOf('r2', 'c0', 'openai/gpt-4o-mini', 'A says hi') });
    assert.equal(pg.store.get().running, true, 'still running while one column streams');
    host.notify('run/failed', { runId: 'r2', columnId: 'c1', failure: { kind: 'rate_limit', message: 'Rate limited by anthropic.', hint: 'Wait a minute and run again.' } });
    const s = pg.store.get();
    assert.deepEqual(
      s.columns.map((c) => c.status),
      ['done', 'failed'],
    );
    assert.equal(s.columns[1]?.failure?.hint, 'Wait a minute and run again.');
    assert.equal(s.columns[1]?.text, 'B says hi', 'the partial answer stays visible');
    assert.equal(s.running, false, 'a failure leaves the playground usable');
  });

  it('stops a streaming run and keeps what arrived', async () => {
    const { host, frames, pg } = await startPlayground();
    host.handle('run/start', () => ({ runId: 'r3', columns: [{ columnId: 'c1', modelId: 'openai/gpt-4o-mini', variant: 'a' }] }));
    host.handle('run/stop', () => ({ stopped: true }));
    await pg.runs.run();
    host.notify('run/delta', { runId: 'r3', columnId: 'c1', text: 'partial' });
    frames.run();
    await pg.runs.stop();
    assert.deepEqual(host.lastParams('run/stop'), { runId: 'r3' });
    const col = pg.store.get().columns[0];
    assert.equal(col?.status, 'stopped');
    assert.equal(col?.text, 'partial');
    assert.equal(pg.store.get().running, false);
    host.notify('run/delta', { runId: 'r3', columnId: 'c1', text: ' more' });
    assert.equal(pg.store.get().columns[0]?.text, 'partial', 'deltas after Stop are ignored');
  });

  it('stops a run whose Stop came before its run/start reply, and only that run', async () => {
    const { host, pg } = await startPlayground();
    let release: () => void = () => undefined;
    host.handle('run/start', () => new Promise((resolve) => (release = () => resolve({ runId: 'r9', columns: [{ columnId: 'c1', modelId: 'openai/gpt-4o-mini', variant: 'a' }] }))));
    host.handle('run/stop', () => ({ stopped: true }));
    const run = pg.runs.run();
    await settle();
    const stop = pg.runs.stop();
    assert.equal(host.requests('run/stop').length, 0, 'no run id to stop yet');
    release();
    await Promise.all([run, stop]);
    await settle();
    assert.deepEqual(host.lastParams('run/stop'), { runId: 'r9' });
    assert.equal(pg.store.get().running, false);
    host.handle('run/start', () => ({ runId: 'r10', columns: [{ columnId: 'c1', modelId: 'openai/gpt-4o-mini', variant: 'a' }] }));
    await pg.runs.run();
    await settle();
    assert.equal(host.requests('run/stop').length, 1, 'the next run is not stopped');
    assert.equal(pg.store.get().running, true);
  });

  it('applies deltas that arrive before the run/start reply', async () => {
    const { host, frames, pg, textOf } = await startPlayground();
    host.handle('run/start', async () => {
      host.notify('run/delta', { runId: 'r4', columnId: 'c1', text: 'early ' });
      host.notify('run/delta', { runId: 'r4', columnId: 'c1', text: 'bird' });
      host.notify('run/delta', { runId: 'other', columnId: 'c1', text: 'not ours' });
      return { runId: 'r4', columns: [{ columnId: 'c1', modelId: 'openai/gpt-4o-mini', variant: 'a' }] };
    });
    await pg.runs.run();
    frames.run();
    assert.equal(textOf(0), 'early bird');
    assert.equal(pg.store.get().columns[0]?.status, 'streaming');
  });

  it('ends a run whose columns all ended before the run/start reply', async () => {
    const { host, pg } = await startPlayground();
    host.handle('run/start', async () => {
      host.notify('run/failed', { runId: 'r8', columnId: 'c1', failure: { kind: 'render', message: 'Missing variable topic.', hint: 'Fill in {{topic}}.' } });
      return { runId: 'r8', columns: [{ columnId: 'c1', modelId: 'openai/gpt-4o-mini', variant: 'a' }] };
    });
    await pg.runs.run();
    const s = pg.store.get();
    assert.equal(s.columns[0]?.status, 'failed');
    assert.equal(s.running, false, 'Run is available again');
    assert.equal(s.history[0]?.runId, 'r8');
  });

  it('reports a run that does not start and stays usable', async () => {
    const { host, pg } = await startPlayground();
    host.handle('run/start', () => {
      throw Object.assign(new Error('Missing variable topic.'), { hint: 'Fill in {{topic}}.' });
    });
    await pg.runs.run();
    const s = pg.store.get();
    assert.equal(s.running, false);
    assert.match(s.notices[0]?.text ?? '', /did not start: Missing variable topic/);
    assert.equal(s.notices[0]?.hint, 'Fill in {{topic}}.');
  });

  it('does not send a run without a model, and says so', async () => {
    const { host, pg } = await startPlayground({ init: { mode: 'panel', draft: draftOf({ modelIds: [] }) } });
    await pg.runs.run();
    assert.equal(host.requests('run/start').length, 0);
    assert.equal(pg.store.get().notices[0]?.text, 'Pick a model first.');
  });

  it('shows tool calls as they stream and continues the column with their results', async () => {
    const { host, frames, pg, actions } = await startPlayground();
    host.handle('run/start', (p) => (p.continueFrom ? { runId: 'r6', columns: [{ columnId: 'c9', modelId: 'openai/gpt-4o-mini', variant: 'a' }] } : { runId: 'r5', columns: [{ columnId: 'c1', modelId: 'openai/gpt-4o-mini', variant: 'a' }] }));
    host.handle('tools/fixture', ({ toolName }) => ({ content: toolName === 'get_weather' ? '{"temp": 21}' : undefined }));
    await pg.runs.run();
    host.notify('run/delta', { runId: 'r5', columnId: 'c1', toolCall: { index: 0, id: 'call_1', name: 'get_weather', argumentsDelta: '{"city":' } });
    host.notify('run/delta', { runId: 'r5', columnId: 'c1', toolCall: { index: 0, argumentsDelta: '"Oslo"}' } });
    frames.run();
    assert.deepEqual(pg.store.get().columns[0]?.toolCalls.map((t) => [t.name, t.arguments]), [['get_weather', '{"city":"Oslo"}']]);
    host.notify('run/done', {
      runId: 'r5',
      result: summaryOf('r5', 'c1', 'openai/gpt-4o-mini', '', { finishReason: 'tool_calls', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] }),
    });
    const slot = pg.store.get().columns[0]!.slot;
    await actions.fixture(slot, 0);
    assert.equal(pg.store.get().columns[0]?.toolCalls[0]?.result, '{"temp": 21}');
    await pg.runs.continueColumn(slot);
    assert.deepEqual(host.lastParams('run/start').continueFrom, { runId: 'r5', columnId: 'c1', toolResults: [{ toolCallId: 'call_1', content: '{"temp": 21}' }] });
    const col = pg.store.get().columns[0]!;
    assert.equal(col.slot, slot, 'the answer continues in the same column');
    assert.equal(col.runId, 'r6');
    assert.equal(col.prior.length, 1);
    assert.equal(col.prior[0]?.toolCalls[0]?.result, '{"temp": 21}');
    host.notify('run/delta', { runId: 'r6', columnId: 'c9', text: 'It is 21°C in Oslo.' });
    host.notify('run/done', { runId: 'r6', result: summaryOf('r6', 'c9', 'openai/gpt-4o-mini', 'It is 21°C in Oslo.') });
    await settle();
    assert.equal(pg.store.get().columns[0]?.text, 'It is 21°C in Oslo.');
    assert.equal(pg.store.get().running, false);
  });

  it('sends feedback with the run, the column, the rating and the note, and shows the dataset', async () => {
    const { host, pg, actions } = await startPlayground();
    host.handle('run/start', () => ({ runId: 'r7', columns: [{ columnId: 'c1', modelId: 'openai/gpt-4o-mini', variant: 'a' }] }));
    host.handle('feedback/add', () => ({ dataset: 'prompts/datasets/tides.feedback.jsonl' }));
    await pg.runs.run();
    host.notify('run/done', { runId: 'r7', result: summaryOf('r7', 'c1', 'openai/gpt-4o-mini', 'Wrong.') });
    const slot = pg.store.get().columns[0]!.slot;
    actions.setFeedback(slot, { rating: 'down' });
    actions.setFeedback(slot, { note: '  Should mention the moon.  ' });
    await actions.sendFeedback(slot);
    assert.deepEqual(host.lastParams('feedback/add'), { runId: 'r7', columnId: 'c1', rating: 'down', note: 'Should mention the moon.' });
    assert.deepEqual(pg.store.get().columns[0]?.feedback, { rating: 'down', note: '  Should mention the moon.  ', status: 'sent', dataset: 'prompts/datasets/tides.feedback.jsonl', error: undefined });
    actions.setFeedback(slot, { rating: 'up', note: '', status: 'editing' });
    await actions.sendFeedback(slot);
    assert.deepEqual(host.lastParams('feedback/add'), { runId: 'r7', columnId: 'c1', rating: 'up' }, 'no note key when the note is empty');
  });
});

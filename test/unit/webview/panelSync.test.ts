// Panel mode (bound to a prompt file): debounced draft/edit, echoes of our own edits ignored, outside
// changes applied, parse errors shown; and what a hidden or reloaded view restores.
import assert from 'node:assert/strict';
import { setMessage } from '../../../webview-ui/src/draft/draftEdits';
import { settle } from './support/fakeHost';
import { draftOf, initOf } from './support/fixtures';
import { MemoryState, startPlayground } from './support/playgroundHarness';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function panel() {
  const h = await startPlayground({ init: { mode: 'panel', boundFile: 'prompts/tides.prompt.yml' }, editDebounceMs: 20 });
  h.host.handle('draft/edit', () => ({ applied: true }));
  const type = (content: string) => h.pg.editDraft((d) => setMessage(d, 'a', 1, { content }));
  return { ...h, type, content: () => h.pg.store.get().draft.messages[1]?.content };
}

describe('webview panel mode', () => {
  it('sends one draft/edit per pause in typing, with the latest draft', async () => {
    const { host, type } = await panel();
    type('T');
    type('Ti');
    type('Tid');
    assert.equal(host.requests('draft/edit').length, 0);
    await wait(40);
    assert.equal(host.requests('draft/edit').length, 1);
    assert.equal(host.lastParams('draft/edit').draft.messages[1]?.content, 'Tid');
  });

  it('ignores the echo of its own edits, also a late echo of an older one', async () => {
    const { host, type, content } = await panel();
    type('first');
    await wait(40);
    const first = host.lastParams('draft/edit').draft;
    type('second');
    await wait(40);
    const second = host.lastParams('draft/edit').draft;
    assert.equal(content(), 'second');
    host.notify('draft/changed', { draft: first });
    assert.equal(content(), 'second', 'a late echo of an older edit does not take back the newer one');
    host.notify('draft/changed', { draft: { ...second, parameters: { ...second.parameters, stop: [] }, responseFormat: { type: 'text' } } });
    assert.equal(content(), 'second');
    host.notify('draft/changed', { draft: first });
    assert.equal(content(), 'first', 'once echoed, the same draft again is a real change');
  });

  it('does not apply an outside change over keystrokes not yet sent', async () => {
    const { host, type, content } = await panel();
    type('mine, pending');
    host.notify('draft/changed', { draft: draftOf({ messages: [{ role: 'user', content: 'theirs' }] }) });
    assert.equal(content(), 'mine, pending');
    await wait(40);
    assert.equal(host.lastParams('draft/edit').draft.messages[1]?.content, 'mine, pending');
  });

  it('applies an outside change, keeping the variable values typed here', async () => {
    const { host, pg } = await panel();
    pg.editDraft((d) => ({ ...d, variables: { ...d.variables, topic: 'moons' } }));
    await wait(40);
    host.notify('draft/changed', { draft: draftOf({ name: 'Edited in the editor', variables: {} }) });
    const d = pg.store.get().draft;
    assert.equal(d.name, 'Edited in the editor');
    assert.equal(d.variables.topic, 'moons');
  });

  it('shows a parse error without replacing the draft, and clears it on the next good change', async () => {
    const { host, pg } = await panel();
    const before = pg.store.get().draft;
    host.notify('draft/changed', { draft: draftOf({ messages: [] }), error: 'line 3: bad indentation' });
    assert.equal(pg.store.get().panelError, 'line 3: bad indentation');
    assert.equal(pg.store.get().draft, before);
    host.notify('draft/changed', { draft: draftOf({ name: 'fixed' }) });
    assert.equal(pg.store.get().panelError, undefined);
    assert.equal(pg.store.get().draft.name, 'fixed');
  });

  it('shows why an edit was not applied to the file', async () => {
    const { host, type, pg } = await panel();
    host.handle('draft/edit', () => ({ applied: false, error: 'The file changed on disk.' }));
    type('x');
    await wait(40);
    await settle();
    assert.equal(pg.store.get().panelError, 'The file changed on disk.');
  });
});

describe('webview state across a hidden view', () => {
  it('restores the draft and settled answers, unless the host sends a different draft', async () => {
    const persisted = new MemoryState();
    const first = await startPlayground({ persisted });
    first.host.handle('run/start', () => ({ runId: 'r1', columns: [{ columnId: 'c1', modelId: 'openai/gpt-4o-mini', variant: 'a' }] }));
    first.pg.editDraft((d) => setMessage(d, 'a', 1, { content: 'kept across reloads' }));
    first.pg.setRaw(true);
    await first.pg.runs.run();
    first.host.notify('run/delta', { runId: 'r1', columnId: 'c1', text: 'half an answer' });
    await wait(10);

    const again = await startPlayground({ persisted });
    const s = again.pg.store.get();
    assert.equal(s.draft.messages[1]?.content, 'kept across reloads');
    assert.equal(s.raw, true);
    assert.equal(s.columns[0]?.status, 'stopped', 'a stream cut by the reload shows as stopped');
    assert.equal(again.textOf(0), 'half an answer');

    const other = await startPlayground({ persisted, init: initOf({ draft: draftOf({ name: 'opened from a file' }) }) });
    assert.equal(other.pg.store.get().draft.name, 'opened from a file');
  });
});

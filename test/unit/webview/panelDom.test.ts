// Panel mode in the real UI: an edit round-trips through the (fake) host without clobbering the textarea
// the user is typing in: its text, caret and selection stay; an outside change is shown; a parse error
// shows a banner.
import assert from 'node:assert/strict';
import type { PlaygroundDraft } from '../../../src/shared/protocol';
import { settle } from './support/fakeHost';
import { draftOf } from './support/fixtures';
import { WebviewPage } from './support/webviewDom';

/** The playground's own pause before a panel edit goes to the file is 300 ms. */
const AFTER_DEBOUNCE_MS = 380;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('webview panel mode in the UI', function () {
  this.timeout(20_000);

  it('round-trips an edit without moving the caret or losing what was typed since', async () => {
    const page = await new WebviewPage().open({ mode: 'panel', boundFile: 'prompts/tides.prompt.yml', draft: draftOf({ messages: [{ role: 'user', content: 'Hello' }] }) });
    page.respond('draft/edit', () => ({ applied: true }));
    assert.match(page.get('bound-file').textContent ?? '', /tides\.prompt\.yml/);
    const textarea = page.get('message-content');

    page.type(textarea, 'Hello wor');
    await wait(AFTER_DEBOUNCE_MS);
    const edits = page.requests('draft/edit');
    assert.equal(edits.length, 1);
    const sent: PlaygroundDraft = edits[0]!.draft;
    assert.equal(sent.messages[0]?.content, 'Hello wor');

    page.type(textarea, 'Hello world');
    textarea.setSelectionRange(2, 5);
    page.notify('draft/changed', { draft: sent });
    await settle();
    assert.equal(textarea.value, 'Hello world', 'the echo of an older edit does not take back typed text');
    assert.deepEqual([textarea.selectionStart, textarea.selectionEnd], [2, 5], 'nor move the selection');
    assert.equal(page.window.document.activeElement, textarea);

    await wait(AFTER_DEBOUNCE_MS);
    assert.equal(page.requests('draft/edit').at(-1)?.draft.messages[0]?.content, 'Hello world');
    page.notify('draft/changed', { draft: page.requests('draft/edit').at(-1)!.draft });
    await settle();
    assert.equal(page.requests('draft/edit').length, 2, 'an echo is not sent back as an edit');

    page.notify('draft/changed', { draft: draftOf({ messages: [{ role: 'user', content: 'Hi, changed in the editor' }] }) });
    await settle();
    assert.equal(textarea.value, 'Hi, changed in the editor', 'an outside change shows');
    assert.deepEqual([textarea.selectionStart, textarea.selectionEnd], [2, 5], 'the caret stays where it was');
  });

  it('shows a parse error of the bound file as a banner and keeps the last good draft', async () => {
    const page = await new WebviewPage().open({ mode: 'panel', boundFile: 'prompts/tides.prompt.yml' });
    const before = page.get('message-content').value;
    page.notify('draft/changed', { draft: draftOf({ messages: [] }), error: 'messages[0].role: expected one of system, user, assistant (line 4)' });
    await settle();
    assert.match(page.get('panel-error').textContent ?? '', /line 4/);
    assert.equal(page.get('message-content').value, before);
    page.notify('draft/changed', { draft: draftOf({ name: 'fixed' }) });
    await settle();
    assert.equal(page.all('panel-error').length, 0);
  });

  it('restores the view from saved state before the host answers', async () => {
    const first = await new WebviewPage().open();
    first.type(first.get('message-content'), 'Typed before the view was hidden');
    await wait(300);
    const again = await new WebviewPage(first.saved).load();
    assert.equal(again.get('message-content').value, 'Typed before the view was hidden');
  });
});

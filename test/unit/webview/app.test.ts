// The whole playground UI (the real bundle in jsdom) driven through its data-testids against a fake host:
// variables as you type, compare columns, streaming paints, errors, Raw, feedback, history, keys.
import assert from 'node:assert/strict';
import { settle } from './support/fakeHost';
import { draftOf, summaryOf } from './support/fixtures';
import { WebviewPage } from './support/webviewDom';

const ONE_COLUMN = { runId: 'r1', columns: [{ columnId: 'c1', modelId: 'openai/gpt-4o-mini', variant: 'a' as const }] };

/** Rendered text with whitespace collapsed (Markdown adds newlines between blocks). */
function text(el: { textContent: string | null }): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

async function runOnce(page: WebviewPage): Promise<void> {
  page.respond('run/start', () => ONE_COLUMN);
  page.get('run').click();
  await settle();
}

describe('webview playground UI', function () {
  this.timeout(20_000);

  it('adds an input for each {{variable}} as it is typed, and keeps a value while unused', async () => {
    const page = await new WebviewPage().open({ draft: draftOf({ messages: [{ role: 'user', content: '' }], variables: {} }) });
    const content = page.get('message-content');
    page.type(content, 'Weather in {{city}} for {{ user.name }}');
    await settle();
    assert.deepEqual(
      page.all('variable').map((v) => v.getAttribute('data-variable')),
      ['city', 'user'],
    );
    page.type(page.get('variable-city'), 'Oslo');
    page.type(content, 'Weather in {{town}}');
    await settle();
    assert.deepEqual(
      page.all('variable').map((v) => [v.getAttribute('data-variable'), (v.getAttribute('class') ?? '').includes('unused')]),
      [
        ['town', false],
        ['city', true],
      ],
    );
    assert.equal(page.get('variable-city').value, 'Oslo');
    page.type(content, 'Weather in {{city}}');
    await settle();
    assert.equal(page.get('variable-city').value, 'Oslo', 'the value comes back with the variable');
    await runOnce(page);
    assert.deepEqual(page.requests('run/start')[0]?.draft.variables, { city: 'Oslo' });
  });

  it('compares two models in two columns, painting each stream once per frame', async () => {
    const page = await new WebviewPage().open({ draft: draftOf({ modelIds: ['openai/gpt-4o-mini'] }) });
    page.get('compare-toggle').click();
    await settle();
    const claude = page.window.document.querySelector('[data-testid="model-option"][data-model-id="anthropic/claude-sonnet-4-5"] input')!;
    claude.click();
    await settle();
    page.respond('run/start', ({ draft }) => ({ runId: 'r2', columns: draft.modelIds.map((modelId, i) => ({ columnId: `c${i}`, modelId, variant: 'a' as const })) }));
    page.get('run').click();
    await settle();
    assert.deepEqual(page.requests('run/start')[0]?.draft.modelIds, ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5']);
    const columns = page.all('output-column');
    assert.deepEqual(
      columns.map((c) => c.getAttribute('data-model-id')),
      ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5'],
    );
    page.frame();
    const before = page.perf();
    const a: string[] = [];
    for (let i = 0; i < 500; i++) {
      a.push(`a${i} `);
      page.notify('run/delta', { runId: 'r2', columnId: 'c0', text: `a${i} ` });
      page.notify('run/delta', { runId: 'r2', columnId: 'c1', text: `b${i} ` });
    }
    await settle();
    assert.equal(page.pendingFrames, 1, 'a thousand deltas ask for one frame');
    page.frame();
    const after = page.perf();
    assert.equal(after.deltas - before.deltas, 1000);
    assert.equal(after.paintFrames - before.paintFrames, 1);
    assert.equal(text(page.get('output-body', columns[0])), a.join('').trim());
    page.notify('run/done', { runId: 'r2', result: summaryOf('r2', 'c0', 'openai/gpt-4o-mini', '**A** is done.') });
    page.notify('run/done', { runId: 'r2', result: summaryOf('r2', 'c1', 'anthropic/claude-sonnet-4-5', 'B is done.', { cost: undefined }) });
    await settle();
    page.frame();
    await settle();
    const [first, second] = page.all('output-column');
    assert.equal(text(page.get('output-body', first)), 'A is done.', 'the final text replaces the stream exactly');
    assert.ok(page.get('output-body', first).querySelector('strong'), 'rendered as Markdown');
    assert.equal(page.get('tokens-in', first).textContent, '12');
    assert.equal(page.get('tokens-out', first).textContent, '34');
    assert.equal(page.get('tokens-cached', first).textContent, '5');
    assert.equal(page.get('latency-first', first).textContent, '210 ms');
    assert.equal(page.get('latency-total', first).textContent, '1.23 s');
    assert.equal(page.get('cost', first).textContent, '$0.0004');
    assert.equal(page.get('cost', second).textContent, 'cost unknown');
    assert.ok(page.get('run'), 'Run is back');
  });

  it('shows a failure with its hint in the column and stays usable', async () => {
    const page = await new WebviewPage().open();
    await runOnce(page);
    page.notify('run/failed', { runId: 'r1', columnId: 'c1', failure: { kind: 'auth', message: 'OpenAI refused the key (401).', hint: 'Set a new key with Promptyard: Set API Key….' } });
    await settle();
    assert.equal(page.get('output-error').querySelector('strong')?.textContent, 'OpenAI refused the key (401).');
    assert.equal(page.get('output-hint').textContent, 'Set a new key with Promptyard: Set API Key….');
    page.respond('keys/open', () => ({ ok: true }));
    page.get('set-api-key', page.get('output-error')).click();
    await settle();
    assert.deepEqual(page.requests('keys/open'), [{ provider: 'openai' }]);
    assert.equal(page.get('run').disabled, false);
  });

  it('stops a run from the Stop button', async () => {
    const page = await new WebviewPage().open();
    await runOnce(page);
    page.respond('run/stop', () => ({ stopped: true }));
    page.notify('run/delta', { runId: 'r1', columnId: 'c1', text: 'slow…' });
    page.get('stop').click();
    await settle();
    assert.deepEqual(page.requests('run/stop'), [{ runId: 'r1' }]);
    assert.equal(page.get('output-column').getAttribute('data-status'), 'stopped');
    assert.ok(page.get('run'));
  });

  it('runs on Ctrl+Enter and toggles Raw without losing the text', async () => {
    const page = await new WebviewPage().open();
    page.respond('run/start', () => ONE_COLUMN);
    page.key({ key: 'Enter', ctrlKey: true });
    await settle();
    assert.equal(page.requests('run/start').length, 1);
    page.notify('run/done', { runId: 'r1', result: summaryOf('r1', 'c1', 'openai/gpt-4o-mini', '# Title\n\nSome *text*.') });
    await settle();
    page.frame();
    const body = () => page.get('output-body');
    assert.equal(body().querySelector('h1')?.textContent, 'Title');
    page.get('raw-toggle').click();
    await settle();
    assert.equal(body().querySelector('pre')?.textContent, '# Title\n\nSome *text*.');
    page.get('raw-toggle').click();
    await settle();
    assert.equal(body().querySelector('em')?.textContent, 'text');
  });

  it('sends thumbs-down feedback with a note and says which dataset it went to', async () => {
    const page = await new WebviewPage().open();
    await runOnce(page);
    page.notify('run/done', { runId: 'r1', result: summaryOf('r1', 'c1', 'openai/gpt-4o-mini', 'Tides are caused by wind.') });
    await settle();
    page.get('feedback-down').click();
    await settle();
    assert.equal(page.get('feedback-down').getAttribute('aria-pressed'), 'true');
    page.type(page.get('feedback-note'), 'Tides are caused by the moon.');
    page.respond('feedback/add', () => ({ dataset: 'prompts/datasets/tides.feedback.yml' }));
    await settle();
    page.get('feedback-send').click();
    await settle();
    assert.deepEqual(page.requests('feedback/add'), [{ runId: 'r1', columnId: 'c1', rating: 'down', note: 'Tides are caused by the moon.' }]);
    assert.equal(page.get('feedback-result').textContent, 'Added to tides.feedback.yml');
  });

  it('lists history, restores a run, and clears the list', async () => {
    const entry = {
      runId: 'old1',
      at: '2026-01-02T03:04:05.000Z',
      draft: draftOf({ messages: [{ role: 'user' as const, content: 'An old question' }] }),
      columns: [{ columnId: 'c1', modelId: 'openai/gpt-4o-mini', variant: 'a' as const }],
      results: [summaryOf('old1', 'c1', 'openai/gpt-4o-mini', 'An old answer')],
    };
    const page = await new WebviewPage().open({ history: [entry] });
    assert.equal(page.all('history-item').length, 1);
    page.get('history-item').click();
    await settle();
    assert.equal(page.get('message-content').value, 'An old question');
    assert.equal(text(page.get('output-body')), 'An old answer');
    page.respond('history/clear', () => ({ cleared: true }));
    page.get('history-clear').click();
    await settle();
    assert.equal(page.all('history-item').length, 0);
    assert.ok(page.get('history-empty'));
  });

  it('shows providers without a key as disabled, with their reason and Set API Key…', async () => {
    const page = await new WebviewPage().open();
    const mistral = page.window.document.querySelector('[data-testid="model-option"][data-model-id="mistral/small"]')!;
    assert.equal(mistral.querySelector('input')?.disabled, true);
    assert.match(mistral.textContent ?? '', /No API key set/);
    page.respond('keys/open', () => ({ ok: true }));
    page.window.document.querySelector('[data-testid="set-api-key"][data-provider="mistral"]')!.click();
    await settle();
    assert.deepEqual(page.requests('keys/open'), [{ provider: 'mistral' }]);
  });

  it('saves as a prompt file and copies as code', async () => {
    const page = await new WebviewPage().open();
    page.respond('draft/save', () => ({ file: 'prompts/tides.prompt.yml' }));
    page.respond('code/copy', () => ({ copied: true }));
    page.get('save-prompt').click();
    page.get('copy-python').click();
    await settle();
    assert.equal(page.requests('draft/save').length, 1);
    assert.deepEqual(
      page.requests('code/copy').map((p) => p.language),
      ['python'],
    );
    assert.deepEqual(
      page.all('notice').map((n) => n.textContent?.replace('×', '')),
      ['Saved to prompts/tides.prompt.yml.', 'Copied the Python code to the clipboard.'],
    );
  });
});

// A new user's first minutes: no key (the playground offers the local model), a key set through the
// palette, a prompt with two variables run with a streamed answer, tokens and cost; Stop on a slow stream;
// two models compared; a thumbs-down with a note that lands in the prompt's dataset file.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { screenshot } from './support/artifacts';
import { setApiKeyThroughPalette } from './support/keys';
import { PlaygroundUi } from './support/playgroundUi';
import { workbenchScenario } from './support/scenario';

const GPT = 'openai/gpt-4o-mini';
const CLAUDE = 'anthropic/claude-haiku-4-5';

describe('e2e: a new user in the playground', () => {
  const s = workbenchScenario({ llm: true, window: ({ llm }) => ({ env: { OPENAI_BASE_URL: llm.openaiBaseURL, ANTHROPIC_BASE_URL: llm.anthropicBaseURL } }) });
  let ui: PlaygroundUi;

  it('without a key the playground runs on the local model; after Set API Key… a prompt with two variables streams its answer with tokens and cost', async () => {
    ui = await PlaygroundUi.openView(s.wb.page);
    assert.ok(await ui.modelOption('local/default').isChecked(), 'with no key the default model is local/default');
    assert.ok(await ui.modelOption(GPT).isDisabled(), 'OpenAI needs a key first');

    await setApiKeyThroughPalette(s.wb.page, 'openai', 'sk-e2e-new-user-0123456789');
    await ui.pickModel(GPT);
    await ui.typeMessage(1, 'Write a {{style}} about {{topic}}.');
    await ui.variable('style').waitFor();
    await ui.setVariable('style', 'haiku');
    await ui.setVariable('topic', 'autumn leaves');

    s.llm.setLatency({ firstByteMs: 100, chunkMs: 60 });
    s.llm.reset();
    await ui.run();
    const partials = new Set<string>();
    const column = ui.column(GPT);
    while ((await column.getAttribute('data-status')) !== 'done') {
      const text = (await column.locator('[data-testid=output-body]').innerText().catch(() => '')).trim();
      if (text && (await column.getAttribute('data-status')) === 'streaming') partials.add(text);
      assert.notEqual(await column.getAttribute('data-status'), 'failed', 'the run failed');
      await s.wb.page.waitForTimeout(20);
    }
    s.llm.setLatency({});
    assert.ok(partials.size >= 2, `the answer streamed in pieces (saw ${partials.size} partial texts)`);
    const answer = await ui.answerText(GPT);
    assert.match(answer, /Write a haiku about autumn leaves/, 'the variables were filled in');
    const sent = s.llm.chatRequests().at(-1)!;
    assert.equal(sent.model, 'gpt-4o-mini');
    assert.ok(sent.stream && sent.keyLength > 0, 'a streamed request with the key');
    assert.ok(Number(await column.locator('[data-testid=tokens-in]').innerText()) > 0);
    assert.ok(Number(await column.locator('[data-testid=tokens-out]').innerText()) > 0);
    assert.match(await column.locator('[data-testid=cost]').innerText(), /\$\s?\d/);
    await ui.showAnswers();
    await screenshot(s.wb.page, 'new-user-first-run');
  });

  it('Stop halts a slow stream and the server sees the connection close', async () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    await ui.setMessage(1, `Count slowly. [[reply: ${words}]]`);
    s.llm.reset();
    s.llm.setLatency({ firstByteMs: 50, chunkMs: 150 });
    try {
      await ui.run();
      const column = ui.column(GPT);
      await column.locator('[data-testid=output-body]').filter({ hasText: 'word2' }).waitFor({ timeout: 15_000 });
      await ui.testId('stop').click();
      await ui.frame.locator(`[data-testid=output-column][data-model-id="${GPT}"][data-status=stopped]`).waitFor({ timeout: 10_000 });
      await s.llm.waitFor(() => s.llm.chatRequests().at(-1)?.clientClosed === true, 5_000);
      const request = s.llm.chatRequests().at(-1)!;
      assert.ok(request.chunksSent < 60, `the stream was cut short (${request.chunksSent} chunks sent)`);
      const stopped = await ui.answerText(GPT);
      await s.wb.page.waitForTimeout(800);
      assert.equal(await ui.answerText(GPT), stopped, 'nothing arrives after Stop');
      assert.doesNotMatch(stopped, /word59/);
      assert.ok(await ui.testId('run').isEnabled(), 'the playground is ready for the next run');
      await screenshot(s.wb.page, 'stop-halts-stream');
    } finally {
      s.llm.setLatency({});
    }
  });

  it('compare mode with two models shows two answers', async () => {
    await setApiKeyThroughPalette(s.wb.page, 'anthropic', 'sk-ant-e2e-new-user-0123456789');
    await ui.setMessage(1, 'Write a {{style}} about {{topic}}.');
    await ui.setCompare(true);
    await ui.pickModel(GPT);
    await ui.pickModel(CLAUDE);
    s.llm.reset();
    await ui.run();
    const statuses = await ui.waitSettled();
    assert.deepEqual(statuses, { [GPT]: 'done', [CLAUDE]: 'done' });
    assert.match(await ui.answerText(GPT), /autumn leaves/);
    assert.match(await ui.answerText(CLAUDE), /autumn leaves/);
    assert.deepEqual(s.llm.chatRequests().map((r) => r.protocol).sort(), ['anthropic', 'openai']);
    await ui.showAnswers();
    await screenshot(s.wb.page, 'compare-two-models');
  });

  it('a thumbs-down with a note adds a case to the prompt\'s dataset file', async () => {
    const column = ui.column(CLAUDE);
    await column.locator('[data-testid=feedback-down]').click();
    await column.locator('[data-testid=feedback-note]').fill('Use exactly three lines, 5-7-5 syllables.');
    await column.locator('[data-testid=feedback-send]').click();
    const result = await column.locator('[data-testid=feedback-result]').innerText();
    const file = readdirSync(s.ws.file('prompts')).find((f) => f.endsWith('.feedback.jsonl'));
    assert.ok(file, 'a dataset file was written in prompts/');
    assert.match(result, new RegExp(file!.replace('.', '\\.')));
    const cases = readFileSync(path.join(s.ws.file('prompts'), file!), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { vars: Record<string, string>; assert: { type: string }[]; metadata: Record<string, string> });
    const last = cases.at(-1)!;
    assert.equal(last.metadata.rating, 'down');
    assert.equal(last.metadata.note, 'Use exactly three lines, 5-7-5 syllables.');
    assert.equal(last.metadata.model, CLAUDE);
    assert.deepEqual(last.vars, { style: 'haiku', topic: 'autumn leaves' });
    assert.ok(last.assert.some((a) => a.type === 'llm-rubric'), 'the note became a rubric');
    await ui.showAnswers();
    await screenshot(s.wb.page, 'feedback-to-dataset');
  });
});

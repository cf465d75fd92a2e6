// Bad input in the playground: an unreachable endpoint, a wrong key (401), a model that does not exist and
// a prompt that fails to render. Each shows a message that says what to do, and the next run works.
import assert from 'node:assert/strict';
import { freePort } from '../support/codeServer';
import { screenshot } from './support/artifacts';
import { PlaygroundUi } from './support/playgroundUi';
import { workbenchScenario } from './support/scenario';

const GOOD = 'lab/gpt-4o-mini';
const GOOD_PROMPT = 'Explain {{topic}} in two sentences.';

describe('e2e: bad input in the playground', () => {
  const s = workbenchScenario({
    llm: { knownModelsOnly: true },
    window: async ({ llm }) => {
      const closedPort = await freePort();
      return {
        settings: {
          // Custom OpenAI-compatible endpoints from the user's settings: one on the test server (whose model
          // list has no `gpt-nope`), one where nothing listens.
          'promptyard.endpoints': {
            lab: { baseURL: llm.openaiBaseURL, models: ['gpt-4o-mini', 'gpt-nope', 'fault-401'] },
            offline: { baseURL: `http://127.0.0.1:${closedPort}/v1`, models: ['small-model'] },
          },
          'promptyard.requests.maxRetries': 1,
        },
      };
    },
  });
  let ui: PlaygroundUi;

  before(async () => {
    ui = await PlaygroundUi.openView(s.wb.page);
  });

  /** Runs the playground's prompt on `model`; returns the column's failure. */
  async function failingRun(model: string): Promise<{ message: string; hint: string }> {
    await ui.pickModel(model);
    await ui.run();
    const statuses = await ui.waitSettled(30_000);
    assert.equal(statuses[model], 'failed');
    return ui.failure(model);
  }

  /** The playground is still usable: a good prompt on a good model streams an answer. */
  async function nextRunWorks(): Promise<void> {
    await ui.setMessage(1, GOOD_PROMPT);
    await ui.pickModel(GOOD);
    await ui.run();
    assert.deepEqual(await ui.waitSettled(), { [GOOD]: 'done' });
    assert.match(await ui.answerText(GOOD), /You said/);
  }

  it('an unreachable endpoint says to check that it runs and its baseURL', async () => {
    const { message, hint } = await failingRun('offline/small-model');
    assert.match(`${message} ${hint}`, /connect|reach/i);
    assert.match(hint, /baseURL.*promptyard\.endpoints/);
    await ui.showAnswers();
    await screenshot(s.wb.page, 'bad-input-unreachable');
    await nextRunWorks();
  });

  it('a wrong key (401) says to set the key again, with a button for it', async () => {
    const { message, hint } = await failingRun('lab/fault-401');
    assert.match(message, /key/i);
    assert.match(hint, /Set API Key/);
    assert.ok(await ui.column('lab/fault-401').locator('[data-testid=set-api-key]').isVisible(), 'a Set API Key… button');
    await ui.showAnswers();
    await screenshot(s.wb.page, 'bad-input-wrong-key');
    await nextRunWorks();
  });

  it('a model that does not exist says to pick another one', async () => {
    const { message, hint } = await failingRun('lab/gpt-nope');
    assert.match(message, /gpt-nope/);
    assert.match(hint, /not found.*pick another one/);
    await ui.showAnswers();
    await screenshot(s.wb.page, 'bad-input-unknown-model');
    await nextRunWorks();
  });

  it('a prompt that fails to render says where and to fix it, without calling the model', async () => {
    await ui.pickModel(GOOD);
    await ui.setMessage(1, 'Explain {{topic}} {{#if topic}}in detail.');
    s.llm.reset();
    await ui.run();
    assert.deepEqual(await ui.waitSettled(), { [GOOD]: 'failed' });
    const { message, hint } = await ui.failure(GOOD);
    assert.match(`${message} ${hint}`, /if|block|close|parse/i);
    assert.match(hint, /Fix the (template|prompt)/);
    assert.equal(s.llm.chatRequests().length, 0, 'nothing was sent');
    await ui.showAnswers();
    await screenshot(s.wb.page, 'bad-input-render');
    await nextRunWorks();
  });
});

// Light and dark themes are both readable: the playground takes the theme's colors (switched live with
// "Preferences: Color Theme", which sets `workbench.colorTheme`), and its answer text, stats and message text keep a WCAG contrast of at least 4.5.
import assert from 'node:assert/strict';
import { screenshot } from './support/artifacts';
import { textContrast } from './support/contrast';
import type { PageElement, PageGlobals } from './support/pageTypes';
import { PlaygroundUi } from './support/playgroundUi';
import { setColorTheme } from './support/vscodeUi';
import { workbenchScenario } from './support/scenario';

const GPT = 'openai/gpt-4o-mini';
const ANSWER = 'Prompt caching **reuses** the processed prefix of a prompt.\n\n- cheaper input tokens\n- faster `first token`';

describe('e2e: light and dark themes', () => {
  // A key from the environment, so this file needs no palette flow.
  const s = workbenchScenario({
    llm: true,
    window: ({ llm }) => ({ env: { OPENAI_BASE_URL: llm.openaiBaseURL, OPENAI_API_KEY: 'sk-e2e-themes-0123456789' }, settings: { 'promptyard.useEnvironmentKeys': true } }),
  });
  let ui: PlaygroundUi;

  before(async () => {
    ui = await PlaygroundUi.openView(s.wb.page);
    await ui.pickModel(GPT);
    await ui.setMessage(1, `Explain {{topic}}. [[reply: ${ANSWER}]]`);
    await ui.run();
    assert.deepEqual(await ui.waitSettled(), { [GPT]: 'done' });
  });

  for (const [kind, theme] of [
    ['light', 'Light Modern'],
    ['dark', 'Dark Modern'],
  ] as const) {
    it(`${kind}: ${theme} keeps every text readable (contrast >= 4.5)`, async () => {
      await setColorTheme(s.wb.page, theme);
      assert.match((await s.wb.page.locator('.monaco-workbench').getAttribute('class')) ?? '', new RegExp(`\\b${kind === 'light' ? 'vs' : 'vs-dark'}\\b`));
      await ui.frame.locator(`body.vscode-${kind}`).waitFor({ timeout: 15_000 });
      await s.wb.page.waitForTimeout(300); // the theme's variables land with the class
      const sideBar = await s.wb.page.locator('.part.sidebar').evaluate((el: PageElement) => (globalThis as unknown as PageGlobals).getComputedStyle(el).backgroundColor);
      const column = ui.column(GPT);
      const targets = {
        answer: column.locator('[data-testid=output-body] p').first(),
        'answer list': column.locator('[data-testid=output-body] li').first(),
        stats: column.locator('[data-testid=tokens]'),
        title: column.locator('[data-testid=output-title]'),
        message: ui.message(1),
        'variable name': ui.frame.locator('[data-testid=variable] .variable-name').first(),
      };
      const results: Record<string, string> = {};
      for (const [name, target] of Object.entries(targets)) {
        const c = await textContrast(target, sideBar);
        results[name] = `${c.ratio.toFixed(2)} (${c.color} on ${c.background})`;
        assert.ok(c.ratio >= 4.5, `${name} in ${theme}: contrast ${results[name]} is below 4.5`);
      }
      // The checked model must be visible: WCAG's 3:1 for user interface components.
      const radio = await textContrast(ui.modelOption(GPT), sideBar, 'accent-color');
      results['checked radio'] = `${radio.ratio.toFixed(2)} (${radio.color} on ${radio.background})`;
      assert.ok(radio.ratio >= 3, `the checked model's radio in ${theme}: contrast ${results['checked radio']} is below 3`);
      const answer = await textContrast(targets.answer, sideBar);
      const luminous = (rgb: string) => (rgb.match(/\d+/g) ?? []).map(Number).reduce((a, b) => a + b, 0) > 382;
      assert.equal(luminous(answer.background), kind === 'light', `the ${kind} theme shows a ${kind} background (${answer.background})`);
      await ui.showAnswers();
      await screenshot(s.wb.page, `theme-${kind}`);
      process.stdout.write(`      ${kind}: ${Object.entries(results).map(([k, v]) => `${k} ${v}`).join('; ')}\n`);
    });
  }
});

// Completion and hovers in a prompt file: the candidates offered at each kind of place, what they replace,
// and the hover text of variables and model ids.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzePromptText } from '../../../src/core/prompts/analyze';
import { defaultAnalysisContext, type AnalysisContext } from '../../../src/core/prompts/analysisContext';
import { completePrompt, type CompletionList } from '../../../src/core/prompts/completions';
import { hoverPrompt } from '../../../src/core/prompts/hovers';
import { createCatalog, defaultPriceTable } from '../../../src/core/providers/catalog';

const PROBLEMS = readFileSync(path.join(__dirname, '../../fixtures/workspace/language/problems.prompt.yml'), 'utf8');
const CURSOR = '§';

/** Completion at the `§` of `text` (the mark removed). */
function complete(text: string, context: AnalysisContext = defaultAnalysisContext()): (CompletionList & { replaced: string }) | undefined {
  const offset = text.indexOf(CURSOR);
  const clean = text.slice(0, offset) + text.slice(offset + 1);
  const list = completePrompt(clean, offset, () => analyzePromptText(clean, 'case.prompt.yml', context), context);
  return list && { ...list, replaced: clean.slice(list.replace.start, list.replace.end) };
}

function hover(text: string, at: string, context: AnalysisContext = defaultAnalysisContext()): string | undefined {
  const { outline, uses } = analyzePromptText(text, 'case.prompt.yml', context);
  return hoverPrompt(text.indexOf(at) + 1, outline, uses, context)?.markdown;
}

const labels = (list: CompletionList | undefined) => list?.items.map((i) => i.label) ?? [];

describe('prompt file completion', () => {
  it('offers the variables of the file after {{ in a message: inputs, testData, other messages', () => {
    const text = PROBLEMS.replace('Answer this question: {{question}}', 'Answer this question: {{qu§estion}}');
    const list = complete(text)!;
    assert.equal(list.kind, 'variable');
    assert.equal(list.replaced, 'question', 'the whole name around the cursor');
    assert.deepEqual(labels(list), ['question', 'company', 'count', 'tone', 'topic', 'extra', 'audience']);
    assert.equal(list.items[0]!.detail, 'input (string)');
    assert.equal(list.items[0]!.documentation, 'What the customer asks.');
    assert.equal(list.items[4]!.detail, 'testData, e.g. "accounts"');
    assert.equal(list.items[6]!.detail, 'used in message 2');
  });

  it('completes right after {{, {{{ and {{#if, and not outside messages or after }}', () => {
    const file = (content: string, extra = '') => `${extra}inputs:\n  topic: {type: string}\nmessages:\n  - role: user\n    content: |\n      ${content}\n`;
    for (const content of ['About {{§', 'About {{{§', 'About {{#if §', 'About {{~ to§']) {
      assert.deepEqual(labels(complete(file(content))), ['topic'], content);
    }
    assert.equal(complete(file('About {{topic}} §')), undefined);
    assert.equal(complete(file('About', 'description: "{{§"\n')), undefined, 'not in the description');
  });

  it('parses the file only where a variable or a parameter goes', () => {
    let parsed = 0;
    const text = 'model: gpt\ndescription: a b c\n';
    const analysis = () => {
      parsed++;
      return analyzePromptText(text, 'case.prompt.yml');
    };
    assert.equal(completePrompt(text, text.indexOf(' b'), analysis, defaultAnalysisContext()), undefined);
    assert.equal(completePrompt(text, text.indexOf('gpt') + 3, analysis, defaultAnalysisContext())?.kind, 'model');
    assert.equal(parsed, 0);
  });

  it('offers model ids of the configured providers after model:, with context and price', () => {
    const list = complete('model: gpt§\nmessages: []\n')!;
    assert.equal(list.kind, 'model');
    assert.equal(list.replaced, 'gpt');
    assert.ok(labels(list).includes('openai/gpt-4o-mini'));
    assert.ok(labels(list).includes('anthropic/claude-haiku-4-5'));
    assert.ok(labels(list).includes('local/default'));
    assert.equal(list.items.find((i) => i.label === 'openai/gpt-4o-mini')!.detail, '128K context · $0.15 in / $0.60 out per 1M tokens');

    const context: AnalysisContext = { providers: ['anthropic', 'testllm'], catalog: createCatalog(), models: ['testllm/small', 'gone/model'] };
    const custom = labels(complete('model: "openai/gp§t-4o"\n', context));
    assert.ok(custom.includes('testllm/small') && custom.includes('anthropic/claude-haiku-4-5'));
    assert.ok(!custom.some((id) => id.startsWith('openai/') || id.startsWith('gone/')), 'only configured providers');
    assert.equal(complete('model: "openai/gp§t-4o"\n')!.replaced, 'openai/gpt-4o');
    assert.equal(complete('evaluators:\n  - name: j\n    llm:\n      modelId: §\n')!.kind, 'model');
    assert.equal(complete('messages:\n  - role: user\n    content: model: §\n'), undefined, 'model: must be the top-level key');
  });

  it('offers assertion types after type: in an assert list, with not- forms', () => {
    const text = 'testData:\n  - q: 1\n    assert:\n      - type: contains\n        value: x\n      - type: con§\n';
    const list = complete(text)!;
    assert.equal(list.kind, 'assertion');
    assert.equal(list.replaced, 'con');
    assert.ok(labels(list).includes('contains') && labels(list).includes('llm-rubric') && labels(list).includes('assert-set'));
    assert.equal(list.items.find((i) => i.label === 'llm-rubric')!.detail, 'model-graded');
    assert.ok(labels(complete(text.replace('con§', 'not-§'))).includes('not-contains'));
    assert.equal(complete('testData:\n  - q: 1\n    assert:\n    - value: x\n      type: §\n')!.kind, 'assertion', 'a later key of the item');
    assert.equal(complete('assert:\n- type: §\n')!.kind, 'assertion', 'a list at its key\'s indentation');
    assert.equal(complete('inputs:\n  q:\n    type: §\n'), undefined, 'type: of an input is not an assertion');
  });

  it('offers the parameters not yet set under modelParameters:', () => {
    const list = complete('modelParameters:\n  temperature: 0.2\n  §\nmessages: []\n')!;
    assert.equal(list.kind, 'parameter');
    assert.deepEqual(labels(list), ['maxTokens', 'topP', 'stop', 'seed', 'frequencyPenalty', 'presencePenalty']);
    assert.equal(list.items[0]!.insertText, 'maxTokens: ');
    assert.match(list.items[0]!.documentation!, /Maximum number of tokens/);
    assert.equal(complete('inputs:\n  §\n'), undefined);
    assert.equal(complete('modelParameters:\n  temperature: §\n'), undefined, 'a value, not a key');
  });
});

describe('prompt file hovers', () => {
  it('says where a variable comes from: its input, testData samples and the messages using it', () => {
    const markdown = hover(PROBLEMS, '{{question}}')!;
    assert.equal(
      markdown,
      [
        '**`{{question}}`**',
        'Input · string · required — What the customer asks.',
        'Treated as user input: keep it in a user message, inside a delimited block (`trusted: true` on the input exempts it).',
        'testData: row 1: `"How do I reset my password?"`',
        'Used in message 2 (user)',
      ].join('\n\n'),
    );
    assert.match(hover(PROBLEMS, '{{company}}')!, /Input · string · optional\n\nDefault: `"Acme"`\n\nNot treated as user input/);
    assert.match(hover(PROBLEMS, '{{audience}}')!, /Not given: declare it under `inputs:`/);
    assert.match(hover(PROBLEMS, 'tone:')!, /Not used in any message\./, 'on the input key');
    assert.match(hover(PROBLEMS, 'topic: accounts')!, /testData: row 1: `"accounts"`/, 'on a testData key');
  });

  it('shows the context window and prices of a model id, with the date of the price table', () => {
    const text = 'model: openai/gpt-4o-mini\nmessages: []\n';
    assert.equal(
      hover(text, 'openai/'),
      `**openai/gpt-4o-mini**\n\nContext window: 128,000 tokens\n\nPrice per 1M tokens: input $0.15 · cached input $0.075 · output $0.60 (price table of ${defaultPriceTable().pricedAt})`,
    );
    assert.match(hover('model: ollama/llama3.2\n', 'ollama')!, /without a per-token cost/);
    assert.match(hover('model: acme/x\n', 'acme')!, /Provider "acme" is not configured here\.[\s\S]*Not in the price table/);
    assert.equal(hover(text, 'messages'), undefined);
  });
});

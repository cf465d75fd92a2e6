// Draft ↔ prompt file: what Save as Prompt File writes parses back to the same draft.
import assert from 'node:assert/strict';
import { parsePromptFile } from '../../../src/core/prompts/parse';
import { serializePromptFile } from '../../../src/core/prompts/serialize';
import { draftFromPrompt, promptFromDraft, responseFormatOf, slugOf, withPlaygroundState } from '../../../src/extension/playground/draft';
import type { PlaygroundDraft } from '../../../src/shared/protocol';

const draft: PlaygroundDraft = {
  name: 'Weather helper',
  messages: [
    { role: 'system', content: 'You answer about weather.\nBe brief.' },
    { role: 'user', content: 'Weather in {{city}}?' },
  ],
  variables: {},
  modelIds: ['openai/gpt-4o-mini'],
  parameters: { temperature: 0.3, maxTokens: 100, stop: ['END'], seed: 7 },
  responseFormat: { type: 'json_schema', jsonSchema: JSON.stringify({ name: 'weather', schema: { type: 'object', properties: { t: { type: 'number' } } }, strict: true }, null, 2) },
  tools: [{ name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
};

describe('extension draft conversion', () => {
  it('saves a draft as a prompt file that parses back to the same draft', () => {
    const file = '/ws/prompts/weather.prompt.yml';
    const text = serializePromptFile(promptFromDraft(draft, { file }));
    const parsed = parsePromptFile(text, file);
    assert.ok(parsed.prompt, JSON.stringify(parsed.diagnostics));
    assert.deepEqual(draftFromPrompt(parsed.prompt), draft);
  });

  it('drops empty parameters and accepts a bare JSON schema', () => {
    const prompt = promptFromDraft({ ...draft, parameters: { stop: [] }, responseFormat: { type: 'json_schema', jsonSchema: '{"type":"object"}' } }, { file: '/x.prompt.yml' });
    assert.equal(prompt.modelParameters, undefined);
    assert.deepEqual(prompt.responseFormat, { type: 'json_schema', name: 'response', schema: { type: 'object' } });
    assert.throws(() => responseFormatOf({ type: 'json_schema', jsonSchema: '{nope' }), /not valid JSON/);
  });

  it('starts a prompt file\'s variables from its first test row', () => {
    const parsed = parsePromptFile('messages:\n  - role: user\n    content: "{{a}} {{b}}"\ntestData:\n  - a: one\n    b: 2\n', '/t.prompt.yml');
    assert.deepEqual(draftFromPrompt(parsed.prompt!).variables, { a: 'one', b: '2' });
  });

  it('keeps what only the playground holds when the file changes', () => {
    const fromFile: PlaygroundDraft = { ...draft, variables: { city: 'Oslo' } };
    const mine: PlaygroundDraft = { ...draft, modelIds: ['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5'], variant: [{ role: 'user', content: 'B' }], responseFormat: { type: 'json_schema', jsonSchema: JSON.stringify(JSON.parse(draft.responseFormat!.jsonSchema!)) } };
    const merged = withPlaygroundState(fromFile, mine);
    assert.deepEqual(merged.modelIds, mine.modelIds);
    assert.deepEqual(merged.variant, mine.variant);
    assert.equal(merged.responseFormat, mine.responseFormat, 'the schema as typed, since it means the same');
    assert.deepEqual(merged.variables, {}, 'the webview keeps the values typed there');
    const otherModel = withPlaygroundState({ ...fromFile, modelIds: ['ollama/llama3.2'] }, mine);
    assert.deepEqual(otherModel.modelIds, ['ollama/llama3.2']);
  });

  it('makes file names from names', () => {
    assert.equal(slugOf('Summarize notes!'), 'summarize-notes');
    assert.equal(slugOf('   '), 'playground');
    assert.equal(slugOf('Café crème'), 'cafe-creme');
  });
});

// A bound panel's edits applied to the prompt file's text: only the edited keys change, comments and the
// rest of the file survive, the result parses, and the editor gets one minimal replacement.
import assert from 'node:assert/strict';
import { parsePromptFile } from '../../../src/core/prompts/parse';
import { draftFromPrompt } from '../../../src/extension/playground/draft';
import { addDatasetToText, applyDraftToText, minimalEdit } from '../../../src/extension/playground/draftText';
import type { PlaygroundDraft } from '../../../src/shared/protocol';

const FILE = '/ws/prompts/summarize.prompt.yml';
const TEXT = `# Summaries for the support team
name: Summarize
description: Short summaries # kept
model: openai/gpt-4o-mini
modelParameters:
  temperature: 0.2 # low on purpose
messages:
  - role: system
    content: |
      You summarize.
      Keep it short.
  - role: user
    content: "Summarize: {{text}}"
testData:
  - text: A long text.
    expected: A text.
`;

function draftOf(text = TEXT): PlaygroundDraft {
  const parsed = parsePromptFile(text, FILE);
  assert.ok(parsed.prompt, JSON.stringify(parsed.diagnostics));
  return draftFromPrompt(parsed.prompt);
}

function apply(draft: PlaygroundDraft, text = TEXT): string {
  const result = applyDraftToText(text, draft, FILE);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.text;
}

describe('extension draft text', () => {
  it('leaves the text unchanged when the draft is the file', () => {
    assert.equal(apply(draftOf()), TEXT);
  });

  it('edits a message in place and keeps comments, description and test data', () => {
    const draft = draftOf();
    draft.messages[1]!.content = 'Summarize in {{words}} words:\n{{text}}';
    const out = apply(draft);
    assert.match(out, /# Summaries for the support team/);
    assert.match(out, /# low on purpose/);
    assert.match(out, /description: Short summaries # kept/);
    assert.match(out, /expected: A text\./);
    assert.match(out, /content: \|-?\n\s+Summarize in \{\{words\}\} words:\n\s+\{\{text\}\}/);
    const back = draftOf(out);
    assert.deepEqual(back.messages, draft.messages);
  });

  it('changes model and parameters, adds and removes messages, tools and the JSON schema', () => {
    const draft = draftOf();
    draft.modelIds = ['anthropic/claude-haiku-4-5'];
    draft.parameters = { maxTokens: 200 };
    draft.messages.push({ role: 'assistant', content: 'Sure.' });
    draft.tools = [{ name: 'lookup', parameters: { type: 'object', properties: {} } }];
    draft.responseFormat = { type: 'json_schema', jsonSchema: '{"name":"summary","schema":{"type":"object","properties":{"s":{"type":"string"}}}}' };
    const out = apply(draft);
    const back = parsePromptFile(out, FILE).prompt!;
    assert.equal(back.model, 'anthropic/claude-haiku-4-5');
    assert.deepEqual(back.modelParameters, { maxTokens: 200 });
    assert.equal(back.messages.length, 3);
    assert.equal(back.tools?.[0]?.name, 'lookup');
    assert.deepEqual(back.responseFormat, { type: 'json_schema', name: 'summary', schema: { type: 'object', properties: { s: { type: 'string' } } } });
    assert.equal(back.testData?.length, 1);

    const fewer = { ...draftOf(out), messages: [{ role: 'user' as const, content: 'Only me' }], tools: undefined, responseFormat: undefined };
    const out2 = apply(fewer, out);
    const back2 = parsePromptFile(out2, FILE).prompt!;
    assert.equal(back2.messages.length, 1);
    assert.equal(back2.tools, undefined);
    assert.equal(back2.responseFormat, undefined);
    assert.doesNotMatch(out2, /jsonSchema/);
  });

  it('refuses to edit a file with a YAML error, and an edit that would make the file invalid', () => {
    const broken = applyDraftToText('name: [unclosed\nmessages: []\n', draftOf(), FILE);
    assert.equal(broken.ok, false);
    assert.match(broken.ok ? '' : broken.error, /^Line \d+ of the prompt file: YAML syntax error/);
    const empty = applyDraftToText(TEXT, { ...draftOf(), messages: [] }, FILE);
    assert.equal(empty.ok, false);
    assert.match(empty.ok ? '' : empty.error, /invalid/);
  });

  it('finds the smallest replacement between two texts', () => {
    assert.equal(minimalEdit('abc', 'abc'), undefined);
    assert.deepEqual(minimalEdit('hello world', 'hello there world'), { start: 6, end: 6, text: 'there ' });
    assert.deepEqual(minimalEdit('a\r\nb', 'a\r\nc'), { start: 3, end: 4, text: 'c' });
    const e = minimalEdit('x😀y', 'x😃y')!;
    assert.equal('x😀y'.slice(0, e.start) + e.text + 'x😀y'.slice(e.end), 'x😃y');
    assert.equal(e.text, '😃');
  });

  it('adds a dataset to datasets: once', () => {
    const out = addDatasetToText(TEXT, 'summarize.feedback.jsonl')!;
    assert.deepEqual(parsePromptFile(out, FILE).prompt?.datasets?.map((d) => d.path), ['summarize.feedback.jsonl']);
    assert.match(out, /# Summaries for the support team/);
    assert.equal(addDatasetToText(out, 'summarize.feedback.jsonl'), undefined);
  });
});

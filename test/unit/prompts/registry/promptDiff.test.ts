import assert from 'node:assert/strict';
import { parsePromptFile } from '../../../../src/core/prompts/parse';
import type { PromptFile } from '../../../../src/core/prompts/promptFile';
import type { LineEdit } from '../../../../src/core/prompts/registry/lineDiff';
import { diffPrompts } from '../../../../src/core/prompts/registry/promptDiff';
import { formatDiff, hunk } from '../../../../src/cli/promptsFormat';

function prompt(text: string): PromptFile {
  const { prompt: p, diagnostics } = parsePromptFile(text, 'x.prompt.yml');
  assert.ok(p, JSON.stringify(diagnostics));
  return p;
}

const side = (version: string, p: PromptFile) => ({ id: 'x', version, sha256: version.repeat(8), prompt: p });

const A = `model: openai/gpt-4o-mini
modelParameters:
  temperature: 0.3
  maxTokens: 100
responseFormat: json_object
inputs:
  text: { type: string }
  tone: { type: string, default: calm }
tools:
  - type: function
    function:
      name: lookup
      parameters: { type: object, properties: { location: { type: string } } }
  - type: function
    function:
      name: gone
      parameters: { type: object }
messages:
  - role: system
    content: |
      You answer questions.
      Be brief.
      Cite sources.
  - role: user
    content: "{{text}}"
  - role: assistant
    content: An example answer.
testData:
  - text: one
  - text: two
evaluators:
  - name: mentions
    string: { contains: hi }
`;

const B = `model: anthropic/claude-haiku-4-5
modelParameters:
  temperature: 0.5
  seed: 7
responseFormat: text
inputs:
  text: { type: string, description: The question. }
tools:
  - type: function
    function:
      name: lookup
      parameters: { type: object, properties: { location: { type: string }, units: { type: string } } }
  - type: function
    function:
      name: fresh
      parameters: { type: object }
messages:
  - role: system
    content: Safety first.
  - role: system
    content: |
      You answer questions.
      Be very brief.
      Cite sources.
  - role: user
    content: "{{text}}"
testData:
  - text: one
  - text: three
  - text: four
evaluators:
  - name: mentions
    string: { contains: hello }
`;

describe('registry prompt diff', () => {
  const d = diffPrompts(side('1.0.0', prompt(A)), side('2.0.0', prompt(B)));

  it('reports the model and each model parameter', () => {
    assert.deepEqual(d.fields, [
      { path: 'model', kind: 'changed', before: 'openai/gpt-4o-mini', after: 'anthropic/claude-haiku-4-5' },
      { path: 'modelParameters.maxTokens', kind: 'removed', before: 100 },
      { path: 'modelParameters.seed', kind: 'added', after: 7 },
      { path: 'modelParameters.temperature', kind: 'changed', before: 0.3, after: 0.5 },
    ]);
    assert.ok(d.responseFormat);
  });

  it('pairs the changed message despite an inserted one, and reports added and removed messages', () => {
    assert.deepEqual(
      d.messages.map((m) => [m.kind, m.role, m.indexBefore, m.indexAfter]),
      [
        ['added', 'system', undefined, 1],
        ['changed', 'system', 1, 2],
        ['removed', 'assistant', 3, undefined],
      ],
    );
    assert.deepEqual(d.messages[1]!.lines.map((l) => `${l.op[0]} ${l.line}`), ['e You answer questions.', 'd Be brief.', 'i Be very brief.', 'e Cite sources.']);
    assert.equal(d.unchangedMessages, 1);
  });

  it('reports tools, inputs, test data and evaluators, keeping user keys named location', () => {
    assert.deepEqual(d.tools.map((t) => [t.name, t.kind]), [
      ['lookup', 'changed'],
      ['gone', 'removed'],
      ['fresh', 'added'],
    ]);
    assert.ok(d.tools[0]!.lines!.some((l) => l.op === 'insert' && l.line.includes('units')));
    assert.ok(d.tools[0]!.lines!.some((l) => l.op === 'equal' && l.line.includes('location')));
    assert.deepEqual(d.inputs.map((i) => [i.name, i.kind]), [
      ['text', 'changed'],
      ['tone', 'removed'],
    ]);
    assert.deepEqual(d.testData, { before: 2, after: 3, added: 2, removed: 1 });
    assert.deepEqual(d.evaluators.map((e) => [e.name, e.kind]), [['mentions', 'changed']]);
  });

  it('the same content is identical, and the text form says so', () => {
    const same = diffPrompts(side('1.0.0', prompt(A)), side('1.0.1', prompt(A.replace('model:', 'version: 1.0.1\nmodel:'))));
    assert.equal(same.identical, true);
    assert.deepEqual(formatDiff(same), ['x 1.0.0 → x 1.0.1', 'Same content (only the version differs).']);
  });

  it('prints a readable text form', () => {
    const text = formatDiff(d).join('\n');
    assert.match(text, /^x 1\.0\.0 → x 2\.0\.0\nmodel: "openai\/gpt-4o-mini" → "anthropic\/claude-haiku-4-5"/);
    assert.match(text, /modelParameters\.seed: added 7/);
    assert.match(text, /message 1 → 2 \(system\): changed\n {4}You answer questions\.\n {2}- Be brief\.\n {2}\+ Be very brief\./);
    assert.match(text, /tool gone: removed/);
    assert.match(text, /testData: 2 → 3 rows \(2 added, 1 removed\)/);
  });

  it('folds long unchanged runs in a line diff', () => {
    const edits: LineEdit[] = [...'abcdefgh'].map((c) => ({ op: 'equal', line: c }));
    const lines = hunk([...edits, { op: 'insert', line: 'z' }]);
    assert.deepEqual(lines, ['    … 6 unchanged lines', '    g', '    h', '  + z']);
  });
});

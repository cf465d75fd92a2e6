import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InputError } from '../../../src/core/errors';
import { loadAnyPrompt } from '../../../src/core/prompts/loadAny';
import type { PromptFile } from '../../../src/core/prompts/promptFile';
import { importPrompty } from '../../../src/core/prompts/prompty';
import { renderPrompt } from '../../../src/core/prompts/render';
import { at, only, rejected, thrown } from './helpers';

const FILE = 'chat.prompty';

function imported(text: string): PromptFile {
  const { prompt, diagnostics } = importPrompty(text, FILE);
  assert.ok(prompt, JSON.stringify(diagnostics, null, 2));
  return prompt;
}

function errorsOf(text: string) {
  const result = importPrompty(text, FILE);
  assert.equal(result.prompt, undefined, 'a file with errors gives no prompt');
  return result.diagnostics;
}

const body = (prompt: PromptFile) => prompt.messages.map((m) => [m.role, m.content]);

describe('importPrompty', () => {
  it('imports a v1 file: azure deployment, parameters, sample, role markers', () => {
    const prompt = imported(
      [
        '---',
        'name: Basic',
        'description: Answers questions',
        'model:',
        '  api: chat',
        '  configuration:',
        '    type: azure_openai',
        '    azure_deployment: gpt-35-turbo',
        '  parameters:',
        '    max_tokens: 128',
        '    temperature: 0.2',
        '    response_format: {type: json_object}',
        'inputs:',
        '  question: {type: string, description: The question}',
        'sample:',
        '  question: What is the meaning of life?',
        '---',
        'system:',
        'You are an AI assistant.',
        '',
        'user:',
        '{{question}}',
        '',
      ].join('\n'),
    );
    assert.equal(prompt.id, 'chat');
    assert.equal(prompt.name, 'Basic');
    assert.equal(prompt.model, 'azure/gpt-35-turbo');
    assert.deepEqual(prompt.modelParameters, { maxTokens: 128, temperature: 0.2 });
    assert.deepEqual(prompt.responseFormat, { type: 'json_object' });
    assert.equal(prompt.inputs?.question?.type, 'string');
    assert.deepEqual(prompt.testData?.map((r) => r.vars), [{ question: 'What is the meaning of life?' }]);
    assert.deepEqual(body(prompt), [['system', 'You are an AI assistant.'], ['user', '{{question}}']]);
  });

  it('imports a v2 file: model id and provider, inputs as a list, tools, # role markers', () => {
    const { prompt, diagnostics } = importPrompty(
      [
        '---',
        'model:',
        '  id: claude-haiku-4-5',
        '  provider: anthropic',
        '  connection: {kind: key, endpoint: https://api.anthropic.com}',
        '  options: {maxTokens: 300, topP: 0.9}',
        'inputs:',
        '  - {name: firstName, kind: string, sample: Jane}',
        '  - {name: count, kind: integer, default: 3}',
        'tools:',
        '  - name: get_weather',
        '    kind: function',
        '    description: Current weather',
        '    parameters:',
        '      city: {kind: string, description: City name, required: true}',
        'template: {format: jinja2, parser: prompty}',
        '---',
        '# system:',
        'Greet {{ firstName }}.',
        '# user:',
        'Give me {{count}} ideas.',
        '',
      ].join('\n'),
      FILE,
    );
    assert.ok(prompt, JSON.stringify(diagnostics));
    assert.equal(prompt.model, 'anthropic/claude-haiku-4-5');
    assert.deepEqual(prompt.modelParameters, { maxTokens: 300, topP: 0.9 });
    assert.deepEqual(prompt.inputs?.count, { type: 'number', default: 3, location: prompt.inputs?.count?.location });
    assert.deepEqual(prompt.testData?.[0]?.vars, { firstName: 'Jane' });
    assert.deepEqual(prompt.tools, [
      {
        name: 'get_weather',
        description: 'Current weather',
        parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'] },
      },
    ]);
    assert.deepEqual(body(prompt), [['system', 'Greet {{ firstName }}.'], ['user', 'Give me {{count}} ideas.']]);
    const connection = only(diagnostics, 'ignored-key');
    assert.equal(connection.severity, 'info');
    assert.deepEqual(at(connection), [5, 3]);
  });

  it('maps openai models and warns when the provider is a guess', () => {
    const model = (front: string) => importPrompty(`---\n${front}\n---\nuser:\nhi\n`, FILE);
    assert.equal(model('model:\n  configuration: {type: openai, name: gpt-4o-mini}').prompt?.model, 'openai/gpt-4o-mini');
    assert.equal(model('model:\n  configuration: {type: azure_openai, name: gpt-4o}').prompt?.model, 'openai/gpt-4o');
    assert.equal(model('model: openai/gpt-4o').prompt?.model, 'openai/gpt-4o');
    const bare = model('model: gpt-4o');
    assert.equal(bare.prompt?.model, 'openai/gpt-4o');
    assert.equal(only(bare.diagnostics, 'unknown-provider').severity, 'warning');
    const custom = model('model: {id: mistral-large, provider: Mistral AI}');
    assert.equal(custom.prompt?.model, 'mistral-ai/mistral-large');
    assert.match(only(custom.diagnostics, 'unknown-provider').message, /imported as mistral-ai\/mistral-large/);
  });

  it('converts the Jinja2 subset to Handlebars that renders the same text', () => {
    const prompt = imported(
      [
        '---',
        'model: openai/gpt-4o-mini',
        '---',
        'user:',
        '{# a comment #}Docs:',
        '{% for doc in documents %}',
        '- {{ doc.title }}{% if doc.draft %} (draft){% elif doc.old %} (old){% else %}{% endif %}',
        '{% else %}',
        'none',
        '{% endfor %}',
        '{% if not quiet %}Reply to {{ user.name }}.{% endif %}',
        '{"a": {{ n }}}',
      ].join('\n'),
    );
    const vars = { documents: [{ title: 'A', draft: true }, { title: 'B', old: true }, { title: 'C' }], quiet: false, user: { name: 'Lee' }, n: 1 };
    assert.deepEqual(renderPrompt(prompt, vars).map((m) => m.content), ['Docs:\n- A (draft)\n- B (old)\n- C\nReply to Lee.\n{"a": 1}']);
    assert.deepEqual(renderPrompt(prompt, { ...vars, documents: [], quiet: true }).map((m) => m.content), ['Docs:\nnone\n\n{"a": 1}']);
  });

  describe('an unsupported Jinja construct is an error at its line and column', () => {
    const cases: Array<[string, string, RegExp, [number, number]]> = [
      ['a filter', 'Hi {{ name | upper }}', /^Jinja filter "upper" is not supported/, [5, 12]],
      ['set', 'x\n  {% set y = 1 %}', /^Jinja \{% set %\} is not supported/, [6, 6]],
      ['macro', '{% macro m() %}{% endmacro %}', /^Jinja \{% macro %\} is not supported/, [5, 4]],
      ['include', '{%- include "other.jinja" -%}', /^Jinja \{% include %\} is not supported/, [5, 5]],
      ['a test', '{% if name is defined %}x{% endif %}', /^Jinja test "is defined" is not supported/, [5, 12]],
      ['an operator', '{{ price * 2 }}', /^Jinja expression "price \* 2" uses operators/, [5, 10]],
      ['a subscript', '{{ user["name"] }}', /uses calls or subscripts/, [5, 8]],
      ['a tuple loop', '{% for k, v in d.items() %}{% endfor %}', /^Only `\{% for item in list %\}` is supported/, [5, 8]],
      ['loop.index', '{% for x in xs %}{{ loop.index }}{% endfor %}', /^Jinja's loop\.index is not supported/, [5, 21]],
      ['an unclosed block', '{% if a %}\nassistant:\n{% endif %}', /^This block is not closed within its message/, [5, 1]],
    ];
    for (const [what, template, message, position] of cases) {
      it(what, () => {
        const diagnostics = errorsOf(`---\nname: t\n---\nuser:\n${template}\n`);
        const d = diagnostics.filter((x) => x.code === 'unsupported-jinja')[0];
        assert.ok(d, JSON.stringify(diagnostics));
        assert.equal(d.severity, 'error');
        assert.match(d.message, message);
        assert.deepEqual(at(d), position);
      });
    }
  });

  it('locates a missing variable of a converted template in the .prompty file', () => {
    const prompt = imported('---\nname: t\n---\nsystem:\nHello.\nuser:\n{% if topic %}About {{ topic }}{% endif %}\nAsk {{  question }} now\n');
    const e = thrown(() => renderPrompt(prompt, { topic: 'x' }));
    assert.equal(e.code, 'missing-variable');
    assert.equal(e.location?.file, FILE);
    assert.deepEqual(at(e), [8, 5]);
  });

  it('reports front matter, role and format problems', () => {
    assert.deepEqual(at(only(errorsOf('---\nname: [a\n---\nuser:\nhi\n'), 'yaml-syntax')), [3, 1]);
    assert.equal(only(errorsOf('---\nname: a\nuser:\nhi\n'), 'prompty-front-matter').severity, 'error');
    const tool = only(errorsOf('---\nname: a\n---\nuser:\nhi\ntool:\nresult\n'), 'unsupported-role');
    assert.deepEqual(at(tool), [6, 1]);
    const format = only(errorsOf('---\ntemplate: {format: f-string}\n---\nuser:\nhi\n'), 'unsupported-template-format');
    assert.deepEqual(at(format), [2, 20]);
    assert.equal(only(errorsOf('---\nname: a\n---\n\n'), 'empty-messages').severity, 'error');
  });

  it('passes mustache templates through unchanged', () => {
    const prompt = imported('---\ntemplate: mustache\n---\nuser:\n{{#if a}}{{b}}{{/if}}\n');
    assert.deepEqual(body(prompt), [['user', '{{#if a}}{{b}}{{/if}}']]);
  });

  it('never throws', () => {
    assert.doesNotThrow(() => importPrompty(undefined as unknown as string, FILE));
  });
});

describe('loadAnyPrompt', () => {
  const examples = path.join(__dirname, '..', '..', '..', 'prompts');

  it('dispatches on the extension', async () => {
    assert.equal((await loadAnyPrompt(path.join(examples, 'summarize.prompt.yml'))).prompt.id, 'summarize');
    const prompty = await loadAnyPrompt(path.join(examples, 'answer-question.prompty'));
    assert.equal(prompty.prompt.model, 'openai/gpt-4o-mini');
  });

  it('throws InputError with the located unsupported-jinja error of a .prompty file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'promptyard-prompty-'));
    try {
      const file = path.join(dir, 'bad.prompty');
      await writeFile(file, '---\nname: bad\n---\nuser:\nHello {{ name|title }}\n');
      const e = await rejected(loadAnyPrompt(file));
      assert.ok(e instanceof InputError);
      assert.equal(e.code, 'unsupported-jinja');
      assert.equal(e.message, 'Jinja filter "title" is not supported; pass the value already formatted as a variable.');
      assert.equal(e.location?.file, file);
      assert.deepEqual(at(e), [5, 14]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects other files with a hint', async () => {
    const e = await rejected(loadAnyPrompt(path.join(examples, 'partials', 'style-guide.md')));
    assert.ok(e instanceof InputError);
    assert.equal(e.code, 'unsupported-file');
    assert.equal(e.hint, 'Prompt files end in .prompt.yml, .prompt.yaml or .prompty; rename the file or pass one of those.');
  });
});

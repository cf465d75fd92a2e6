import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Handlebars from 'handlebars';
import fc from 'fast-check';
import { InputError, PromptyardError } from '../../../src/core/errors';
import { parsePromptFile } from '../../../src/core/prompts/parse';
import { findPartialsDir, loadPartials, partialsFromRecord } from '../../../src/core/prompts/partials';
import type { PromptFile } from '../../../src/core/prompts/promptFile';
import { renderPrompt } from '../../../src/core/prompts/render';
import { RUNTIME_OPTIONS } from '../../../src/core/prompts/handlebarsEnv';
import { planTemplate } from '../../../src/core/prompts/template';
import { at, promptOf, rejected, thrown } from './helpers';

const FILE = 'prompts/t.prompt.yml';

function parsed(text: string): PromptFile {
  const { prompt, diagnostics } = parsePromptFile(text, FILE);
  assert.ok(prompt, JSON.stringify(diagnostics));
  return prompt;
}

function contents(prompt: PromptFile, vars: Record<string, unknown> = {}, partials?: Record<string, string>): string[] {
  return renderPrompt(prompt, vars, partials ? { partials: partialsFromRecord(partials) } : {}).map((m) => m.content);
}

describe('renderPrompt', () => {
  it('renders roles and variables without HTML escaping', () => {
    const prompt = parsed('messages:\n  - role: system\n    content: Be {{tone}}.\n  - role: user\n    content: "<b>{{q}}</b>"\n');
    assert.deepEqual(renderPrompt(prompt, { tone: 'kind', q: 'Tom & "Jerry" <3' }), [
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: '<b>Tom & "Jerry" <3</b>' },
    ]);
  });

  it('applies defaults from inputs; passed values win; undefined counts as not passed', () => {
    const prompt = parsed('inputs:\n  tone: {default: calm}\n  n: {default: 3}\nmessages:\n  - {role: user, content: "{{tone}} {{n}}"}\n');
    assert.deepEqual(contents(prompt), ['calm 3']);
    assert.deepEqual(contents(prompt, { tone: 'loud', n: 0 }), ['loud 0']);
    assert.deepEqual(contents(prompt, { tone: undefined }), ['calm 3']);
  });

  it('renders nested paths, #each with @index and block params, #if / else, #with', () => {
    const prompt = promptOf(
      '{{user.name}}: {{#each items}}{{@index}}={{this}} {{/each}}',
      '{{#if vip}}VIP{{else}}regular{{/if}} {{#each orders as |o|}}[{{o.id}} for {{../user.name}}]{{/each}}',
      '{{#with user}}{{name}} ({{age}}){{/with}}',
    );
    const vars = { user: { name: 'Ada', age: 36 }, items: ['a', 'b'], vip: false, orders: [{ id: 7 }] };
    assert.deepEqual(contents(prompt, vars), ['Ada: 0=a 1=b ', 'regular [7 for Ada]', 'Ada (36)']);
  });

  it('renders numbers, booleans, null and lists the way Handlebars does', () => {
    const prompt = promptOf('{{a}}|{{b}}|{{c}}|{{d}}|{{e}}');
    assert.deepEqual(contents(prompt, { a: 0, b: false, c: null, d: [1, 2], e: 1.5 }), ['0|false||1,2|1.5']);
  });

  describe('a missing variable is an InputError at the {{var}} in the file', () => {
    const cases: Array<[string, string, [number, number]]> = [
      ['plain scalar', 'messages:\n  - role: user\n    content: Hello {{name}}, welcome\n', [3, 20]],
      ['double-quoted with escapes', 'messages:\n  - role: user\n    content: "Tab\\there \\"{{name}}\\""\n', [3, 27]],
      ["single-quoted with ''", "messages:\n  - role: user\n    content: 'It''s {{ name }}'\n", [3, 21]],
      ['literal block', 'messages:\n  - role: user\n    content: |\n      First line\n        indented {{name}} here\n', [5, 18]],
      ['folded block', 'messages:\n  - role: user\n    content: >-\n      One\n      two\n\n      three {{name}}\n', [7, 13]],
      ['plain multi-line', 'messages:\n  - role: user\n    content: one\n      two {{name}}\n', [4, 11]],
    ];
    for (const [style, text, position] of cases) {
      it(style, () => {
        const e = thrown(() => renderPrompt(parsed(text), {}));
        assert.ok(e instanceof InputError);
        assert.equal(e.code, 'missing-variable');
        assert.equal(e.message, 'Variable "name" is not set (message 1 (user)).');
        assert.equal(e.hint, 'Pass it with --var name=value or add "name" to inputs with a default.');
        assert.deepEqual(at(e), position);
        assert.equal(e.location?.file, FILE);
      });
    }
  });

  it('locates a missing object read through a helper argument', () => {
    const prompt = parsed('messages:\n  - role: user\n    content: "{{#if user.vip}}VIP{{/if}} {{name}}"\n');
    const e = thrown(() => renderPrompt(prompt, { name: 'x' }));
    assert.equal(e.code, 'missing-variable');
    assert.equal(e.message, 'Variable "user" is not set (message 1 (user)).');
    assert.deepEqual(at(e), [3, 21]);
  });

  it('says when a field is missing on a list item', () => {
    const prompt = parsed('messages:\n  - role: user\n    content: "{{#each rows}}{{title}}{{/each}}"\n');
    const e = thrown(() => renderPrompt(prompt, { rows: [{ title: 'a' }, {}] }));
    assert.equal(e.code, 'missing-variable');
    assert.match(e.message, /^"title" is not set on the current item of an \{\{#each\}\} or \{\{#with\}\} block/);
    assert.deepEqual(at(e), [3, 29]);
  });

  it('reports a Handlebars syntax error with its location', () => {
    const prompt: PromptFile = {
      id: 'x',
      file: 'x.prompt.yml',
      messages: [{ role: 'user', content: 'Hi\n{{#if a}}x{{/each}}', location: { file: 'x.prompt.yml', line: 10, column: 5 } }],
    };
    const e = thrown(() => renderPrompt(prompt, { a: 1 }));
    assert.ok(e instanceof InputError);
    assert.equal(e.code, 'template-syntax');
    assert.equal(
      e.message,
      'Handlebars syntax error: {{/each}} closes a {{#if}} block; close blocks in the reverse order they were opened. (message 1 (user))',
    );
    assert.deepEqual(at(e), [11, 4]);
  });

  it('rejects helpers that do not exist, including log (which would write to the console)', () => {
    for (const [content, name] of [['{{shout name}}', 'shout'], ['{{log "hello"}}', 'log']] as const) {
      const e = thrown(() => renderPrompt(promptOf(content), { name: 'x' }));
      assert.equal(e.code, 'unknown-helper');
      assert.match(e.message, new RegExp(`^Unknown helper "${name}"`));
    }
  });

  it('keeps prototype access denied and never logs to the console', () => {
    const calls: unknown[] = [];
    const saved = { log: console.log, warn: console.warn, error: console.error };
    console.log = console.warn = console.error = (...args: unknown[]) => void calls.push(args);
    try {
      const prompt = promptOf('[{{user.constructor}}][{{user.__proto__}}][{{#with user}}{{toString}}{{/with}}]');
      assert.deepEqual(contents(prompt, { user: { name: 'a' } }), ['[][][]']);
    } finally {
      Object.assign(console, saved);
    }
    assert.deepEqual(calls, []);
  });

  it('keeps a __proto__ key of the variables a plain value', () => {
    const vars = JSON.parse('{"__proto__": {"polluted": "yes"}, "x": "ok"}') as Record<string, unknown>;
    assert.deepEqual(contents(promptOf('{{x}}'), vars), ['ok']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const e = thrown(() => contents(promptOf('{{polluted}}'), vars));
    assert.equal(e.code, 'missing-variable');
  });

  it('turns any other failure into a typed error', () => {
    const hostile = { toString: () => { throw new Error('boom'); } };
    const e = thrown(() => contents(promptOf('{{x}}'), { x: hostile }));
    assert.ok(e instanceof PromptyardError);
    assert.equal(e.code, 'render-failed');
    assert.match(e.message, /boom/);
  });

  it('joins adjacent values as text, where Handlebars with noEscape would add them', () => {
    assert.equal(Handlebars.create().compile('{{a}}{{b}}', { noEscape: true })({ a: 1, b: 2 }), '3');
    assert.deepEqual(contents(promptOf('{{a}}{{b}}', '{{a}}{{b}}{{#if c}}!{{/if}}'), { a: 1, b: 2, c: true }), ['12', '12!']);
  });

  describe('the fast path for plain {{name}} templates', () => {
    const name = fc.constantFrom('a', 'b', 'c');
    const piece = fc.oneof(
      fc.string({ maxLength: 6 }).map((s) => s.replace(/[{}\\]/g, '')),
      name.map((n) => `{{${n}}}`),
      name.map((n) => `{{ ${n} }}`),
      name.map((n) => `{{~${n}~}}`),
      fc.constant('{{! note }}'),
      fc.constant(' \n '),
    );
    const template = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(''));

    it('renders exactly what the compiled Handlebars template renders', () => {
      const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
      fc.assert(
        fc.property(template, fc.record({ a: value, b: value, c: value }), (text, vars) => {
          const plan = planTemplate(text);
          assert.ok(plan.parts, 'such a template takes the fast path');
          assert.equal(contents(promptOf(text), vars)[0], plan.render(vars, RUNTIME_OPTIONS));
        }),
        { numRuns: 300 },
      );
    });

    it('matches stock Handlebars for string values', () => {
      const reference = Handlebars.create();
      fc.assert(
        fc.property(template, fc.record({ a: fc.string(), b: fc.string(), c: fc.string() }), (text, vars) => {
          const expected = reference.compile(text, { noEscape: true, strict: true })(vars);
          assert.equal(contents(promptOf(text), vars)[0], expected);
        }),
        { numRuns: 200 },
      );
    });
  });
});

describe('partials', () => {
  let root = '';
  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'promptyard-partials-'));
    await mkdir(path.join(root, 'prompts', 'partials'), { recursive: true });
    await mkdir(path.join(root, 'prompts', 'team', 'deep'), { recursive: true });
    await writeFile(path.join(root, 'prompts', 'partials', 'tone.md'), 'Be {{tone}}.\n');
    await writeFile(path.join(root, 'prompts', 'partials', 'sign.txt'), 'Signed, {{signer}}');
    await writeFile(path.join(root, 'prompts', 'partials', 'ignored.json'), '{}');
    await mkdir(path.join(root, 'other'));
    await writeFile(path.join(root, 'other', 'loop.hbs'), 'again {{> loop}}');
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('finds the nearest prompts/partials walking up from the prompt file', async () => {
    const file = path.join(root, 'prompts', 'team', 'deep', 'x.prompt.yml');
    assert.equal(await findPartialsDir(file), path.join(root, 'prompts', 'partials'));
    const partials = await loadPartials({ fromFile: file });
    assert.deepEqual([...partials.partials.keys()], ['sign', 'tone']);
    const prompt = promptOf('Intro\n{{> tone}}\n{{> sign}}');
    assert.deepEqual(renderPrompt(prompt, { tone: 'brief', signer: 'Ann' }, { partials }).map((m) => m.content), [
      'Intro\nBe brief.\nSigned, Ann',
    ]);
  });

  it('loads an explicit folder and fails clearly when it does not exist', async () => {
    const partials = await loadPartials({ dir: path.join(root, 'prompts', 'partials') });
    assert.equal(partials.partials.size, 2);
    const e = await rejected(loadPartials({ dir: path.join(root, 'nope') }));
    assert.equal(e.code, 'missing-partials-dir');
  });

  it('reports an undefined partial at its {{> name}} in the file', () => {
    const prompt = parsed('messages:\n  - role: system\n    content: |\n      Rules:\n        {{> rules}}\n');
    const e = thrown(() => renderPrompt(prompt, {}, { partials: partialsFromRecord({ tone: 'x' }) }));
    assert.ok(e instanceof InputError);
    assert.equal(e.code, 'missing-partial');
    assert.equal(e.message, 'Partial "rules" is not defined (message 1 (system)). Known partials: tone.');
    assert.match(e.hint ?? '', /^Create prompts\/partials\/rules\.hbs \(or \.md, \.txt\)/);
    assert.deepEqual(at(e), [5, 9]);
  });

  it('locates a missing variable inside a partial in the partial file', async () => {
    const partials = await loadPartials({ dir: path.join(root, 'prompts', 'partials') });
    const e = thrown(() => renderPrompt(promptOf('x\n{{> sign}}'), {}, { partials }));
    assert.equal(e.code, 'missing-variable');
    assert.equal(e.location?.file, path.join(root, 'prompts', 'partials', 'sign.txt'));
    assert.deepEqual(at(e), [1, 9]);
    assert.match(e.message, /\(partial "sign"\)/);
  });

  it('reports a partial that includes itself', async () => {
    const partials = await loadPartials({ dir: path.join(root, 'other') });
    const e = thrown(() => renderPrompt(promptOf('{{> loop}}'), {}, { partials }));
    assert.equal(e.code, 'partial-cycle');
    assert.equal(e.message, 'Partial "loop" includes itself: loop → loop.');
    assert.equal(e.location?.file, path.join(root, 'other', 'loop.hbs'));
    assert.deepEqual(at(e), [1, 7]);
  });

  it('rejects two partials with the same name', async () => {
    const dir = path.join(root, 'dupes');
    await mkdir(dir);
    await writeFile(path.join(dir, 'a.md'), 'x');
    await writeFile(path.join(dir, 'a.txt'), 'y');
    const e = await rejected(loadPartials({ dir }));
    assert.equal(e.code, 'duplicate-partial');
  });
});

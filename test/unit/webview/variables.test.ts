// `{{variables}}` detected as the user types: a table of templates, half-typed ones, and agreement with the
// engine's AST-based listVariables on every template that parses.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planTemplate } from '../../../src/core/prompts/template';
import { listVariables } from '../../../src/core/prompts/variables';
import { findDraftVariables, findVariables } from '../../../webview-ui/src/draft/variables';
import { promptOf } from '../prompts/helpers';

const TABLE: Array<[string, string[]]> = [
  ['Hello {{name}}', ['name']],
  ['{{ name }} and {{name}}', ['name']],
  ['{{user.name}} {{user.email}}', ['user']],
  ['{{user/name}}', ['user']],
  ['{{{raw}}} {{&amp}}', ['raw', 'amp']],
  ['{{~trimmed~}}', ['trimmed']],
  ['{{#if premium}}VIP{{else}}{{fallback}}{{/if}}', ['premium', 'fallback']],
  ['{{#unless quiet}}{{loud}}{{/unless}}', ['quiet', 'loud']],
  ['{{#each items}}{{name}} {{@index}} {{this}} {{../owner}}{{/each}}', ['items', 'owner']],
  ['{{#each rows as |row i|}}{{row.title}} {{i}} {{itemField}}{{/each}}', ['rows']],
  ['{{#with profile}}{{bio}}{{/with}} {{after}}', ['profile', 'after']],
  ['{{#if (lookup flags "beta")}}x{{/if}}', ['flags']],
  ['{{uppercase title}} {{lookup}}', ['title']],
  ['{{#people}}{{name}}{{/people}}{{^people}}{{fallback}}{{/people}}', ['people', 'fallback']],
  ['{{@root.tenant.id}} {{this.direct}} {{./dotted}} {{@index}}', ['tenant', 'direct', 'dotted']],
  ['{{> header title="Welcome"}} {{> card person}}', ['person']],
  ['{{!comment {{inside}} }} {{!-- block {{hidden}} --}} {{shown}}', ['shown']],
  ['\\{{escaped}} {{real}}', ['real']],
  ['{{{{raw}}}} {{not_a_var}} {{{{/raw}}}} {{after}}', ['after']],
  ['{{format amount currency=code}}', ['amount', 'code']],
  ['{{#each list}}{{else}}{{empty_text}}{{/each}}', ['list', 'empty_text']],
  ['{{#if a}}{{else if b}}{{c}}{{/if}}', ['a', 'b', 'c']],
  ['{{"literal"}} {{42}} {{true}}', []],
  ['{{user-name}}', ['user-name']],
  ['no variables here', []],
];

describe('webview variable detection', () => {
  for (const [template, expected] of TABLE) {
    it(`${template} → [${expected.join(', ')}]`, () => {
      assert.deepEqual(findVariables(template), expected);
    });
  }

  it('finds what is there while the user is still typing', () => {
    assert.deepEqual(findVariables('Hi {{na'), []);
    assert.deepEqual(findVariables('Hi {{name}} and {{#if vip}}'), ['name', 'vip']);
    assert.deepEqual(findVariables('{{#each items}}{{title}}'), ['items'], 'an unclosed #each still scopes its body');
    assert.deepEqual(findVariables('{{!-- open comment {{x}}'), []);
    assert.deepEqual(findVariables('{{/if}}{{stray}}'), ['stray']);
  });

  it('collects across messages and the B variant, in order of first use', () => {
    const a = [
      { role: 'system' as const, content: '{{tone}}' },
      { role: 'user' as const, content: '{{question}} {{tone}}' },
    ];
    const b = [{ role: 'user' as const, content: '{{question}} {{extra}}' }];
    assert.deepEqual(findDraftVariables(a, b), ['tone', 'question', 'extra']);
  });

  it('agrees with the engine on every template of the table that parses', () => {
    for (const [template] of TABLE) {
      if (template.includes('{{na') || template.includes('{{{{raw')) continue;
      const engine = listVariables(promptOf(template)).map((v) => v.name);
      assert.deepEqual(findVariables(template), engine, template);
    }
  });

  it('agrees with the engine on generated templates', () => {
    const piece = fc.constantFrom(
      'text ', '{{a}}', '{{ b.c }}', '{{{d}}}', '{{#if e}}', '{{/if}}', '{{else}}', '{{#each f}}', '{{/each}}', '{{g}}',
      '{{../h}}', '{{@root.i}}', '{{#with j}}', '{{/with}}', '{{k l}}', '{{#each m as |n|}}', '{{n.o}}', '{{! c }}', '{{this.p}}', '{{@index}}',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const template = pieces.join('');
        fc.pre(planTemplate(template).ast !== undefined);
        assert.deepEqual(findVariables(template), listVariables(promptOf(template)).map((v) => v.name), template);
      }),
      { numRuns: 400, seed: 20261204 },
    );
  });
});

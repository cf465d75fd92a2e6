import assert from 'node:assert/strict';
import { parsePromptFile } from '../../../src/core/prompts/parse';
import { partialsFromRecord } from '../../../src/core/prompts/partials';
import type { PromptFile } from '../../../src/core/prompts/promptFile';
import { listVariables } from '../../../src/core/prompts/variables';
import { promptOf } from './helpers';

function names(prompt: PromptFile, partials?: Record<string, string>): string[] {
  return listVariables(prompt, partials ? { partials: partialsFromRecord(partials) } : {}).map((v) => v.name);
}

describe('listVariables', () => {
  it('lists top-level path roots once, in order of first use', () => {
    assert.deepEqual(names(promptOf('{{user.name}} {{ topic }} {{user.email}}', '{{topic}} {{{raw}}} {{&amp}}')), ['user', 'topic', 'raw', 'amp']);
  });

  it('ignores this, @data, block params, helper names and paths relative to a list item', () => {
    const prompt = promptOf(
      '{{#each items}}{{name}} {{@index}} {{this}} {{../owner}}{{/each}}',
      '{{#each rows as |row i|}}{{row.title}} {{i}} {{itemField}}{{/each}}',
      '{{#if (lookup flags "beta")}}{{#unless quiet}}{{#with profile}}{{bio}}{{/with}}{{/unless}}{{/if}}',
      '{{@root.tenant.id}} {{this.direct}} {{./dotted}}',
    );
    assert.deepEqual(names(prompt), ['items', 'owner', 'rows', 'flags', 'quiet', 'profile', 'tenant', 'direct', 'dotted']);
  });

  it('treats a section {{#list}}…{{/list}} as a context change', () => {
    assert.deepEqual(names(promptOf('{{#people}}{{name}}{{/people}}{{^people}}{{fallback}}{{/people}}')), ['people', 'fallback']);
  });

  it('follows partials when they are given, in the context they receive', () => {
    const partials = { header: 'Hello {{user}}, {{title}}', card: '{{name}} ({{../team}})' };
    assert.deepEqual(names(promptOf('{{> header title="Welcome"}}'), partials), ['user']);
    assert.deepEqual(names(promptOf('{{> card person}}'), partials), ['person', 'team']);
    assert.deepEqual(names(promptOf('{{> header}}')), []);
  });

  it('gives locations in the file and required/default from inputs', () => {
    const text = [
      'inputs:',
      '  tone: {type: string, default: calm, description: Voice}',
      '  audience: {required: false}',
      '  unused: {type: number}',
      'messages:',
      '  - role: system',
      '    content: |',
      '      Be {{tone}} with {{audience}}.',
      '  - role: user',
      '    content: "{{question}} ({{tone}})"',
      '',
    ].join('\n');
    const { prompt } = parsePromptFile(text, 'v.prompt.yml');
    assert.ok(prompt);
    const vars = listVariables(prompt);
    assert.deepEqual(
      vars.map((v) => [v.name, v.required, v.defaultValue, v.locations.map((l) => `${l.line}:${l.column}-${l.endLine}:${l.endColumn}`)]),
      [
        ['tone', false, 'calm', ['8:10-8:18', '10:29-10:37']],
        ['audience', false, undefined, ['8:24-8:36']],
        ['question', true, undefined, ['10:15-10:27']],
        ['unused', true, undefined, []],
      ],
    );
    assert.equal(vars[0]?.description, 'Voice');
    assert.equal(vars[3]?.type, 'number');
  });

  it('skips messages whose template does not parse', () => {
    assert.deepEqual(names(promptOf('{{#if}}', '{{ok}}')), ['ok']);
  });
});

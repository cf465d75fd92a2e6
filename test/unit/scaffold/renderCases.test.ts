// templates/shared/render-cases.json, rendered by the core engine: every stack's own tests render the same
// cases with its own Handlebars, so a prompt renders to the same messages in the editor, the CLI and every
// generated service.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePromptFile } from '../../../src/core/prompts/parse';
import { partialsFromRecord } from '../../../src/core/prompts/partials';
import { renderPrompt } from '../../../src/core/prompts/render';

interface RenderCase {
  name: string;
  template: string;
  variables: Record<string, unknown>;
  expected: string;
  partials?: Record<string, string>;
}

const FILE = path.resolve(__dirname, '../../../templates/shared/render-cases.json');
const cases = JSON.parse(readFileSync(FILE, 'utf8')) as RenderCase[];

function render(c: RenderCase): string {
  const { prompt, diagnostics } = parsePromptFile(JSON.stringify({ messages: [{ role: 'user', content: c.template }] }), 'case.prompt.yml');
  assert.ok(prompt, JSON.stringify(diagnostics));
  return renderPrompt(prompt, c.variables, c.partials ? { partials: partialsFromRecord(c.partials) } : {})[0]!.content;
}

describe('shared render cases (templates/shared/render-cases.json)', () => {
  it('at least 20 well-formed cases with unique names', () => {
    assert.ok(cases.length >= 20, `${cases.length} cases`);
    assert.equal(new Set(cases.map((c) => c.name)).size, cases.length, 'names are unique');
    for (const c of cases) {
      assert.deepEqual(Object.keys(c).filter((k) => !['name', 'template', 'variables', 'expected', 'partials'].includes(k)), [], c.name);
      assert.equal(typeof c.template, 'string', c.name);
      assert.equal(typeof c.expected, 'string', c.name);
      assert.ok(c.variables && typeof c.variables === 'object' && !Array.isArray(c.variables), c.name);
    }
  });

  it('cover every construct the stacks must agree on', () => {
    const all = cases.map((c) => c.template).join('\n');
    for (const construct of ['{{#if', '{{else}}', '{{#unless', '{{#each', '@index', '@key', '{{#with', '../', '{{~', '~}}', '{{!--', '{{! ', '{{{', '{{>', '\\{{']) {
      assert.ok(all.includes(construct), construct);
    }
    assert.ok(cases.some((c) => /[^\p{ASCII}]/u.test(c.template) && /[^\p{ASCII}]/u.test(JSON.stringify(c.variables))), 'unicode in templates and values');
    assert.ok(cases.some((c) => /\.\w+\.\w+/.test(c.template)), 'nested paths');
  });

  for (const c of cases) {
    it(c.name, () => {
      assert.equal(render(c), c.expected);
    });
  }
});

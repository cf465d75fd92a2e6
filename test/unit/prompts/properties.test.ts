// Whatever the input, parsing never throws and rendering throws nothing but PromptyardError.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { PromptyardError } from '../../../src/core/errors';
import { parsePromptFile } from '../../../src/core/prompts/parse';
import type { PromptFile } from '../../../src/core/prompts/promptFile';
import { importPrompty } from '../../../src/core/prompts/prompty';
import { partialsFromRecord } from '../../../src/core/prompts/partials';
import { renderPrompt } from '../../../src/core/prompts/render';
import { listVariables } from '../../../src/core/prompts/variables';
import type { Diagnostic } from '../../../src/shared/types';

const RUNS = { numRuns: 400 };

/** Templates made of the pieces that matter to Handlebars and Jinja, glued in any order. */
const templateText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '{{', '}}', '{{{', '}}}', '{{#if ', '{{/if}}', '{{#each ', '{{/each}}', '{{else}}', '{{> ', '{{#>', '{{!', '--}}',
        '{{~', '~}}', 'a', 'b.c', '../', '@index', '@root.a', 'this', ' as |x|', '"', "'", '(', ')', '=', ' ', '\n', '\\',
        '{%', '%}', '{% if a %}', '{% endif %}', '{% for x in a %}', '{% endfor %}', '{#', '#}', '|', 'loop.index', 'lookup',
        'system:', 'user:', '# assistant:', '---',
      ),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 14 },
  )
  .map((pieces) => pieces.join(''));

const variables = fc.dictionary(fc.constantFrom('a', 'b', 'x', 'this', 'constructor', '__proto__', 'toString'), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });

function checkDiagnostics(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) {
    assert.ok(['error', 'warning', 'info'].includes(d.severity));
    assert.ok(d.code && d.message);
    assert.notEqual(d.code, 'internal-error', `an unexpected exception was caught: ${d.message}`);
    if (d.location) assert.ok(d.location.line >= 1 && d.location.column >= 1, JSON.stringify(d));
  }
}

function expectTypedOrNothing(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof PromptyardError, `threw ${e instanceof Error ? e.stack : String(e)}`);
    checkDiagnostics((e as { diagnostics?: Diagnostic[] }).diagnostics ?? []);
  }
}

describe('properties of the prompt engine', () => {
  it('parsePromptFile never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        checkDiagnostics(parsePromptFile(text, 'x.prompt.yml').diagnostics);
      }),
      RUNS,
    );
  });

  it('parsePromptFile never throws on arbitrary YAML documents', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.object()), (value) => {
        checkDiagnostics(parsePromptFile(stringify(value), 'x.prompt.yml').diagnostics);
      }),
      RUNS,
    );
  });

  it('parsePromptFile never throws on prompt-shaped YAML with random values', () => {
    const anything = fc.oneof(fc.jsonValue({ maxDepth: 2 }), templateText);
    const shaped = fc.record(
      {
        name: anything,
        model: fc.oneof(fc.constant('openai/gpt-4o'), anything),
        modelParameters: fc.oneof(fc.dictionary(fc.constantFrom('temperature', 'maxTokens', 'stop', 'topP', 'x'), anything), anything),
        responseFormat: fc.oneof(fc.constantFrom('text', 'json_schema'), anything),
        jsonSchema: anything,
        messages: fc.oneof(fc.array(fc.record({ role: fc.oneof(fc.constantFrom('user', 'system'), anything), content: fc.oneof(templateText, anything) }, { requiredKeys: [] })), anything),
        inputs: fc.oneof(fc.dictionary(fc.string(), fc.record({ type: anything, default: anything, required: anything }, { requiredKeys: [] })), anything),
        tools: anything,
        testData: fc.oneof(fc.array(fc.dictionary(fc.constantFrom('a', 'expected', 'assert'), anything)), anything),
        evaluators: fc.oneof(fc.array(fc.dictionary(fc.constantFrom('name', 'string', 'llm', 'uses'), anything)), anything),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(shaped, (value) => {
        const result = parsePromptFile(stringify(value), 'x.prompt.yml');
        checkDiagnostics(result.diagnostics);
        if (result.prompt) expectTypedOrNothing(() => listVariables(result.prompt!));
      }),
      RUNS,
    );
  });

  it('importPrompty never throws on arbitrary text or random front matter and body', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        checkDiagnostics(importPrompty(text, 'x.prompty').diagnostics);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), templateText, (front, body) => {
        const result = importPrompty(`---\n${stringify(front)}---\n${body}`, 'x.prompty');
        checkDiagnostics(result.diagnostics);
        if (result.prompt) expectTypedOrNothing(() => renderPrompt(result.prompt!, {}));
      }),
      RUNS,
    );
  });

  it('renderPrompt throws nothing but PromptyardError for random templates, variables and partials', () => {
    fc.assert(
      fc.property(fc.array(templateText, { minLength: 1, maxLength: 3 }), variables, templateText, (contents, vars, partial) => {
        const prompt: PromptFile = { id: 'p', file: 'p.prompt.yml', messages: contents.map((content) => ({ role: 'user', content })) };
        expectTypedOrNothing(() => renderPrompt(prompt, vars, { partials: partialsFromRecord({ a: partial, x: '{{> a}}' }) }));
        expectTypedOrNothing(() => listVariables(prompt, { partials: partialsFromRecord({ a: partial }) }));
      }),
      RUNS,
    );
  });
});

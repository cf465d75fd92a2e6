import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { parsePromptFile } from '../../../src/core/prompts/parse';
import { BUILTIN_EVALUATORS, isPromptFileName, type Evaluator, type PromptFile } from '../../../src/core/prompts/promptFile';
import { importPrompty } from '../../../src/core/prompts/prompty';
import { serializePromptFile } from '../../../src/core/prompts/serialize';
import { withoutLocations } from './helpers';

const examples = path.join(__dirname, '..', '..', '..', 'prompts');

function roundTrip(prompt: PromptFile): PromptFile {
  const text = serializePromptFile(prompt);
  const again = parsePromptFile(text, prompt.file);
  assert.ok(again.prompt, `${text}\n${JSON.stringify(again.diagnostics, null, 2)}`);
  assert.deepEqual(again.diagnostics, []);
  return again.prompt;
}

describe('serializePromptFile', () => {
  const exampleFiles = [
    ...readdirSync(examples).filter(isPromptFileName),
    ...readdirSync(path.join(examples, 'evals')).filter(isPromptFileName).map((f) => path.join('evals', f)),
  ];
  for (const file of exampleFiles) {
    it(`round-trips the example ${file}`, () => {
      const { prompt } = parsePromptFile(readFileSync(path.join(examples, file), 'utf8'), file);
      assert.ok(prompt);
      assert.deepEqual(withoutLocations(roundTrip(prompt)), withoutLocations(prompt));
    });
  }

  it('round-trips an imported .prompty file', () => {
    const { prompt } = importPrompty(readFileSync(path.join(examples, 'answer-question.prompty'), 'utf8'), 'answer-question.prompty');
    assert.ok(prompt);
    const again = roundTrip({ ...prompt, file: 'answer-question.prompt.yml' });
    assert.deepEqual(withoutLocations(again), withoutLocations({ ...prompt, file: 'answer-question.prompt.yml' }));
  });

  it('writes jsonSchema as the JSON string gh models reads, and tools in the long form', () => {
    const prompt: PromptFile = {
      id: 'other-id',
      file: 'x.prompt.yml',
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
      tools: [{ name: 'f', parameters: { type: 'object', properties: {} } }],
      messages: [{ role: 'user', content: 'hi' }],
    };
    const doc = parse(serializePromptFile(prompt)) as Record<string, unknown>;
    assert.equal(doc.responseFormat, 'json_schema');
    assert.equal(typeof doc.jsonSchema, 'string');
    assert.deepEqual(JSON.parse(doc.jsonSchema as string), { name: 'answer', schema: { type: 'object' }, strict: true });
    assert.deepEqual(doc.tools, [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }]);
    assert.equal(doc.id, 'other-id');
    assert.equal((parse(serializePromptFile({ ...prompt, id: 'x' })) as Record<string, unknown>).id, undefined, 'an id equal to the file name is not written');
  });

  it('round-trips generated prompts', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 });
    const template = text.map((s) => s.replace(/[{}]/g, ''));
    const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
    const evaluator: fc.Arbitrary<Evaluator> = fc.oneof(
      fc.record({ name: text, uses: fc.constantFrom(...BUILTIN_EVALUATORS) }),
      fc.record({ name: text, string: fc.record({ contains: text, startsWith: text }, { requiredKeys: ['contains'] }) }),
      fc.record({
        name: text,
        llm: fc.record({ modelId: fc.constant('openai/gpt-4o-mini'), prompt: text, choices: fc.array(fc.record({ choice: text, score: fc.integer() }), { minLength: 1, maxLength: 3 }) }),
      }),
    );
    const prompt: fc.Arbitrary<PromptFile> = fc.record(
      {
        id: fc.constant('gen'),
        file: fc.constant('gen.prompt.yml'),
        name: text,
        description: text,
        version: fc.constantFrom('1.0.0', '0.2.1-beta.1'),
        model: fc.constantFrom('openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5', 'openrouter/meta-llama/llama-3.1-8b'),
        modelParameters: fc.record(
          { maxTokens: fc.integer({ min: 1, max: 4096 }), temperature: fc.double({ min: 0, max: 2, noNaN: true }), stop: fc.array(text, { maxLength: 2 }), seed: fc.integer() },
          { requiredKeys: [] },
        ),
        messages: fc.array(fc.record({ role: fc.constantFrom('system' as const, 'user' as const, 'assistant' as const), content: template }), { minLength: 1, maxLength: 4 }),
        inputs: fc.dictionary(name, fc.record({ type: fc.constant('string' as const), description: text, default: text, required: fc.boolean(), trusted: fc.boolean() }, { requiredKeys: [] }), { maxKeys: 3 }),
        testData: fc.array(
          fc.record({ vars: fc.dictionary(name, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), expected: text, assert: fc.array(fc.record({ type: text, value: text, threshold: fc.double({ noNaN: true, noDefaultInfinity: true }) }, { requiredKeys: ['type'] }), { maxLength: 2 }) }, { requiredKeys: ['vars'] }),
          { maxLength: 3 },
        ),
        evaluators: fc.uniqueArray(evaluator, { maxLength: 3, selector: (e) => e.name }),
      },
      { requiredKeys: ['id', 'file', 'messages'] },
    );
    fc.assert(
      fc.property(prompt, (p) => {
        assert.deepEqual(withoutLocations(roundTrip(p)), withoutLocations(p));
      }),
      { numRuns: 300 },
    );
  });
});

// The test LLM server's deterministic "model": replies, token counts and JSON schema instances.
import assert from 'node:assert/strict';
import Ajv from 'ajv/dist/2020';
import fc from 'fast-check';
import { countTokens, instanceOf, planReply, prng, type NeutralRequest } from '../../support/llmServerReplies';

const ajv = new Ajv({ strict: false });

const SCHEMAS: Record<string, object> = {
  primitives: {
    type: 'object',
    properties: {
      s: { type: 'string', minLength: 12, maxLength: 14 },
      i: { type: 'integer', minimum: 5, maximum: 9, multipleOf: 3 },
      n: { type: 'number', exclusiveMinimum: 1.5 },
      b: { type: 'boolean' },
      z: { type: 'null' },
      maybe: { type: ['string', 'null'] },
    },
    required: ['s', 'i', 'n', 'b', 'z', 'maybe'],
    additionalProperties: false,
  },
  formatsAndEnums: {
    type: 'object',
    properties: {
      when: { type: 'string', format: 'date-time' },
      mail: { type: 'string', format: 'email' },
      id: { type: 'string', format: 'uuid' },
      color: { enum: ['red', 'green'] },
      fixed: { const: 42 },
    },
    required: ['when', 'mail', 'id', 'color', 'fixed'],
  },
  arrays: {
    type: 'array',
    minItems: 3,
    uniqueItems: true,
    items: { type: 'object', properties: { tag: { type: 'string' } }, required: ['tag'] },
  },
  uniqueStrings: { type: 'array', items: { type: 'string' }, minItems: 4, uniqueItems: true },
  tuple: { type: 'array', prefixItems: [{ type: 'integer' }, { type: 'string' }], items: false },
  refsAndCombinators: {
    $defs: { point: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } }, required: ['x', 'y'] } },
    type: 'object',
    properties: {
      a: { $ref: '#/$defs/point' },
      b: { anyOf: [{ type: 'integer', minimum: 10 }, { type: 'string' }] },
      c: { oneOf: [{ type: 'boolean' }, { type: 'null' }] },
      d: { allOf: [{ type: 'object', properties: { p: { type: 'string' } }, required: ['p'] }, { properties: { q: { type: 'integer' } }, required: ['q'] }] },
    },
    required: ['a', 'b', 'c', 'd'],
  },
  emptyObject: { type: 'object', additionalProperties: false },
};

function request(overrides: Partial<NeutralRequest> = {}): NeutralRequest {
  return {
    model: 'm',
    texts: ['hello there general kenobi'],
    lastUserText: 'hello there general kenobi',
    tools: [],
    toolChoice: 'auto',
    format: { type: 'text' },
    cacheHint: false,
    seedKey: 'k',
    ...overrides,
  };
}

describe('test LLM server replies', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`generates a valid instance: ${name}`, () => {
      const value = instanceOf(schema, prng(7));
      assert.ok(ajv.validate(schema, value), `${JSON.stringify(value)}: ${ajv.errorsText()}`);
    });
  }

  it('generates valid instances for random flat object schemas', () => {
    const prop = fc.oneof(
      fc.record({ type: fc.constant('string'), minLength: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ type: fc.constant('integer'), minimum: fc.integer({ min: -50, max: 50 }) }),
      fc.record({ type: fc.constant('number'), maximum: fc.integer({ min: -50, max: 50 }) }),
      fc.record({ enum: fc.array(fc.string(), { minLength: 1, maxLength: 3 }) }),
      fc.record({ type: fc.constant('array'), items: fc.constant({ type: 'boolean' }), minItems: fc.integer({ min: 0, max: 4 }) }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), prop, { maxKeys: 6 }), fc.integer(), (properties, seed) => {
        const schema = { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
        return ajv.validate(schema, instanceOf(schema, prng(seed)));
      }),
      { numRuns: 200 },
    );
  });

  it('replies deterministically, quoting the last user message', () => {
    const a = planReply(request(), 0);
    assert.deepEqual(planReply(request(), 0), a);
    assert.match(a.text, /^You said: "hello there general kenobi"\./);
    assert.notEqual(planReply(request({ seedKey: 'other' }), 0).text, a.text);
    assert.notEqual(planReply(request(), 1).text, a.text, 'the server seed changes the reply');
    assert.deepEqual(a.usage, { input: 4, cached: 0, output: countTokens(a.text) });
  });

  it('reports half the input as cached when asked to', () => {
    assert.equal(planReply(request({ texts: ['a b c d e f g h [cache]'] }), 0).usage.cached, 4);
    assert.equal(planReply(request({ cacheHint: true }), 0).usage.cached, 2);
  });

  it('calls the requested tool, or the first, unless told not to or answering a tool result', () => {
    const tools = [
      { name: 'first', parameters: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] } },
      { name: 'second', parameters: { type: 'object' } },
    ];
    assert.equal(planReply(request({ tools }), 0).toolCall?.name, 'first');
    assert.equal(planReply(request({ tools, toolChoice: { name: 'second' } }), 0).toolCall?.name, 'second');
    assert.equal(planReply(request({ tools, toolChoice: 'none' }), 0).toolCall, undefined);
    const after = planReply(request({ tools, toolResult: 'it is 12 degrees' }), 0);
    assert.equal(after.toolCall, undefined);
    assert.match(after.text, /it is 12 degrees/);
  });

  it('cuts text replies at maxTokens and at stop sequences', () => {
    const cut = planReply(request({ maxTokens: 2 }), 0);
    assert.deepEqual([cut.text, cut.finish], ['You said:', 'length']);
    const stopped = planReply(request({ stop: ['there'] }), 0);
    assert.deepEqual([stopped.text, stopped.finish, stopped.stopSequence], ['You said: "hello ', 'stop_sequence', 'there']);
  });
});

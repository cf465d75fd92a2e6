import assert from 'node:assert/strict';
import { buildGguf, TINY_MODEL_ANSWER } from '../../support/makeGguf';

describe('tiny GGUF generator', () => {
  it('writes a GGUF v3 header with 21 tensors and its metadata', () => {
    const { bytes, answer } = buildGguf();
    assert.equal(bytes.toString('ascii', 0, 4), 'GGUF');
    assert.equal(bytes.readUInt32LE(4), 3);
    assert.equal(bytes.readBigUInt64LE(8), 21n);
    assert.equal(bytes.readBigUInt64LE(16), 25n);
    assert.equal(answer, TINY_MODEL_ANSWER);
    assert.ok(bytes.includes('general.architecture') && bytes.includes('llama') && bytes.includes('<|im_end|>'));
    assert.equal(bytes.length % 32, 0, 'the data section ends on the alignment');
  });

  it('is deterministic per seed', () => {
    assert.ok(buildGguf({ seed: 1 }).bytes.equals(buildGguf({ seed: 1 }).bytes));
    assert.ok(!buildGguf({ seed: 1 }).bytes.equals(buildGguf({ seed: 2 }).bytes));
  });

  it('builds random weights without a designed answer', () => {
    const random = buildGguf({ random: true });
    assert.equal(random.answer, undefined);
    assert.ok(random.bytes.includes('tiny-random-llama'));
  });

  it('adds one token per answer word and rejects repeated words', () => {
    const custom = buildGguf({ answer: 'zebra quokka' });
    assert.ok(custom.bytes.includes('\u2581quokka'));
    assert.throws(() => buildGguf({ answer: 'one two one' }), /distinct/);
    assert.throws(() => buildGguf({ answer: '   ' }), /words/);
  });
});

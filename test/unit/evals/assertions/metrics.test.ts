// Overlap metrics (rouge-n, bleu) and what the model call measured (latency, cost, finish-reason).
import assert from 'node:assert/strict';
import { bleuScore } from '../../../../src/core/evals/assertions/bleu';
import { rougeN } from '../../../../src/core/evals/assertions/rouge';
import { assertFail, assertPass, resultOf, run } from './helpers';

describe('assertions: metrics', () => {
  describe('rouge-n', () => {
    it('is the recall of reference n-grams', () => {
      assert.equal(rougeN('the cat sat on the mat', 'the cat sat'), 1);
      assert.equal(rougeN('the cat', 'the cat sat on the mat'), 2 / 6);
      assert.equal(rougeN('the cat sat', 'the cat sat on', 2), 2 / 3);
    });
    it('passes at the default threshold 0.75 and fails below it with the score', async () => {
      assertPass(await run({ type: 'rouge-n', value: 'Paris is the capital of France' }, 'The capital of France is Paris.'.replace('.', '')));
      const r = await run({ type: 'rouge-n', value: 'Paris is the capital of France' }, 'Lyon is big');
      assertFail(r, /ROUGE-1 score 0\.167 against "Paris is the capital of France" is below 0\.75; got "Lyon is big"/);
      assertPass(await run({ type: 'rouge-n', value: 'a b c d', threshold: 0.5 }, 'a b x y'));
    });
  });

  describe('bleu', () => {
    it('is 1 for an identical text and low for an unrelated one', () => {
      assert.ok(Math.abs(bleuScore('the quick brown fox jumps', ['the quick brown fox jumps']) - 1) < 1e-9);
      assert.ok(bleuScore('completely different words here', ['the quick brown fox jumps']) < 0.01);
      assert.ok(bleuScore('the quick brown fox', ['the quick brown fox jumps over']) < bleuScore('the quick brown fox jumps over', ['the quick brown fox jumps over']));
    });
    it('passes at the default threshold 0.5, takes several references, and fails with the score', async () => {
      assertPass(await run({ type: 'bleu', value: ['a cat is on the mat', 'the cat sat on the mat'] }, 'the cat sat on the mat'));
      assertFail(await run({ type: 'bleu', value: 'the cat sat on the mat' }, 'dogs run in the park'), /BLEU score 0(\.0+\d*)? against "the cat sat on the mat" is below 0\.5/);
    });
  });

  describe('latency', () => {
    it('passes within the threshold and fails over it', async () => {
      assertPass(await run({ type: 'latency', threshold: 500 }, 'x', { result: resultOf('x', { latencyMs: 120 }) }), /120 ms is within 500 ms/);
      assertFail(await run({ type: 'latency', threshold: 100 }, 'x', { result: resultOf('x', { latencyMs: 120 }) }), /120 ms is over the 100 ms threshold/);
    });
    it('cannot judge a cached result, a missing latency or a missing threshold', async () => {
      const cached = await run({ type: 'latency', threshold: 500 }, 'x', { result: resultOf('x'), cached: true });
      assertFail(cached, /came from the cache.*--no-cache/);
      assert.equal(cached.errored, true);
      assert.equal((await run({ type: 'not-latency', threshold: 500 }, 'x', { cached: true, result: resultOf('x') })).pass, false);
      assertFail(await run({ type: 'latency', threshold: 500 }, 'x'), /no recorded latency/);
      assertFail(await run({ type: 'latency' }, 'x', { result: resultOf('x') }), /needs `threshold:`/);
    });
  });

  describe('cost', () => {
    const priced = (total: number) => resultOf('x', { cost: { input: total / 2, output: total / 2, total, pricedAt: '2026-12-01' } });
    it('passes within the threshold and fails over it with the tokens', async () => {
      assertPass(await run({ type: 'cost', threshold: 0.01 }, 'x', { result: priced(0.002) }));
      assertFail(await run({ type: 'cost', threshold: 0.001 }, 'x', { result: priced(0.002) }), /Cost \$0\.00200 is over the \$0\.00100 threshold \(10 input \+ 5 output tokens\)/);
    });
    it('an unpriced model cannot be judged and says how to price it', async () => {
      assertFail(await run({ type: 'cost', threshold: 1 }, 'x', { result: resultOf('x') }), /no known price. Add it under `prices:`/);
    });
  });

  describe('finish-reason', () => {
    it('compares the normalized finish reason, accepting provider spellings', async () => {
      assertPass(await run({ type: 'finish-reason', value: 'stop' }, 'x', { result: resultOf('x') }));
      assertPass(await run({ type: 'finish-reason', value: 'MAX_TOKENS' }, 'x', { result: resultOf('x', { finishReason: 'length' }) }));
      assertFail(await run({ type: 'finish-reason', value: 'tool_calls' }, 'x', { result: resultOf('x') }), /stopped with finish reason stop; expected tool_calls/);
      assertFail(await run({ type: 'finish-reason', value: 'done' }, 'x', { result: resultOf('x') }), /"done" is not a finish reason/);
    });
  });
});

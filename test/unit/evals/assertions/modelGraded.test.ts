// The model-graded families with a scripted grader: what they ask, how they read verdicts, what they record.
import assert from 'node:assert/strict';
import { selectBest } from '../../../../src/core/evals/assertions/selectBest';
import { ProviderError } from '../../../../src/core/errors';
import type { Grader } from '../../../../src/core/evals/types';
import { assertFail, assertPass, ctxOf, run, scriptedGrader } from './helpers';

describe('assertions: model-graded', () => {
  describe('llm-rubric', () => {
    it('passes on a passing verdict in a code fence and records the grading cost', async () => {
      const grader = scriptedGrader(['```json\n{"reason": "It names Paris.", "pass": true, "score": 0.9}\n```']);
      const r = await run({ type: 'llm-rubric', value: 'Names the capital of France' }, 'Paris.', { grader });
      assertPass(r, /passed the output \(score 0\.9\): It names Paris\./);
      assert.equal(r.score, 0.9);
      assert.equal(r.gradingCost, 0.003);
      assert.deepEqual(r.gradingUsage, { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0 });
      const sent = grader.calls[0]!;
      assert.equal(sent.json, true, 'asks for JSON');
      assert.match(sent.messages[1]!.content, /<rubric>\nNames the capital of France\n<\/rubric>[\s\S]*<output>\nParis\.\n<\/output>/);
    });
    it('fails on a failing verdict, and on a passing one below the threshold', async () => {
      assertFail(await run({ type: 'llm-rubric', value: 'Is polite' }, 'Go away.', { grader: scriptedGrader(['Verdict: {"pass": false, "score": 0, "reason": "Rude."} Done.']) }), /failed the output \(score 0\): Rude\./);
      const below = await run({ type: 'llm-rubric', value: 'Is polite', threshold: 0.8 }, 'Fine.', { grader: scriptedGrader(['{"pass": true, "score": 0.6, "reason": "Curt."}']) });
      assertFail(below, /score 0\.6 is below the threshold 0\.8: Curt\./);
    });
    it('a reply without a verdict, a missing grader and a failed call are errored failures', async () => {
      const garbled = await run({ type: 'not-llm-rubric', value: 'x' }, 'y', { grader: scriptedGrader(['I think it is fine']) });
      assertFail(garbled, /did not reply with a \{ pass, score, reason \} verdict: "I think it is fine"/);
      assert.equal(garbled.errored, true);
      assertFail(await run({ type: 'llm-rubric', value: 'x' }, 'y'), /needs a grader model and none is configured/);
      const failing: Grader = {
        defaultModelId: 'anthropic/claude-haiku-4-5',
        complete: async () => {
          throw new ProviderError('auth', 'anthropic', 'the key was rejected', { hint: 'Run `promptyard keys set anthropic`.' });
        },
        embed: async () => [],
      };
      assertFail(await run({ type: 'llm-rubric', value: 'x' }, 'y', { grader: failing }), /grader \(anthropic\/claude-haiku-4-5\) failed: the key was rejected. Run `promptyard keys set anthropic`/);
    });
    it('uses the assertion\'s provider and a custom rubricPrompt with the vars', async () => {
      const grader = scriptedGrader(['{"pass": true, "score": 1, "reason": "ok"}']);
      const rubricPrompt = JSON.stringify([{ role: 'system', content: 'Judge for {{audience}}.' }, { role: 'user', content: 'Output: {{output}}\nRubric: {{rubric}}' }]);
      await run({ type: 'llm-rubric', value: 'short', provider: 'ollama/llama3.2', rubricPrompt }, 'Hi', { grader, vars: { audience: 'kids' } });
      assert.equal(grader.calls[0]!.modelId, 'ollama/llama3.2');
      assert.deepEqual(grader.calls[0]!.messages, [{ role: 'system', content: 'Judge for kids.' }, { role: 'user', content: 'Output: Hi\nRubric: short' }]);
    });
  });

  describe('factuality', () => {
    it('passes categories A, B, C and E, fails D, reading JSON or a leading (X)', async () => {
      assertPass(await run({ type: 'factuality', value: 'Paris' }, 'Paris', { grader: scriptedGrader(['{"category": "C", "reason": "Same."}']) }), /Category C: the submitted answer contains the same details/);
      assertPass(await run({ type: 'factuality', value: 'Paris' }, 'Paris, in France', { grader: scriptedGrader(['(B) It adds the country.']) }), /Category B/);
      assertFail(await run({ type: 'factuality', value: 'Paris' }, 'Lyon', { grader: scriptedGrader(['{"category": "D", "reason": "Lyon is not Paris."}']) }), /Category D: the submitted answer disagrees with the reference answer \(Lyon is not Paris\.\)/);
    });
    it('scores from config, uses the case\'s expected, and puts the reference first', async () => {
      const grader = scriptedGrader(['{"category": "A", "reason": "Partial."}']);
      const r = await run({ type: 'factuality', config: { subset: 0 } }, 'France', { grader, expected: 'Paris, France' });
      assertFail(r, /Category A/);
      assert.match(grader.calls[0]!.messages[1]!.content, /^Reference answer:\nParis, France\n\nQuestion:\nWhat is the capital of France\?/);
    });
  });

  describe('model-graded-closedqa', () => {
    it('passes on Y and fails on N, from the last line', async () => {
      assertPass(await run({ type: 'model-graded-closedqa', value: 'names a city' }, 'Paris', { grader: scriptedGrader(['Paris is a city.\nY']) }), /meets the criterion "names a city"/);
      assertFail(await run({ type: 'model-graded-closedqa', value: 'names a city' }, 'blue', { grader: scriptedGrader(['Blue is a colour.\n**N**']) }), /does not meet the criterion "names a city"/);
      assertFail(await run({ type: 'model-graded-closedqa', value: 'x' }, 'y', { grader: scriptedGrader(['Maybe.']) }), /did not end with Y or N/);
    });
  });

  describe('g-eval', () => {
    it('asks for steps, then a 0-10 score, and passes at 0.7 by default', async () => {
      const grader = scriptedGrader(['{"steps": ["Check the city", "Check the tone"]}', '{"score": 8, "reason": "Clear."}']);
      const r = await run({ type: 'g-eval', value: 'Answers correctly and politely' }, 'Paris.', { grader });
      assertPass(r, /G-Eval score 0\.8 reaches the threshold 0\.7: Clear\./);
      assert.equal(grader.calls.length, 2);
      assert.match(grader.calls[1]!.messages[1]!.content, /- Check the city\n- Check the tone/);
      assert.equal(r.gradingCost, 0.006);
    });
    it('fails below the threshold and on a reply without steps', async () => {
      assertFail(await run({ type: 'g-eval', value: 'c' }, 'o', { grader: scriptedGrader(['{"steps": ["s"]}', '{"score": 5, "reason": "Meh."}']) }), /0\.5 is below the threshold 0\.7: Meh\./);
      assertFail(await run({ type: 'g-eval', value: 'c' }, 'o', { grader: scriptedGrader(['no steps']) }), /did not reply with evaluation steps/);
    });
  });

  describe('similar', () => {
    const grader = () => scriptedGrader([], { 'Paris': [1, 0], 'The capital is Paris': [0.9, 0.1], 'Berlin': [0, 1] });
    it('passes when the cosine similarity reaches the threshold (default 0.75)', async () => {
      const g = grader();
      const r = await run({ type: 'similar', value: 'The capital is Paris', provider: 'openai/text-embedding-3-large' }, 'Paris', { grader: g });
      assertPass(r, /Similarity 0\.99\d* to "The capital is Paris" reaches the threshold 0\.75/);
      assert.equal(g.embedCalls[0]!.modelId, 'openai/text-embedding-3-large');
    });
    it('fails below it, and the best of several values counts', async () => {
      assertFail(await run({ type: 'similar', value: 'Berlin' }, 'Paris', { grader: grader() }), /Similarity 0 to "Berlin" is below the threshold 0\.75; got "Paris"/);
      assertPass(await run({ type: 'similar', value: ['Berlin', 'The capital is Paris'] }, 'Paris', { grader: grader() }));
      assertPass(await run({ type: 'not-similar', value: 'Berlin' }, 'Paris', { grader: grader() }));
    });
  });

  describe('answer-relevance', () => {
    const embeddings = { 'What is the capital of France?': [1, 0], 'Which city is the capital of France?': [0.95, 0.05], 'What colour is the sky?': [0, 1] };
    it('compares questions generated from the output with the real one', async () => {
      const grader = scriptedGrader(['{"questions": ["Which city is the capital of France?"]}'], embeddings);
      assertPass(await run({ type: 'answer-relevance', threshold: 0.9 }, 'Paris is the capital.', { grader }), /Relevance 0\.99\d* reaches the threshold 0\.9/);
    });
    it('fails when the output answers another question', async () => {
      const grader = scriptedGrader(['1. What colour is the sky?'], embeddings);
      assertFail(await run({ type: 'answer-relevance', threshold: 0.5 }, 'It is blue.', { grader }), /Relevance 0 is below the threshold 0\.5: .*"What colour is the sky\?", asked was "What is the capital of France\?"/);
    });
  });

  describe('select-best', () => {
    it('passes the output the grader picks and fails the others, sharing the cost', async () => {
      const grader = scriptedGrader(['{"best": 2, "reason": "Shortest."}']);
      const results = await selectBest(['Paris is the capital of France.', 'Paris.', 'It is Paris, a city.'], { type: 'select-best', value: 'most concise' }, ctxOf('', { grader }));
      assert.deepEqual(results.map((r) => r.pass), [false, true, false]);
      assert.match(results[1]!.reason, /picked this output \(2 of 3\) as the best for "most concise": Shortest\./);
      assert.match(results[0]!.reason, /picked output 2 of 3, not this one/);
      assert.ok(Math.abs(results.reduce((s, r) => s + (r.gradingCost ?? 0), 0) - 0.003) < 1e-12);
      assert.match(grader.calls[0]!.messages[1]!.content, /Output 1:\n<<<\nParis is the capital of France\.\n>>>/);
    });
    it('fails every output on an unusable pick, and needs two outputs', async () => {
      const bad = await selectBest(['a', 'b'], { type: 'select-best', value: 'x' }, ctxOf('', { grader: scriptedGrader(['{"best": 7}']) }));
      assert.deepEqual(bad.map((r) => r.pass), [false, false]);
      assert.match(bad[0]!.reason, /did not pick an output from 1 to 2/);
      const one = await selectBest(['a'], { type: 'select-best', value: 'x' }, ctxOf('', { grader: scriptedGrader([]) }));
      assert.match(one[0]!.reason, /two or more prompts or models/);
      assertFail(await run({ type: 'select-best', value: 'x' }, 'a'), /runner grades it with selectBest\(\)/);
    });
  });
});

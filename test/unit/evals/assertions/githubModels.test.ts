// The GitHub Models evaluators as the suite loader emits them: gh-string, gh-llm, gh-builtin.
import assert from 'node:assert/strict';
import { assertFail, assertPass, run, scriptedGrader } from './helpers';

describe('assertions: GitHub Models evaluators', () => {
  describe('gh-string', () => {
    it('equals is exact; contains, startsWith and endsWith ignore case', async () => {
      assertPass(await run({ type: 'gh-string', value: { equals: 'Paris' } }, 'Paris'));
      assertFail(await run({ type: 'gh-string', value: { equals: 'Paris' } }, 'paris'), /does not equal "Paris"; got "paris"/);
      assertPass(await run({ type: 'gh-string', value: { contains: 'PARIS' } }, 'It is paris'), /ignoring case/);
      assertPass(await run({ type: 'gh-string', value: { startsWith: 'it' } }, 'It is paris'));
      assertFail(await run({ type: 'gh-string', value: { endsWith: 'lyon' } }, 'It is paris'), /does not end with "lyon" \(ignoring case\)/);
    });
    it('templates the text with the vars and {{expected}}', async () => {
      assertPass(await run({ type: 'gh-string', value: { contains: '{{expected}} is in {{country}}' } }, 'Paris is in France.', { vars: { country: 'France' }, expected: 'Paris' }));
      assertFail(await run({ type: 'gh-string', value: { contains: '{{city}}' } }, 'x'), /cannot be rendered: Variable "city" is not set/);
    });
  });

  describe('gh-llm', () => {
    const choices = [
      { choice: 'bad', score: 0 },
      { choice: 'ok', score: 0.5 },
      { choice: 'good', score: 1 },
    ];
    it('templates the prompt, sends the system prompt, and passes on the best choice', async () => {
      const grader = scriptedGrader(['good']);
      const value = { modelId: 'openai/gpt-4.1', prompt: 'Q: {{input}}\nA: {{completion}}\nExpected: {{expected}}\nRate: bad, ok or good.', systemPrompt: 'You grade.', choices };
      const r = await run({ type: 'gh-llm', value, metric: 'quality' }, 'Paris', { grader, expected: 'Paris' });
      assertPass(r, /chose "good" \(score 1\), reaching the best choice's 1/);
      assert.equal(r.metric, 'quality');
      assert.equal(grader.calls[0]!.modelId, 'openai/gpt-4.1');
      assert.deepEqual(grader.calls[0]!.messages, [
        { role: 'system', content: 'You grade.' },
        { role: 'user', content: 'Q: What is the capital of France?\nA: Paris\nExpected: Paris\nRate: bad, ok or good.' },
      ]);
    });
    it('fails a lesser choice unless the threshold allows it, and errs on no choice', async () => {
      const value = { prompt: 'Rate {{completion}}', choices };
      assertFail(await run({ type: 'gh-llm', value }, 'x', { grader: scriptedGrader(['I would say: ok.']) }), /chose "ok" \(score 0\.5\), below the best choice's 1/);
      assertPass(await run({ type: 'gh-llm', value, threshold: 0.5 }, 'x', { grader: scriptedGrader(['Reasoning...\nOK']) }), /reaching the threshold 0\.5/);
      const none = await run({ type: 'gh-llm', value }, 'x', { grader: scriptedGrader(['excellent']) });
      assertFail(none, /replied with none of the choices "bad", "ok", "good": "excellent"/);
      assert.equal(none.errored, true);
    });
    it('normalizes scores above 1 by the highest', async () => {
      const r = await run({ type: 'gh-llm', value: { prompt: 'Rate', choices: [{ choice: '1', score: 1 }, { choice: '5', score: 5 }] } }, 'x', { grader: scriptedGrader(['5']) });
      assert.deepEqual([r.pass, r.score], [true, 1]);
    });
  });

  describe('gh-builtin', () => {
    it('rates 1 to 5 with our prompt; 3 or more passes by default', async () => {
      const grader = scriptedGrader(['{"reason": "Same meaning.", "rating": 4}']);
      const r = await run({ type: 'gh-builtin', value: 'github/similarity' }, 'Paris', { grader, expected: 'Paris is the capital' });
      assertPass(r, /github\/similarity rated 4 of 5 \(score 0\.75\), reaching the threshold 0\.5: Same meaning\./);
      assert.match(grader.calls[0]!.messages[1]!.content, /Correct answer:\nParis is the capital\n\nQuestion:\nWhat is the capital of France\?\n\nPredicted answer:\nParis/);
    });
    it('fails a low rating, reads a bare number, and needs what the evaluator needs', async () => {
      assertFail(await run({ type: 'gh-builtin', value: 'github/fluency' }, 'me go', { grader: scriptedGrader(['Broken grammar.\n2']) }), /rated 2 of 5 \(score 0\.25\), below the threshold 0\.5/);
      assertFail(await run({ type: 'gh-builtin', value: 'github/groundedness' }, 'x', { grader: scriptedGrader(['5']) }), /needs the case's context/);
      assertFail(await run({ type: 'gh-builtin', value: 'github/kindness' }, 'x', { grader: scriptedGrader(['5']) }), /Unknown built-in evaluator "github\/kindness"/);
    });
  });
});

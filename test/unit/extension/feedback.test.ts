// Feedback turns into test cases the eval engine reads: thumbs-up keeps the answer as the reference,
// thumbs-down with a note becomes a rubric, and every assertion type is one the engine implements.
import assert from 'node:assert/strict';
import { knownAssertionTypes } from '../../../src/core/evals/assertions/registry';
import { createContext } from '../../../src/core/evals/suites/context';
import { readJsonlDataset } from '../../../src/core/evals/suites/datasetJsonl';
import { registerSecret } from '../../../src/core/redact';
import { buildFeedbackCase, feedbackFileFor, feedbackLine, SIMILAR_THRESHOLD } from '../../../src/extension/playground/feedback';
import type { PlaygroundDraft } from '../../../src/shared/protocol';

const draft: PlaygroundDraft = { messages: [{ role: 'user', content: 'Summarize {{text}}' }], variables: { text: 'A long story.' }, modelIds: ['openai/gpt-4o-mini'], parameters: {} };
const base = { draft, modelId: 'openai/gpt-4o-mini', variant: 'a' as const, runId: 'run-1', at: '2026-01-01T00:00:00.000Z' };
const longAnswer = 'The story is long.\nIt has two lines and rather more words than a short reply would have, which is the point here.';

describe('extension feedback cases', () => {
  it('a thumbs-up keeps the answer as reference: equals when short, similar when long', () => {
    const short = buildFeedbackCase({ ...base, rating: 'up', output: 'A story.' });
    assert.deepEqual(short.assert, [{ type: 'equals', value: 'A story.' }]);
    assert.equal(short.expected, 'A story.');
    const long = buildFeedbackCase({ ...base, rating: 'up', output: longAnswer, note: 'good' });
    assert.deepEqual(long.assert, [{ type: 'similar', value: longAnswer, threshold: SIMILAR_THRESHOLD }]);
    assert.equal(long.metadata.note, 'good');
  });

  it('a thumbs-down with a note becomes a rubric from the note, and never the same answer again', () => {
    const c = buildFeedbackCase({ ...base, rating: 'down', output: longAnswer, note: 'Too long; one sentence please.' });
    assert.equal(c.assert[0]!.type, 'llm-rubric');
    assert.match(c.assert[0]!.value, /Too long; one sentence please\./);
    assert.deepEqual(c.assert[1], { type: 'not-equals', value: longAnswer });
    assert.equal(c.expected, undefined);
    assert.equal(c.metadata.rejected, longAnswer);
    const bare = buildFeedbackCase({ ...base, rating: 'down', output: 'x' });
    assert.deepEqual(bare.assert.map((a) => a.type), ['not-equals']);
  });

  it('writes lines the eval engine reads as cases with their variables and known assertions', () => {
    const lines = [
      buildFeedbackCase({ ...base, rating: 'up', output: 'A story.' }),
      buildFeedbackCase({ ...base, rating: 'down', output: longAnswer, note: 'Too long' }),
    ].map(feedbackLine);
    const ctx = createContext({ assertionTypes: knownAssertionTypes() });
    const cases = readJsonlDataset(lines.join(''), '/ws/prompts/summarize.feedback.jsonl', ctx);
    assert.deepEqual(ctx.diagnostics, []);
    assert.equal(cases.length, 2);
    assert.deepEqual(cases[0]!.vars, { text: 'A long story.' });
    assert.equal(cases[0]!.expected, 'A story.');
    assert.deepEqual(cases[1]!.assert.map((a) => a.type), ['llm-rubric', 'not-equals']);
  });

  it('never writes a key into the dataset, even one pasted into a variable', () => {
    registerSecret('canary-secret-0123456789');
    const line = feedbackLine(buildFeedbackCase({ ...base, draft: { ...draft, variables: { text: 'canary-secret-0123456789' } }, rating: 'up', output: 'ok canary-secret-0123456789' }));
    assert.doesNotMatch(line, /canary-secret/);
    assert.doesNotThrow(() => JSON.parse(line));
  });

  it('puts the dataset next to the prompt file', () => {
    assert.equal(feedbackFileFor('/ws/prompts/summarize.prompt.yml', 'summarize'), '/ws/prompts/summarize.feedback.jsonl');
  });
});

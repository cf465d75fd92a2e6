import assert from 'node:assert/strict';
import { parseFilters, type FilterTarget } from '../../../../src/core/evals/runner/filter';

const item = (caseId: string, promptId = 'greet', modelId = 'openai/gpt-4o-mini', description?: string): FilterTarget => ({ caseId, promptId, modelId, ...(description ? { description } : {}) });

describe('--filter', () => {
  it('no pattern keeps everything', () => {
    assert.equal(parseFilters([]), undefined);
  });

  it('a bare pattern is a case-insensitive text matched against case, description, prompt and model', () => {
    const f = parseFilters(['REFUND'])!;
    assert.ok(f(item('refund-1')));
    assert.ok(f(item('c1', 'refunds')));
    assert.ok(f(item('c1', 'greet', 'openai/gpt-4o-mini', 'a refund request')));
    assert.ok(!f(item('c1')));
  });

  it('/regex/flags is a regular expression', () => {
    const f = parseFilters(['/^c[0-2]$/'])!;
    assert.ok(f(item('c0')) && f(item('c2')));
    assert.ok(!f(item('c3')) && !f(item('xc1')));
    assert.ok(parseFilters(['/GPT-4O$/i'])!(item('c', 'p', 'openai/gpt-4o')));
  });

  it('case:, prompt: and model: match one field only', () => {
    const f = parseFilters(['model:mini'])!;
    assert.ok(f(item('c1')));
    assert.ok(!f(item('mini-case', 'greet', 'openai/gpt-4o')));
    assert.ok(parseFilters(['case:/^r/'])!(item('r1')));
    assert.ok(!parseFilters(['prompt:greet'])!(item('greet', 'other')));
  });

  it('patterns on one field are alternatives; on different fields all must match', () => {
    const f = parseFilters(['prompt:greet', 'prompt:sum', 'model:mini'])!;
    assert.ok(f(item('c', 'greet')));
    assert.ok(f(item('c', 'summarize')));
    assert.ok(!f(item('c', 'classify')));
    assert.ok(!f(item('c', 'greet', 'openai/gpt-4o')));
  });

  it('an invalid regex or an empty pattern is bad input with a hint', () => {
    assert.throws(() => parseFilters(['/(unclosed/']), (e: Error & { exitCode?: number; hint?: string }) => e.exitCode === 2 && /regular expression/.test(e.message) && !!e.hint);
    assert.throws(() => parseFilters(['case:']), (e: Error & { exitCode?: number }) => e.exitCode === 2 && /empty/.test(e.message));
  });
});

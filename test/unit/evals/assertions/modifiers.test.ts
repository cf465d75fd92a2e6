// What applies to every family: not-, threshold, weight, metric, assert-set, value templates and files,
// unknown types, and the weighted aggregate.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { aggregateResults, evaluateAssertions } from '../../../../src/core/evals/assertions/evaluate';
import { assertionFor, knownAssertionTypes } from '../../../../src/core/evals/assertions/registry';
import { assertFail, assertPass, ctxOf, run } from './helpers';

describe('assertions: modifiers and aggregation', () => {
  it('not- inverts pass and score and says why', async () => {
    const r = await run({ type: 'not-contains', value: 'error' }, 'all good');
    assertPass(r, /^not-contains passes because the contains check failed: Output does not contain "error"/);
    assert.equal(r.score, 1);
    assert.equal(r.assertion, 'not-contains');
    const f = await run({ type: 'not-contains', value: 'error' }, 'an error happened');
    assertFail(f, /^not-contains fails because the contains check passed: Output contains "error"/);
    assert.equal(f.score, 0);
    const scored = await run({ type: 'not-rouge-n', value: 'a b c d' }, 'a b x y');
    assert.equal(scored.score, 0.5);
  });

  it('an unknown type is an errored failure with a suggestion, never a throw', async () => {
    const r = await run({ type: 'contians', value: 'x' }, 'x');
    assertFail(r, /Unknown assertion type 'contians'. Did you mean contains\?/);
    assert.equal(r.errored, true);
    assertFail(await run({ type: 'not-icontain', value: 'x' }, 'x'), /Did you mean not-icontains\?/);
    assertFail(await run({ type: 'zzzzzzzzzz' }, 'x'), /Known types: answer-relevance, assert-set, bleu/);
  });

  it('the registry knows every family by its promptfoo name', () => {
    const types = knownAssertionTypes();
    for (const t of ['equals', 'icontains-all', 'is-valid-openai-tools-call', 'model-graded-closedqa', 'g-eval', 'select-best', 'gh-builtin', 'assert-set']) assert.ok(types.includes(t), t);
    assert.equal(typeof assertionFor('similar'), 'function');
    assert.equal(assertionFor('not-similar'), undefined);
    assert.equal(assertionFor('toString'), undefined);
  });

  it('aggregates with weights; weight 0 is reported but does not count', async () => {
    const outcome = await evaluateAssertions(
      [
        { type: 'contains', value: 'Paris', weight: 3 },
        { type: 'contains', value: 'France', weight: 1 },
        { type: 'contains', value: 'Europe', weight: 0, metric: 'geo' },
      ],
      ctxOf('Paris'),
    );
    assert.equal(outcome.score, 0.75);
    assert.equal(outcome.pass, false);
    assert.match(outcome.reason, /^1 of 2 assertions failed; contains: Output does not contain "France"/);
    assert.equal(outcome.results.length, 3);
    assert.equal(outcome.results[2]!.pass, false);
    assert.deepEqual(outcome.metrics, { geo: 0 });
    const zeroOnly = await evaluateAssertions([{ type: 'contains', value: 'nope', weight: 0 }], ctxOf('Paris'));
    assert.deepEqual([zeroOnly.pass, zeroOnly.score], [true, 1]);
    assert.deepEqual([(await evaluateAssertions([], ctxOf('x'))).pass, aggregateResults([]).reason], [true, 'No assertions.']);
  });

  it('a set threshold decides by the weighted score instead', async () => {
    const specs = [{ type: 'contains', value: 'Paris' }, { type: 'contains', value: 'France' }];
    const half = await evaluateAssertions(specs, ctxOf('Paris'), { threshold: 0.5 });
    assert.equal(half.pass, true);
    assert.match(half.reason, /Weighted score 0\.5 reaches the threshold 0\.5/);
    assert.equal((await evaluateAssertions(specs, ctxOf('Paris'), { threshold: 0.6 })).pass, false);
  });

  it('assert-set nests assertions with their weights and its own threshold', async () => {
    const set = { type: 'assert-set', threshold: 0.5, weight: 2, assert: [{ type: 'contains', value: 'Paris' }, { type: 'regex', value: '^\\d+$' }] };
    const r = await run(set, 'Paris');
    assertPass(r, /^assert-set: Weighted score 0\.5 reaches the threshold 0\.5/);
    assert.equal(r.componentResults?.length, 2);
    assert.equal(r.componentResults![1]!.pass, false);
    const strict = await run({ type: 'assert-set', assert: set.assert }, 'Paris');
    assertFail(strict, /^assert-set: 1 of 2 assertions failed; regex: Output does not match/);
    const outer = await evaluateAssertions([set, { type: 'equals', value: 'Lyon' }], ctxOf('Paris'));
    assert.equal(outer.score, (0.5 * 2 + 0) / 3);
    assertFail(await run({ type: 'assert-set' }, 'x'), /needs a list of assertions under `assert:`/);
    assertFail(await run({ type: 'not-assert-set', assert: set.assert }, 'x'), /not-assert-set is not an assertion/);
  });

  it('renders {{vars}} in values and reports a missing one', async () => {
    assertPass(await run({ type: 'contains-all', value: ['{{city}}', '{{expected}}'] }, 'Paris, France', { vars: { city: 'Paris' }, expected: 'France' }));
    const r = await run({ type: 'contains', value: '{{city}}' }, 'Paris');
    assertFail(r, /The value of contains is a template that cannot be rendered: Variable "city" is not set/);
    assert.equal(r.errored, true);
  });

  it('reads file:// values as JSON, YAML or text next to the suite', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'py-values-'));
    writeFileSync(path.join(dir, 'schema.yaml'), 'type: object\nrequired: [city]\n');
    writeFileSync(path.join(dir, 'answer.txt'), 'Paris');
    assertPass(await run({ type: 'is-json', value: 'file://schema.yaml' }, '{"city": "Paris"}', { baseDir: dir }));
    assertFail(await run({ type: 'is-json', value: 'file://schema.yaml' }, '{}', { baseDir: dir }), /required property 'city'/);
    assertPass(await run({ type: 'equals', value: 'file://answer.txt' }, 'Paris', { baseDir: dir }));
    assertFail(await run({ type: 'equals', value: 'file://nope.txt' }, 'Paris', { baseDir: dir }), /cannot be read from file:\/\/nope\.txt: ENOENT/);
  });

  it('a cancelled run grades nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    assertFail(await run({ type: 'contains', value: 'x' }, 'x', { signal: controller.signal }), /was not run: the run was cancelled/);
  });
});

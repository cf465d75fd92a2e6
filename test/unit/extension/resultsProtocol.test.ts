// The results view's messages: what fits the closed schemas is parsed, everything else is dropped.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseResultsMessage } from '../../../src/shared/resultsProtocol';

describe('results view protocol', () => {
  it('parses the two requests', () => {
    assert.deepEqual(parseResultsMessage({ kind: 'request', id: 1, method: 'results/compare', params: { runId: '20250101-000000-aaaaaa', baselineRunId: 'ci.run-2' } }), {
      kind: 'request',
      id: 1,
      method: 'results/compare',
      params: { runId: '20250101-000000-aaaaaa', baselineRunId: 'ci.run-2' },
    });
    assert.equal(parseResultsMessage({ kind: 'request', id: 2, method: 'results/openReport', params: { runId: 'r1' } })?.method, 'results/openReport');
  });

  it('drops what does not fit: unknown methods and keys, bad run ids, prototype keys, huge values, wrong envelopes', () => {
    const bad: unknown[] = [
      null,
      'results/compare',
      [],
      { kind: 'request', id: 1, method: 'results/compare', params: { runId: 'a' } },
      { kind: 'request', id: 1, method: 'results/compare', params: { runId: 'a', baselineRunId: 'b', more: true } },
      { kind: 'request', id: 1, method: 'results/compare', params: { runId: '../x', baselineRunId: 'b' } },
      { kind: 'request', id: 1, method: 'results/compare', params: { runId: 'a/b', baselineRunId: 'b' } },
      { kind: 'request', id: 1, method: 'results/compare', params: { runId: 'a'.repeat(129), baselineRunId: 'b' } },
      { kind: 'request', id: 1.5, method: 'results/openReport', params: { runId: 'a' } },
      { kind: 'request', id: -1, method: 'results/openReport', params: { runId: 'a' } },
      { kind: 'request', id: 1, method: 'run/start', params: {} },
      { kind: 'request', id: 1, method: 'toString', params: {} },
      { kind: 'request', id: 1, method: 'results/openReport', params: { runId: 'a' }, extra: 1 },
      { kind: 'response', id: 1, result: {} },
      JSON.parse('{"kind":"request","id":1,"method":"results/openReport","params":{"__proto__":{"runId":"a"}}}'),
    ];
    for (const message of bad) assert.equal(parseResultsMessage(message), undefined, JSON.stringify(message));
  });

  it('never throws on arbitrary input, and keeps only well-formed run ids', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        assert.equal(parseResultsMessage(value), undefined);
      }),
      { numRuns: 2_000 },
    );
    const runId = fc.oneof(fc.string({ maxLength: 140 }), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/));
    fc.assert(
      fc.property(fc.record({ kind: fc.constant('request'), id: fc.nat(), method: fc.constantFrom('results/compare', 'results/openReport'), params: fc.record({ runId, baselineRunId: runId }, { requiredKeys: [] }) }), (value) => {
        const parsed = parseResultsMessage(value);
        if (!parsed) return;
        const params = parsed.params as Record<string, string>;
        for (const id of Object.values(params)) assert.match(id, /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/);
        assert.deepEqual(Object.keys(params).sort(), parsed.method === 'results/compare' ? ['baselineRunId', 'runId'] : ['runId']);
      }),
      { numRuns: 2_000 },
    );
  });
});

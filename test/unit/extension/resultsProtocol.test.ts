// The results view's messages: what fits the closed schemas is parsed, everything else is dropped.
import assert from 'node:assert/strict';
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
});

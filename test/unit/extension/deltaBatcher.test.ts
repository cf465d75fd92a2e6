// Host-side delta batching: text of a column is joined per interval, tool-call argument deltas merge,
// order across columns is kept, and flush posts what is pending.
import assert from 'node:assert/strict';
import { DeltaBatcher, type DeltaParams, type Timer } from '../../../src/extension/playground/deltaBatcher';

function manualTimer(): Timer & { fire(): void; scheduled: number } {
  let pending: (() => void) | undefined;
  const t = {
    scheduled: 0,
    set(cb: () => void) {
      pending = cb;
      t.scheduled++;
      return 1;
    },
    clear() {
      pending = undefined;
    },
    fire() {
      const cb = pending;
      pending = undefined;
      cb?.();
    },
  };
  return t;
}

describe('extension delta batcher', () => {
  it('posts 2,000 deltas of one interval as one message', () => {
    const sent: DeltaParams[] = [];
    const timer = manualTimer();
    const b = new DeltaBatcher((p) => sent.push(p), 16, timer);
    for (let i = 0; i < 2_000; i++) b.text('r', 'c1', 'tok ');
    assert.equal(sent.length, 0);
    timer.fire();
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.text!.length, 8_000);
    assert.equal(timer.scheduled, 1);
  });

  it('keeps the order across columns and merges tool-call arguments of one call', () => {
    const sent: DeltaParams[] = [];
    const timer = manualTimer();
    const b = new DeltaBatcher((p) => sent.push(p), 16, timer);
    b.text('r', 'c1', 'a');
    b.text('r', 'c2', 'b');
    b.text('r', 'c1', 'c');
    b.toolCall('r', 'c1', { index: 0, id: 'call_1', name: 'f', argumentsDelta: '{"x"' });
    b.toolCall('r', 'c1', { index: 0, argumentsDelta: ':1' });
    b.toolCall('r', 'c1', { index: 0, argumentsDelta: '}' });
    b.text('r', 'c1', '');
    b.flush();
    assert.deepEqual(sent, [
      { runId: 'r', columnId: 'c1', text: 'a' },
      { runId: 'r', columnId: 'c2', text: 'b' },
      { runId: 'r', columnId: 'c1', text: 'c' },
      { runId: 'r', columnId: 'c1', toolCall: { index: 0, id: 'call_1', name: 'f', argumentsDelta: '{"x":1}' } },
    ]);
    timer.fire();
    assert.equal(sent.length, 4, 'flush cancelled the timer');
  });
});

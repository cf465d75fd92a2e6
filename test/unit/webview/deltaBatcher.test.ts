// Streaming batching: however many deltas arrive between two frames, each view paints once per frame,
// with exactly the text that arrived, and the settled text is exact.
import assert from 'node:assert/strict';
import { DeltaBatcher, type StreamSink } from '../../../webview-ui/src/stream/deltaBatcher';
import { safeBoundary } from '../../../webview-ui/src/output/blocks';
import { ManualFrames } from './support/fakeHost';

class RecordingSink implements StreamSink {
  appends: string[] = [];
  finals: string[] = [];
  shown = '';
  append(chunk: string, full: string): void {
    this.appends.push(chunk);
    assert.equal(full, this.shown + chunk, 'the full text is what was shown plus the chunk');
    this.shown = full;
  }
  finish(text: string): void {
    this.finals.push(text);
    this.shown = text;
  }
}

function setup() {
  const frames = new ManualFrames();
  let clock = 0;
  const batcher = new DeltaBatcher(frames.schedule, () => clock);
  return { frames, batcher, tick: (ms: number) => (clock += ms) };
}

describe('webview delta batcher', () => {
  it('paints 2,000 deltas that arrive within one frame in one append', () => {
    const { frames, batcher, tick } = setup();
    const sink = new RecordingSink();
    batcher.attach('r/c', sink);
    const tokens = Array.from({ length: 2000 }, (_, i) => `t${i} `);
    for (const t of tokens) {
      batcher.push('r/c', t);
      tick(0.005);
    }
    assert.equal(frames.pending, 1, 'one frame requested, not one per delta');
    assert.equal(sink.appends.length, 0, 'nothing paints between frames');
    tick(4);
    frames.run();
    assert.deepEqual(sink.appends, [tokens.join('')]);
    const perf = batcher.perf.snapshot();
    assert.equal(perf.deltas, 2000);
    assert.equal(perf.paintFrames, 1);
    assert.equal(perf.maxDeltasPerFrame, 2000);
    assert.ok(perf.latencyMaxMs >= 4 && perf.latencyMaxMs < 15, `latency ${perf.latencyMaxMs}`);
  });

  it('spreads a stream over frames without losing or reordering text, and settles exactly', () => {
    const { frames, batcher } = setup();
    const sink = new RecordingSink();
    batcher.attach('r/c', sink);
    let expected = '';
    for (let frame = 0; frame < 50; frame++) {
      for (let i = 0; i < 40; i++) {
        const t = `${frame}.${i}|`;
        expected += t;
        batcher.push('r/c', t);
      }
      frames.run();
    }
    assert.equal(sink.appends.length, 50);
    assert.equal(sink.shown, expected);
    batcher.push('r/c', 'late ');
    batcher.finish('r/c', `${expected}final`);
    batcher.push('r/c', 'after the end');
    frames.run();
    assert.deepEqual(sink.finals, [`${expected}final`]);
    assert.equal(batcher.text('r/c'), `${expected}final`);
    assert.equal(sink.appends.length, 50, 'pending text of a finished stream is replaced by the final text, not appended');
  });

  it('keeps streams apart and hands a late view the text so far', () => {
    const { frames, batcher } = setup();
    const a = new RecordingSink();
    batcher.attach('r/a', a);
    batcher.push('r/a', 'A1');
    batcher.push('r/b', 'B1');
    frames.run();
    const b = new RecordingSink();
    const attached = batcher.attach('r/b', b);
    assert.deepEqual(attached, { text: 'B1', finished: false });
    b.shown = attached.text;
    batcher.push('r/b', 'B2');
    frames.run();
    assert.equal(a.shown, 'A1');
    assert.equal(b.shown, 'B1B2');
  });

  it('runs per-frame tasks once per frame, the last one of a key winning', () => {
    const { frames, batcher } = setup();
    const ran: number[] = [];
    for (let i = 0; i < 10; i++) batcher.onNextFrame('tools', () => ran.push(i));
    frames.run();
    assert.deepEqual(ran, [9]);
  });
});

describe('streamed Markdown block boundary', () => {
  it('cuts after blank lines outside code fences only', () => {
    assert.equal(safeBoundary('para one\n\npara two', 0), 10);
    assert.equal(safeBoundary('```js\ncode\n\nmore code\n', 0), 0, 'a blank line inside an open fence is no boundary');
    assert.equal(safeBoundary('```js\ncode\n\n```\n\nafter', 0), 17);
    assert.equal(safeBoundary('a\n\nb\n\n', 3), 6);
    assert.equal(safeBoundary('no blank line yet\n', 0), 0);
  });
});

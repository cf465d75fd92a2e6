import assert from 'node:assert/strict';
import { EventQueue } from '../../../src/core/providers/localQueue';

async function drain<T>(queue: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of queue) items.push(item);
  return items;
}

describe('local event queue', () => {
  it('delivers pushed items in order, including those pushed while the reader waits', async () => {
    const queue = new EventQueue<number>();
    queue.push(1);
    const reading = drain(queue);
    setTimeout(() => {
      queue.push(2);
      queue.end(3);
      queue.push(4);
    }, 5);
    assert.deepEqual(await reading, [1, 2, 3]);
  });

  it('delivers the items before the failure, then throws it', async () => {
    const queue = new EventQueue<string>();
    queue.push('a');
    queue.fail(new Error('boom'));
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (const item of queue) seen.push(item);
    }, /boom/);
    assert.deepEqual(seen, ['a']);
  });
});

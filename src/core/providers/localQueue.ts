// Turns callbacks (llama.cpp's onTextChunk and friends) into an async iterable: push events, then end with a
// last event or fail with an error; the reader gets them in order.
export class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private finished = false;
  private error: { value: unknown } | undefined;
  private wake: (() => void) | undefined;

  push(item: T): void {
    if (this.finished) return;
    this.items.push(item);
    this.notify();
  }

  end(last?: T): void {
    if (last !== undefined) this.push(last);
    this.finished = true;
    this.notify();
  }

  fail(error: unknown): void {
    if (this.finished) return;
    this.error = { value: error };
    this.finished = true;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.error) throw this.error.value;
      if (this.finished) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

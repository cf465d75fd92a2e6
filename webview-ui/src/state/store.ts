// A minimal observable store: one state object, replaced (never mutated) on each update, so a view
// compares slices by identity. No DOM.

export type Listener<S> = (state: S, previous: S) => void;

export class Store<S> {
  private readonly listeners = new Set<Listener<S>>();

  constructor(private state: S) {}

  get(): S {
    return this.state;
  }

  update(change: Partial<S> | ((state: S) => Partial<S>)): void {
    const previous = this.state;
    const patch = typeof change === 'function' ? change(previous) : change;
    let changed = false;
    for (const key of Object.keys(patch) as Array<keyof S>) {
      if (!Object.is(patch[key], previous[key])) changed = true;
    }
    if (!changed) return;
    this.state = { ...previous, ...patch };
    for (const listener of [...this.listeners]) listener(this.state, previous);
  }

  subscribe(listener: Listener<S>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

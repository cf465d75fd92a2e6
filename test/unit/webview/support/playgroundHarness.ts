// A Playground controller wired to a fake host and manual frames, initialised like the real webview.
import type { NotificationMap } from '../../../../src/shared/protocol';
import { PlaygroundActions } from '../../../../webview-ui/src/app/actions';
import { Playground } from '../../../../webview-ui/src/app/playground';
import { HostClient, type PersistedState } from '../../../../webview-ui/src/host/client';
import { streamKey } from '../../../../webview-ui/src/state/uiState';
import { FakeHost, ManualFrames, settle } from './fakeHost';
import { initOf, MODELS } from './fixtures';

export interface Harness {
  host: FakeHost;
  frames: ManualFrames;
  pg: Playground;
  actions: PlaygroundActions;
  /** The text a column shows (painted or not). */
  textOf(columnIndex: number): string;
}

export class MemoryState implements PersistedState {
  saved: unknown;
  load(): unknown {
    return this.saved === undefined ? undefined : JSON.parse(JSON.stringify(this.saved));
  }
  save(state: unknown): void {
    this.saved = state;
  }
}

export async function startPlayground(options: { init?: Partial<NotificationMap['init']>; persisted?: PersistedState; editDebounceMs?: number } = {}): Promise<Harness> {
  const host = new FakeHost();
  host.handle('models/list', () => MODELS);
  const frames = new ManualFrames();
  const pg = new Playground({
    client: new HostClient(host),
    persisted: options.persisted,
    schedule: frames.schedule,
    now: () => performance.now(),
    editDebounceMs: options.editDebounceMs ?? 5,
    persistDebounceMs: 1,
  });
  const actions = new PlaygroundActions(pg);
  pg.start();
  host.notify('init', initOf(options.init));
  await settle();
  const textOf = (i: number) => {
    const c = pg.store.get().columns[i];
    if (!c) throw new Error(`no column ${i}`);
    return pg.batcher.text(streamKey(c.runId, c.columnId));
  };
  return { host, frames, pg, actions, textOf };
}

// The playground's controller: one store, the host client, the delta batcher and the run, panel and
// persistence logic. The views only read the store and call these methods. No DOM, so tests drive it with
// a fake host and a manual frame scheduler.
import { PROTOCOL_VERSION, type NotificationMap, type PlaygroundDraft } from '../../../src/shared/protocol';
import { setVariantCompare } from '../draft/draftEdits';
import type { HostClient, PersistedState } from '../host/client';
import { Store } from '../state/store';
import { initialState, streamKey, type UiState } from '../state/uiState';
import { DeltaBatcher, type Clock, type FrameScheduler } from '../stream/deltaBatcher';
import { createNotify, type Notify } from './notices';
import { PanelSync } from './panelSync';
import { draftKey, loadSavedState, savedStateOf } from './persistence';
import { RunController } from './runController';

export interface PlaygroundEnv {
  client: HostClient;
  persisted?: PersistedState;
  schedule: FrameScheduler;
  now: Clock;
  /** Pause in typing before a panel's edit goes to its file. */
  editDebounceMs?: number;
  persistDebounceMs?: number;
}

export class Playground {
  readonly store = new Store<UiState>(initialState());
  readonly batcher: DeltaBatcher;
  readonly runs: RunController;
  readonly notify: Notify;
  readonly dismiss: (id: number) => void;
  readonly client: HostClient;
  private readonly panel: PanelSync;
  private readonly persisted?: PersistedState;
  private initKey?: string;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly env: PlaygroundEnv) {
    this.client = env.client;
    this.persisted = env.persisted;
    this.batcher = new DeltaBatcher(env.schedule, env.now);
    ({ notify: this.notify, dismiss: this.dismiss } = createNotify(this.store));
    this.runs = new RunController(this.store, this.client, this.batcher, this.notify);
    this.panel = new PanelSync(this.client, (error) => this.store.update({ panelError: error }), env.editDebounceMs ?? 300);
    this.client.on('init', (p) => this.init(p));
    this.client.on('draft/changed', (p) => this.draftChanged(p));
    this.client.on('models/changed', (p) => this.store.update({ models: p.models, providers: p.providers, modelsStatus: 'ready', modelsError: undefined }));
    this.restoreSaved();
    this.store.subscribe(() => this.schedulePersist());
  }

  /** Tells the host the UI listens; it answers with `init`. */
  start(): void {
    this.client.ready();
  }

  // ------------------------------------------------------------ the draft

  editDraft(change: (draft: PlaygroundDraft) => PlaygroundDraft): void {
    const before = this.store.get().draft;
    const after = change(before);
    if (after === before) return;
    this.store.update({ draft: after });
    if (this.store.get().mode === 'panel') this.panel.edited(after);
  }

  setCompareModels(on: boolean): void {
    this.store.update({ compareModels: on });
    if (!on) this.editDraft((d) => (d.modelIds.length > 1 ? { ...d, modelIds: d.modelIds.slice(0, 1) } : d));
  }

  setVariantCompare(on: boolean): void {
    this.editDraft((d) => setVariantCompare(d, on));
  }

  setRaw(raw: boolean): void {
    this.store.update({ raw });
  }

  /** Sends a panel's pending edit now (before a save, or when the view hides). */
  flushEdits(): void {
    this.panel.flush();
    this.persistNow();
  }

  // ------------------------------------------------------------ host notifications

  private init(p: NotificationMap['init']): void {
    if (p.protocolVersion !== PROTOCOL_VERSION) {
      this.store.update({ protocolMismatch: `The extension speaks protocol ${p.protocolVersion}, this view ${PROTOCOL_VERSION}. Reload the window.` });
    }
    const saved = loadSavedState(this.persisted?.load());
    const key = draftKey(p.draft);
    // A view brought back keeps what the user had, unless the host now sends a different draft.
    const keepSaved = p.mode === 'view' && saved !== undefined && saved.initKey === key;
    let draft = keepSaved ? saved.draft : p.draft;
    if (p.mode === 'panel' && saved) draft = { ...draft, variables: { ...saved.draft.variables, ...draft.variables } };
    this.initKey = key;
    this.store.update({
      phase: 'ready',
      mode: p.mode,
      boundFile: p.boundFile,
      trusted: p.trusted,
      draft,
      compareModels: this.store.get().compareModels || draft.modelIds.length > 1,
      history: p.history,
      panelError: undefined,
    });
    void this.loadModels(false);
  }

  private draftChanged(p: NotificationMap['draft/changed']): void {
    if (p.error) {
      this.store.update({ panelError: p.error });
      return;
    }
    this.store.update({ panelError: undefined });
    if (this.panel.incoming(p.draft) !== 'apply') return;
    const { draft: local, compareModels } = this.store.get();
    this.store.update({ draft: { ...p.draft, variables: { ...local.variables, ...p.draft.variables } }, compareModels: compareModels || p.draft.modelIds.length > 1 });
  }

  // ------------------------------------------------------------ models

  async loadModels(refresh: boolean): Promise<void> {
    this.store.update({ modelsStatus: 'loading' });
    try {
      const { models, providers } = await this.client.request('models/list', refresh ? { refresh } : {});
      this.store.update({ models, providers, modelsStatus: 'ready', modelsError: undefined });
      const s = this.store.get();
      const first = models.find((m) => !m.unavailable);
      if (s.mode === 'view' && s.draft.modelIds.length === 0 && first) this.editDraft((d) => ({ ...d, modelIds: [first.id] }));
    } catch (error) {
      this.store.update({ modelsStatus: 'error', modelsError: error instanceof Error ? error.message : String(error) });
    }
  }

  // ------------------------------------------------------------ persistence

  private restoreSaved(): void {
    const saved = loadSavedState(this.persisted?.load());
    if (!saved) return;
    for (const c of saved.columns) this.batcher.seed(streamKey(c.runId, c.columnId), c.text);
    this.initKey = saved.initKey;
    this.store.update({ restored: true, draft: saved.draft, compareModels: saved.compareModels, raw: saved.raw, columns: saved.columns });
  }

  private schedulePersist(): void {
    if (!this.persisted || this.persistTimer !== undefined) return;
    this.persistTimer = setTimeout(() => this.persistNow(), this.env.persistDebounceMs ?? 250);
  }

  private persistNow(): void {
    if (this.persistTimer !== undefined) clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    this.persisted?.save(savedStateOf(this.store.get(), this.batcher, this.initKey));
  }
}

// Panel mode: the playground is bound to a prompt file. Each edit goes to the host as a debounced
// `draft/edit` (a workspace edit, so undo works in the editor); the host answers every change of the file
// with `draft/changed`. An echo of what this view sent must not replace the draft, or the textarea the user
// is typing in would jump back; nor may an outside change overwrite keystrokes not yet sent.
import type { PlaygroundDraft } from '../../../src/shared/protocol';
import type { HostClient } from '../host/client';

const MAX_UNECHOED = 50;

export type IncomingDecision = 'echo' | 'apply' | 'ignore-pending-edit';

export class PanelSync {
  private readonly unechoed: string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private latest: PlaygroundDraft | undefined;

  constructor(
    private readonly client: HostClient,
    private readonly onResult: (error: string | undefined) => void,
    private readonly debounceMs: number,
  ) {}

  /** The user changed the draft; it goes to the file after a pause in typing. */
  edited(draft: PlaygroundDraft): void {
    this.latest = draft;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.debounceMs);
  }

  /** Sends the pending edit now. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const draft = this.latest;
    this.latest = undefined;
    if (!draft) return;
    this.unechoed.push(echoKey(draft));
    if (this.unechoed.length > MAX_UNECHOED) this.unechoed.shift();
    this.client.request('draft/edit', { draft }).then(
      (reply) => this.onResult(reply.applied ? undefined : (reply.error ?? 'The prompt file was not changed.')),
      (error: unknown) => this.onResult(error instanceof Error ? error.message : String(error)),
    );
  }

  /** What to do with a `draft/changed` from the host. */
  incoming(draft: PlaygroundDraft): IncomingDecision {
    const at = this.unechoed.indexOf(echoKey(draft));
    if (at >= 0) {
      // It and every older edit have reached the file.
      this.unechoed.splice(0, at + 1);
      return 'echo';
    }
    if (this.timer !== undefined) return 'ignore-pending-edit';
    return 'apply';
  }

  get hasPendingEdit(): boolean {
    return this.timer !== undefined;
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * What identifies an edit once it went through the file: variable values are playground state (not
 * necessarily kept by the file), and empty or default parts may be dropped or added by its serializer.
 */
export function echoKey(draft: PlaygroundDraft): string {
  const messages = (list: PlaygroundDraft['messages'] | undefined) => list?.map((m) => [m.role, m.content.trimEnd()]);
  const parameters = Object.entries(draft.parameters ?? {})
    .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
    .sort(([a], [b]) => a.localeCompare(b));
  const format = draft.responseFormat && draft.responseFormat.type !== 'text' ? draft.responseFormat : undefined;
  return JSON.stringify([
    draft.name ?? '',
    messages(draft.messages),
    messages(draft.variant) ?? null,
    draft.modelIds,
    parameters,
    format ? [format.type, format.jsonSchema ?? ''] : null,
    draft.tools?.length ? draft.tools.map((t) => [t.name, t.description ?? '', JSON.stringify(t.parameters)]) : null,
  ]);
}

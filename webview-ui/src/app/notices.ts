// Messages at the top of the playground: errors stay until dismissed, information fades.
import type { Store } from '../state/store';
import type { Notice, UiState } from '../state/uiState';

export type Notify = (kind: Notice['kind'], text: string, hint?: string, keyFor?: string) => void;

const INFO_MS = 6_000;
const MAX_NOTICES = 4;

export function createNotify(store: Store<UiState>): { notify: Notify; dismiss(id: number): void } {
  let next = 1;
  const dismiss = (id: number): void => store.update((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  const notify: Notify = (kind, text, hint, keyFor) => {
    const id = next++;
    const notice: Notice = { id, kind, text, hint, keyFor };
    store.update((s) => ({ notices: [...s.notices.filter((n) => n.text !== text), notice].slice(-MAX_NOTICES) }));
    if (kind === 'info') setTimeout(() => dismiss(id), INFO_MS);
  };
  return { notify, dismiss };
}

export function errorText(error: unknown): { message: string; hint?: string } {
  if (error instanceof Error) {
    const hint = 'hint' in error && typeof error.hint === 'string' ? error.hint : undefined;
    return { message: error.message, hint };
  }
  return { message: String(error) };
}

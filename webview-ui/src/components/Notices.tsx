// Banners: a protocol mismatch, a bound file that does not parse, and the notices of recent actions.
import type { JSX } from 'preact';
import type { UiState } from '../state/uiState';
import { useServices } from './context';

export function Notices({ state }: { state: UiState }): JSX.Element {
  const { pg, actions } = useServices();
  return (
    <div class="notices" aria-live="polite">
      {state.protocolMismatch && (
        <div class="banner error" role="alert" data-testid="protocol-mismatch">
          {state.protocolMismatch}
        </div>
      )}
      {state.mode === 'panel' && state.panelError && (
        <div class="banner error" role="alert" data-testid="panel-error">
          <strong>The prompt file has a problem:</strong> {state.panelError}
          <p>Fix it in the editor; the playground shows the last version that worked.</p>
        </div>
      )}
      {!state.trusted && (
        <div class="banner info" data-testid="untrusted">
          Restricted mode: custom endpoints from this workspace are not used.
        </div>
      )}
      {state.notices.map((n) => (
        <div class={`banner ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid="notice" data-kind={n.kind} key={n.id}>
          <span>{n.text}</span>
          {n.hint && <span class="hint"> {n.hint}</span>}
          {n.keyFor !== undefined && (
            <button type="button" class="link" data-testid="notice-set-key" onClick={() => void actions.openKeys(n.keyFor || undefined)}>
              Set API Key…
            </button>
          )}
          <button type="button" class="icon dismiss" data-testid="notice-dismiss" aria-label="Dismiss" onClick={() => pg.dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

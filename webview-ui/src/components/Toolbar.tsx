// The top bar: the bound file (panel mode) or "Save as prompt file" (view mode), and Copy as code.
import type { JSX } from 'preact';
import type { UiState } from '../state/uiState';
import { useServices } from './context';
import { basename } from './format';

export function Toolbar({ state }: { state: UiState }): JSX.Element {
  const { pg, actions } = useServices();
  return (
    <header class="toolbar">
      {state.mode === 'panel' && state.boundFile ? (
        <span class="bound-file" data-testid="bound-file" title={state.boundFile}>
          Editing <strong>{basename(state.boundFile)}</strong>: changes go to the file; save it there.
        </span>
      ) : (
        <button
          type="button"
          data-testid="save-prompt"
          onClick={() => {
            pg.flushEdits();
            void actions.save();
          }}
        >
          Save as prompt file…
        </button>
      )}
      <span class="spacer" />
      <button type="button" class="secondary" data-testid="copy-typescript" onClick={() => void actions.copyCode('typescript')}>
        Copy as TypeScript
      </button>
      <button type="button" class="secondary" data-testid="copy-python" onClick={() => void actions.copyCode('python')}>
        Copy as Python
      </button>
    </header>
  );
}

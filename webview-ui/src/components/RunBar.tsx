// Run (Ctrl/Cmd+Enter) or Stop, why the prompt cannot run yet, and the Raw toggle.
import type { JSX } from 'preact';
import { runProblems } from '../draft/draftEdits';
import type { UiState } from '../state/uiState';
import { useServices } from './context';

export function RunBar({ state, shortcut }: { state: UiState; shortcut: string }): JSX.Element {
  const { pg } = useServices();
  const problems = runProblems(state.draft, state.models);
  return (
    <div class="run-bar">
      {state.running ? (
        <button type="button" class="stop" data-testid="stop" disabled={state.stopping} onClick={() => void pg.runs.stop()}>
          {state.stopping ? 'Stopping…' : 'Stop'}
        </button>
      ) : (
        <button type="button" class="run" data-testid="run" disabled={problems.length > 0} title={`Run (${shortcut})`} aria-keyshortcuts="Control+Enter Meta+Enter" onClick={() => void pg.runs.run()}>
          Run <kbd>{shortcut}</kbd>
        </button>
      )}
      {!state.running && problems.length > 0 && (
        <span class="run-problems" data-testid="run-problems">
          {problems.join(' ')}
        </span>
      )}
      <span class="spacer" />
      <label class="toggle">
        <input type="checkbox" data-testid="raw-toggle" checked={state.raw} onChange={(e) => pg.setRaw(e.currentTarget.checked)} />
        Raw
      </label>
    </div>
  );
}

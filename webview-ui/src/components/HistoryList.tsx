// Past runs (the host keeps them across reloads): open one to get its draft and answers back.
import type { JSX } from 'preact';
import type { HistoryEntry } from '../../../src/shared/protocol';
import { historyLabel } from '../app/history';
import { useServices } from './context';

export function HistoryList({ history }: { history: HistoryEntry[] }): JSX.Element {
  const { actions } = useServices();
  return (
    <div class="history" data-testid="history">
      {history.length === 0 ? (
        <p class="empty" data-testid="history-empty">
          No runs yet. Each run is kept here, also after a reload.
        </p>
      ) : (
        <>
          <ul class="history-list">
            {history.map((entry) => (
              <li key={entry.runId}>
                <button type="button" class="history-item" data-testid="history-item" data-run-id={entry.runId} onClick={() => actions.restoreHistory(entry)}>
                  <span class="history-when">{new Date(entry.at).toLocaleString()}</span>
                  <span class="history-models">{entry.columns.map((c) => (c.variant === 'b' ? `${c.modelId} (B)` : c.modelId)).join(', ')}</span>
                  <span class="history-text">{historyLabel(entry)}</span>
                  {entry.results.some((r) => 'failed' in r) && <span class="badge warn">failed</span>}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" class="secondary" data-testid="history-clear" onClick={() => void actions.clearHistory()}>
            Clear history
          </button>
        </>
      )}
    </div>
  );
}

// Thumbs up or down with an optional note on an answer: the host appends it as a case to a dataset file
// of the prompt (feedback turns into tests); the column says which file.
import type { JSX } from 'preact';
import type { ColumnState } from '../state/uiState';
import { AutoTextarea } from './AutoTextarea';
import { useServices } from './context';
import { basename } from './format';

export function Feedback({ col }: { col: ColumnState }): JSX.Element {
  const { actions } = useServices();
  const fb = col.feedback;
  const sent = fb?.status === 'sent';
  const rate = (rating: 'up' | 'down') => actions.setFeedback(col.slot, { rating, status: 'editing', dataset: undefined, error: undefined });
  return (
    <div class="feedback" data-testid="feedback">
      <div class="row" role="group" aria-label="Rate this answer">
        <button type="button" class="icon" data-testid="feedback-up" aria-label="Good answer" aria-pressed={fb?.rating === 'up'} disabled={sent} onClick={() => rate('up')}>
          ✓ Good
        </button>
        <button type="button" class="icon" data-testid="feedback-down" aria-label="Bad answer" aria-pressed={fb?.rating === 'down'} disabled={sent} onClick={() => rate('down')}>
          ✗ Bad
        </button>
        {sent && fb?.dataset && (
          <span class="feedback-result" data-testid="feedback-result" title={fb.dataset}>
            Added to {basename(fb.dataset)}
          </span>
        )}
      </div>
      {fb?.rating && !sent && (
        <div class="feedback-form">
          <label class="field">
            <span>Note (optional): what should the answer be?</span>
            <AutoTextarea data-testid="feedback-note" rows={2} value={fb.note} onValue={(note) => actions.setFeedback(col.slot, { note })} />
          </label>
          <div class="row">
            <button type="button" data-testid="feedback-send" disabled={fb.status === 'sending'} onClick={() => void actions.sendFeedback(col.slot)}>
              {fb.status === 'sending' ? 'Sending…' : 'Send feedback'}
            </button>
            <button type="button" class="secondary" onClick={() => actions.setFeedback(col.slot, { rating: undefined, note: '' })}>
              Cancel
            </button>
          </div>
          {fb.status === 'error' && (
            <span class="error-text" role="alert" data-testid="feedback-error">
              {fb.error}
            </span>
          )}
        </div>
      )}
    </div>
  );
}

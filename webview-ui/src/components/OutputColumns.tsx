// One column per model (or prompt variant) of the run: the streamed answer, its tool calls, its numbers,
// its error with what to do, and feedback.
import type { JSX } from 'preact';
import type { ColumnState } from '../state/uiState';
import { streamKey } from '../state/uiState';
import { ColumnStats } from './ColumnStats';
import { useServices } from './context';
import { Feedback } from './Feedback';
import { finishLabel } from './format';
import { OutputBody, StaticOutput } from './OutputBody';
import { ToolCalls } from './ToolCalls';

const STATUS: Record<ColumnState['status'], string> = {
  waiting: 'Waiting for the first token…',
  streaming: 'Streaming…',
  done: 'Done',
  failed: 'Failed',
  stopped: 'Stopped',
};

export function OutputColumns({ columns, raw, running, shortcut }: { columns: ColumnState[]; raw: boolean; running: boolean; shortcut: string }): JSX.Element {
  if (columns.length === 0) {
    return (
      <section class="output-columns empty-output" data-testid="output-columns" aria-label="Answers">
        <p class="empty" data-testid="output-empty">
          Answers appear here. Write a prompt, pick a model and press Run ({shortcut}).
        </p>
      </section>
    );
  }
  return (
    <section class={`output-columns cols-${Math.min(columns.length, 4)}`} data-testid="output-columns" aria-label="Answers">
      {columns.map((col) => (
        <OutputColumn col={col} raw={raw} running={running} key={col.slot} />
      ))}
    </section>
  );
}

function OutputColumn({ col, raw, running }: { col: ColumnState; raw: boolean; running: boolean }): JSX.Element {
  const { actions } = useServices();
  const mode = raw || col.format === 'json' ? 'plain' : 'markdown';
  const live = col.status === 'waiting' || col.status === 'streaming';
  const title = col.variant === 'b' ? `${col.modelId} · variant B` : col.modelId;
  const note = col.summary ? finishLabel(col.summary) : undefined;
  return (
    <article class={`output-column status-${col.status}`} data-testid="output-column" data-model-id={col.modelId} data-variant={col.variant} data-status={col.status} aria-busy={live}>
      <header class="column-head">
        <h4 class="column-title" data-testid="output-title" title={title}>
          {title}
        </h4>
        <span class="column-status" data-testid="output-status" role="status">
          {STATUS[col.status]}
        </span>
      </header>
      {col.prior.map((turn, i) => (
        <div class="prior-turn" key={i}>
          <StaticOutput text={turn.text} mode={mode} />
          {turn.toolCalls.map((t) => (
            <div class="tool-call settled" key={t.index}>
              <span class="badge">tool call</span> <code>{t.name}</code> → <code class="tool-result">{t.result}</code>
            </div>
          ))}
        </div>
      ))}
      <OutputBody streamKey={streamKey(col.runId, col.columnId)} mode={mode} live={live} label={`Answer of ${title}`} />
      <ToolCalls col={col} running={running} />
      {col.failure && col.status === 'failed' && (
        <div class="column-error" role="alert" data-testid="output-error">
          <strong>{col.failure.message}</strong>
          {col.failure.hint && <p data-testid="output-hint">{col.failure.hint}</p>}
          {col.failure.kind === 'auth' && (
            <button type="button" class="link" data-testid="set-api-key" onClick={() => void actions.openKeys(col.modelId.split('/')[0])}>
              Set API Key…
            </button>
          )}
        </div>
      )}
      {note && <p class="column-note">{note}</p>}
      {col.summary && <ColumnStats summary={col.summary} />}
      {(col.status === 'done' || (col.status === 'stopped' && col.text)) && <Feedback col={col} />}
    </article>
  );
}

// The tool calls of an answer, as they stream; once it settles, each is answered by hand or from a
// fixture, and "Continue" sends the results back to the model.
import type { JSX } from 'preact';
import type { ColumnState, ToolCallView } from '../state/uiState';
import { AutoTextarea } from './AutoTextarea';
import { useServices } from './context';

export function ToolCalls({ col, running }: { col: ColumnState; running: boolean }): JSX.Element | null {
  const { pg, actions } = useServices();
  if (col.toolCalls.length === 0) return null;
  const answerable = col.status === 'done';
  const ready = col.toolCalls.every((t) => t.result.trim());
  return (
    <div class="tool-calls" data-testid="tool-calls">
      {col.toolCalls.map((t) => (
        <div class="tool-call" data-testid="tool-call" data-tool={t.name} key={t.index}>
          <div class="tool-call-head">
            <span class="badge">tool call</span> <code data-testid="tool-call-name">{t.name || '…'}</code>
          </div>
          <pre class="tool-call-args" data-testid="tool-call-args">
            {prettyArguments(t)}
          </pre>
          {answerable && (
            <div class="tool-call-answer">
              <label class="field">
                <span>Result of {t.name}</span>
                <AutoTextarea
                  data-testid="tool-call-result"
                  class="mono"
                  rows={2}
                  placeholder="What the function returns (JSON or text)"
                  value={t.result}
                  onValue={(v) => actions.setToolResult(col.slot, t.index, v)}
                />
              </label>
              <button type="button" class="secondary" data-testid="tool-call-fixture" onClick={() => void actions.fixture(col.slot, t.index)}>
                From fixture
              </button>
            </div>
          )}
        </div>
      ))}
      {answerable && (
        <button type="button" data-testid="continue" disabled={!ready || running} title={ready ? 'Send the results to the model' : 'Answer every call first'} onClick={() => void pg.runs.continueColumn(col.slot)}>
          Continue
        </button>
      )}
    </div>
  );
}

function prettyArguments(t: ToolCallView): string {
  try {
    return JSON.stringify(JSON.parse(t.arguments), null, 2);
  } catch {
    return t.arguments;
  }
}

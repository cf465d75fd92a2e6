// One input per `{{variable}}` the messages use, found as the user types. A value stays (marked unused)
// when its variable disappears for a moment, until removed.
import type { JSX } from 'preact';
import type { PlaygroundDraft } from '../../../src/shared/protocol';
import { removeVariable, setVariable, variableRows } from '../draft/draftEdits';
import { AutoTextarea } from './AutoTextarea';
import { useServices } from './context';

export function VariablesPanel({ draft }: { draft: PlaygroundDraft }): JSX.Element {
  const { pg } = useServices();
  const rows = variableRows(draft);
  return (
    <section class="variables" data-testid="variables" aria-label="Variables">
      <h3 class="section-title">Variables</h3>
      {rows.length === 0 ? (
        <p class="empty" data-testid="variables-empty">
          No variables. Write <code>{'{{name}}'}</code> in a message to add one.
        </p>
      ) : (
        <div class="variable-grid">
          {rows.map((row) => (
            <div class={`variable${row.unused ? ' unused' : ''}`} key={row.name} data-testid="variable" data-variable={row.name}>
              <label for={`var-${row.name}`} class="variable-name">
                {`{{${row.name}}}`}
                {row.unused && <span class="badge">unused</span>}
                {!row.unused && !row.value && <span class="badge warn">empty</span>}
              </label>
              <AutoTextarea
                id={`var-${row.name}`}
                data-testid={`variable-${row.name}`}
                class="variable-value"
                rows={1}
                placeholder={`Value of ${row.name}`}
                value={row.value}
                onValue={(value) => pg.editDraft((d) => setVariable(d, row.name, value))}
              />
              {row.unused && (
                <button type="button" class="icon" data-testid="variable-remove" aria-label={`Forget ${row.name}`} onClick={() => pg.editDraft((d) => removeVariable(d, row.name))}>
                  ×
                </button>
              )}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

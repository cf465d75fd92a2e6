// The playground: prompt (messages, variables), model and parameters on one side, answers on the other
// (stacked in a narrow view). Ctrl/Cmd+Enter runs from anywhere.
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { setVariantCompare } from '../draft/draftEdits';
import { useServices, useUiState } from './context';
import { HistoryList } from './HistoryList';
import { MessagesEditor } from './MessagesEditor';
import { ModelPicker } from './ModelPicker';
import { Notices } from './Notices';
import { OutputColumns } from './OutputColumns';
import { ParametersPanel } from './ParametersPanel';
import { RunBar } from './RunBar';
import { Toolbar } from './Toolbar';
import { ToolsEditor } from './ToolsEditor';
import { VariablesPanel } from './VariablesPanel';

export function App({ shortcut }: { shortcut: string }): JSX.Element {
  const { pg } = useServices();
  const state = useUiState(pg);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      if (!pg.store.get().running) void pg.runs.run();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [pg]);

  if (state.phase === 'loading' && !state.restored) {
    return (
      <main class="playground loading" data-testid="playground" data-phase="loading">
        <p class="empty">Starting the playground…</p>
      </main>
    );
  }

  const { draft } = state;
  const variant = draft.variant !== undefined;
  return (
    <main class="playground" data-testid="playground" data-phase={state.phase} data-mode={state.mode}>
      <Toolbar state={state} />
      <Notices state={state} />
      <div class="layout">
        <div class="editor-side">
          <div class={variant ? 'variants' : ''}>
            <MessagesEditor list="a" messages={draft.messages} title={variant ? 'Prompt A' : 'Messages'} />
            {variant && <MessagesEditor list="b" messages={draft.variant ?? []} title="Prompt B" />}
          </div>
          <label class="toggle">
            <input type="checkbox" data-testid="variant-toggle" checked={variant} onChange={(e) => pg.editDraft((d) => setVariantCompare(d, e.currentTarget.checked))} />
            Compare two prompt variants (A/B, same variables)
          </label>
          <VariablesPanel draft={draft} />
          <ModelPicker state={state} />
          <details class="section" data-testid="parameters-section">
            <summary>Parameters</summary>
            <ParametersPanel draft={draft} />
          </details>
          <details class="section" data-testid="tools-section" open={(draft.tools?.length ?? 0) > 0 ? true : undefined}>
            <summary>Tools{draft.tools?.length ? ` (${draft.tools.length})` : ''}</summary>
            <ToolsEditor tools={draft.tools ?? []} />
          </details>
        </div>
        <div class="output-side">
          <RunBar state={state} shortcut={shortcut} />
          <OutputColumns columns={state.columns} raw={state.raw} running={state.running} shortcut={shortcut} />
          <details class="section" data-testid="history-section">
            <summary>History ({state.history.length})</summary>
            <HistoryList history={state.history} />
          </details>
        </div>
      </div>
    </main>
  );
}

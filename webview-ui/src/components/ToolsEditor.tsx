// Functions the model may call, declared with JSON Schema (the prompt file's `tools`): a list, and a
// small form to add or edit one.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { ToolDefinition } from '../../../src/shared/types';
import { removeTool, upsertTool } from '../draft/draftEdits';
import { AutoTextarea } from './AutoTextarea';
import { useServices } from './context';

const EMPTY_PARAMETERS = JSON.stringify({ type: 'object', properties: {}, required: [] }, null, 2);
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

interface Form {
  replacing?: string;
  name: string;
  description: string;
  parameters: string;
}

export function ToolsEditor({ tools }: { tools: ToolDefinition[] }): JSX.Element {
  const { pg } = useServices();
  const [form, setForm] = useState<Form | undefined>(undefined);
  const problem = form ? formProblem(form, tools) : undefined;
  const save = () => {
    if (!form || problem) return;
    const tool: ToolDefinition = { name: form.name.trim(), parameters: JSON.parse(form.parameters) as ToolDefinition['parameters'] };
    if (form.description.trim()) tool.description = form.description.trim();
    pg.editDraft((d) => upsertTool(d, tool, form.replacing));
    setForm(undefined);
  };
  return (
    <div class="tools" data-testid="tools-editor">
      {tools.length === 0 && !form && <p class="empty">No tools. Add a function the model can call, with its parameters as JSON Schema.</p>}
      <ul class="tool-list">
        {tools.map((t) => (
          <li class="tool-item" data-testid="tool-item" data-tool={t.name} key={t.name}>
            <code>{t.name}</code>
            <span class="tool-description">{t.description}</span>
            <span class="spacer" />
            <button type="button" class="link" onClick={() => setForm({ replacing: t.name, name: t.name, description: t.description ?? '', parameters: JSON.stringify(t.parameters, null, 2) })}>
              Edit
            </button>
            <button type="button" class="icon" data-testid="tool-remove" aria-label={`Remove tool ${t.name}`} onClick={() => pg.editDraft((d) => removeTool(d, t.name))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      {form ? (
        <div class="tool-form" role="group" aria-label={form.replacing ? `Edit tool ${form.replacing}` : 'New tool'}>
          <label class="field">
            <span>Name</span>
            <input data-testid="tool-name" value={form.name} placeholder="get_weather" onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
          </label>
          <label class="field">
            <span>Description</span>
            <input data-testid="tool-description" value={form.description} placeholder="What it does, for the model" onInput={(e) => setForm({ ...form, description: e.currentTarget.value })} />
          </label>
          <label class="field">
            <span>Parameters (JSON Schema)</span>
            <AutoTextarea data-testid="tool-parameters" class="mono" rows={4} spellcheck={false} value={form.parameters} onValue={(parameters) => setForm({ ...form, parameters })} />
          </label>
          {problem && (
            <span class="error-text" role="alert" data-testid="tool-error">
              {problem}
            </span>
          )}
          <div class="row">
            <button type="button" data-testid="tool-save" disabled={!!problem} onClick={save}>
              {form.replacing ? 'Save tool' : 'Add tool'}
            </button>
            <button type="button" class="secondary" onClick={() => setForm(undefined)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="secondary" data-testid="tool-add" onClick={() => setForm({ name: '', description: '', parameters: EMPTY_PARAMETERS })}>
          + Add tool
        </button>
      )}
    </div>
  );
}

function formProblem(form: Form, tools: ToolDefinition[]): string | undefined {
  const name = form.name.trim();
  if (!TOOL_NAME.test(name)) return 'Name: letters, digits, _ and - only (at most 64).';
  if (name !== form.replacing && tools.some((t) => t.name === name)) return `A tool named ${name} exists already.`;
  try {
    const value: unknown = JSON.parse(form.parameters);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'Parameters must be a JSON Schema object.';
  } catch (error) {
    return `Parameters are not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  return undefined;
}

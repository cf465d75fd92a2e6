// The models of the configured providers (from models/list): one to run, or up to four to compare.
// A provider without a key is shown with its reason and a "Set API Key…" action (the key is typed in the
// editor, never here).
import type { JSX } from 'preact';
import { MAX_COMPARE_MODELS, type ModelOption, type ProviderStatus } from '../../../src/shared/protocol';
import { toggleModel } from '../draft/draftEdits';
import type { UiState } from '../state/uiState';
import { useServices } from './context';

const KEY_SOURCE: Record<ProviderStatus['keySource'], string> = {
  'secret-storage': 'key set',
  env: 'key from environment',
  none: 'no key',
  'not-needed': 'no key needed',
};

export function ModelPicker({ state }: { state: UiState }): JSX.Element {
  const { pg, actions } = useServices();
  const { models, providers, compareModels, modelsStatus } = state;
  const selected = state.draft.modelIds;
  const full = compareModels && selected.length >= MAX_COMPARE_MODELS;
  const groups = groupByProvider(models, providers);
  const unknown = selected.filter((id) => !models.some((m) => m.id === id));
  const toggle = (id: string) => pg.editDraft((d) => toggleModel(d, id, compareModels));

  return (
    <section class="model-picker" data-testid="model-picker" aria-label="Models">
      <div class="section-head">
        <h3 class="section-title">{compareModels ? `Models (${selected.length}/${MAX_COMPARE_MODELS})` : 'Model'}</h3>
        <label class="toggle">
          <input type="checkbox" data-testid="compare-toggle" checked={compareModels} onChange={(e) => pg.setCompareModels(e.currentTarget.checked)} />
          Compare models
        </label>
        <button type="button" class="icon" data-testid="models-refresh" aria-label="Refresh the model list" title="Refresh the model list" onClick={() => void pg.loadModels(true)}>
          ⟳
        </button>
      </div>
      {modelsStatus === 'loading' && models.length === 0 && <p class="empty">Loading models…</p>}
      {modelsStatus === 'error' && (
        <p class="error-text" role="alert">
          Could not list the models: {state.modelsError}{' '}
          <button type="button" class="link" onClick={() => void pg.loadModels(true)}>
            Try again
          </button>
        </p>
      )}
      {modelsStatus !== 'loading' && models.length === 0 && (
        <p class="empty" data-testid="models-empty">
          No models yet. Set an API key for a provider, or use the local model.{' '}
          <button type="button" class="link" data-testid="set-api-key" onClick={() => void actions.openKeys()}>
            Set API Key…
          </button>
        </p>
      )}
      {models.length > 0 && selected.length === 0 && (
        <p class="empty" data-testid="models-pick">
          Pick a model to run the prompt. No key? Use <em>Set API Key…</em> or the local model.
        </p>
      )}
      <div class="model-groups" role="group" aria-label={compareModels ? `Models to compare, up to ${MAX_COMPARE_MODELS}` : 'Model to run'}>
        {groups.map(({ provider, models: list }) => (
          <div class="provider" data-testid="provider" data-provider={provider.name} key={provider.name}>
            <div class="provider-head">
              <span class="provider-name">{provider.name}</span>
              <span class="provider-status" title={provider.detail}>
                {KEY_SOURCE[provider.keySource]}
              </span>
              {provider.keySource === 'none' && (
                <button type="button" class="link" data-testid="set-api-key" data-provider={provider.name} onClick={() => void actions.openKeys(provider.name)}>
                  Set API Key…
                </button>
              )}
            </div>
            {list.map((m) => {
              const checked = selected.includes(m.id);
              const disabled = !!m.unavailable || (full && !checked);
              return (
                <label class={`model-option${m.unavailable ? ' unavailable' : ''}`} data-testid="model-option" data-model-id={m.id} key={m.id}>
                  <input type={compareModels ? 'checkbox' : 'radio'} name="promptyard-model" checked={checked} disabled={disabled} onChange={() => toggle(m.id)} />
                  <span class="model-name">{m.id.slice(m.provider.length + 1) || m.id}</span>
                  {m.unavailable && <span class="reason">{m.unavailable}</span>}
                </label>
              );
            })}
          </div>
        ))}
        {unknown.map((id) => (
          <label class="model-option unavailable" data-testid="model-option" data-model-id={id} key={id}>
            <input type={compareModels ? 'checkbox' : 'radio'} name="promptyard-model" checked onChange={() => pg.editDraft((d) => ({ ...d, modelIds: d.modelIds.filter((x) => x !== id) }))} />
            <span class="model-name">{id}</span>
            <span class="reason">not among the configured models</span>
          </label>
        ))}
      </div>
    </section>
  );
}

function groupByProvider(models: ModelOption[], providers: ProviderStatus[]): Array<{ provider: ProviderStatus; models: ModelOption[] }> {
  const groups = providers.map((provider) => ({ provider, models: models.filter((m) => m.provider === provider.name) }));
  const listed = new Set(providers.map((p) => p.name));
  for (const m of models) {
    if (listed.has(m.provider)) continue;
    listed.add(m.provider);
    groups.push({ provider: { name: m.provider, kind: m.provider, keySource: 'not-needed' }, models: models.filter((x) => x.provider === m.provider) });
  }
  return groups;
}

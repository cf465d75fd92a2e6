// Model ids are `provider/model`; the model part may hold further slashes (`openrouter/meta-llama/llama-3.1-8b`).

export interface ModelRef {
  provider: string;
  model: string;
}

const PROVIDER_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

export function parseModelId(id: string): ModelRef | undefined {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return undefined;
  const provider = id.slice(0, slash);
  const model = id.slice(slash + 1);
  if (!PROVIDER_NAME.test(provider) || /\s/.test(model)) return undefined;
  return { provider, model };
}

export function formatModelId(ref: ModelRef): string {
  return `${ref.provider}/${ref.model}`;
}

export function isValidProviderName(name: string): boolean {
  return PROVIDER_NAME.test(name);
}

// The prompts a generated project carries: for each chosen `id@label` (or version) its verified snapshot,
// a lock file holding just those versions, the prompt file as released (so `promptyard prompts check`
// passes in the new project), the partials they use and the prices of their models.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ModelPrice } from '../config';
import { PromptyardError } from '../errors';
import { loadPartials, type PartialSet } from '../prompts/partials';
import { openRegistry } from '../prompts/registry/registry';
import { LOCKFILE_VERSION, serializeLock, snapshotPath, type LockFile } from '../prompts/registry/lockFile';
import { DEFAULT_LABEL, parseRef } from '../prompts/registry/names';
import { highestVersion } from '../prompts/registry/semver';
import { planTemplate } from '../prompts/template';
import { createCatalog } from '../providers/catalog';

export interface ChosenPrompt {
  id: string;
  /** The label it was chosen by; `production` when chosen by version or by id alone. */
  label: string;
  version: string;
  /** `provider/model` as the prompt names it, or '' when it names none. */
  model: string;
}

export interface PromptFiles {
  prompts: ChosenPrompt[];
  /** Project-relative path → content. */
  files: Map<string, string>;
}

/**
 * Resolves and verifies every reference (no reference: every released prompt at its default version) and
 * builds the files. Throws a PromptyardError with exit code 2 for an unknown id, version or label.
 */
export async function collectPrompts(root: string, refs: string[], priceOverrides: Record<string, ModelPrice> = {}): Promise<PromptFiles> {
  const registry = openRegistry(root);
  const lock = registry.lock();
  if (refs.length === 0) refs = Object.keys(lock.prompts).sort();
  if (refs.length === 0) {
    throw new PromptyardError('no-prompts', `no prompt has been released in ${root}`, {
      hint: 'Release one first with `promptyard prompts release <file>`, or pass --prompt id@label.',
    });
  }
  const chosen: ChosenPrompt[] = [];
  const out: LockFile = { lockfileVersion: LOCKFILE_VERSION, prompts: {} };
  const files = new Map<string, string>();
  const texts = new Map<string, string>();
  const partialNames = new Set<string>();
  for (const ref of refs) {
    const parsed = parseRef(ref);
    const loaded = await registry.loadPrompt(ref);
    const label = parsed.selector.kind === 'label' ? parsed.selector.label : DEFAULT_LABEL;
    const source = lock.prompts[loaded.id]!;
    const entry = (out.prompts[loaded.id] ??= { file: `prompts/${loaded.id}.prompt.yml`, versions: {}, labels: {} });
    entry.versions[loaded.version] = { ...source.versions[loaded.version]! };
    if (entry.labels[label] !== undefined && entry.labels[label] !== loaded.version) {
      throw new PromptyardError('conflicting-prompts', `${ref} and an earlier --prompt both give ${loaded.id} the label '${label}'`, {
        hint: 'Choose each label of a prompt once.',
        exitCode: 2,
      });
    }
    entry.labels[label] = loaded.version;
    files.set(snapshotPath(loaded.id, loaded.version), loaded.text);
    texts.set(`${loaded.id}@${loaded.version}`, loaded.text);
    if (!chosen.some((c) => c.id === loaded.id && c.version === loaded.version && c.label === label)) {
      chosen.push({ id: loaded.id, label, version: loaded.version, model: loaded.prompt.model ?? '' });
    }
    for (const n of collectPartialNames(loaded.prompt.messages.map((m) => m.content))) partialNames.add(n);
  }
  // The service serves `production` unless told otherwise: when no chosen reference named it, it points
  // at the highest chosen version of the prompt.
  for (const [id, entry] of Object.entries(out.prompts)) {
    const latest = highestVersion(Object.keys(entry.versions))!;
    entry.labels[DEFAULT_LABEL] ??= latest;
    files.set(entry.file, texts.get(`${id}@${latest}`)!);
  }
  files.set('prompts/prompts.lock.json', serializeLock(out));
  for (const [rel, content] of await partialFiles(root, partialNames)) files.set(rel, content);
  files.set('prices.json', pricesFor(chosen, priceOverrides));
  return { prompts: chosen, files };
}

function collectPartialNames(templates: string[]): Set<string> {
  const names = new Set<string>();
  for (const t of templates) for (const ref of planTemplate(t).partialRefs) names.add(ref.name);
  return names;
}

/** The partials the chosen prompts include, directly or through other partials, copied from prompts/partials/. */
async function partialFiles(root: string, wanted: Set<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (wanted.size === 0) return out;
  const dir = path.join(root, 'prompts', 'partials');
  const set: PartialSet = existsSync(dir) ? await loadPartials({ dir }) : { partials: new Map() };
  const queue = [...wanted];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const partial = set.partials.get(name);
    if (!partial) {
      throw new PromptyardError('missing-partial', `a chosen prompt includes the partial '${name}', which is not in prompts/partials/`, {
        hint: 'Add the partial file (e.g. prompts/partials/<name>.md) or remove the {{> …}} from the prompt.',
        exitCode: 2,
      });
    }
    out.set(`prompts/partials/${path.basename(partial.file)}`, partial.content);
    for (const n of collectPartialNames([partial.content])) queue.push(n);
  }
  return out;
}

/** The chosen models' prices and those of every other catalogued model of their providers, so that a
 * fallback model (LLM_FALLBACK_MODEL, any model of the same provider) is priced too and counts against budgets. */
function pricesFor(chosen: ChosenPrompt[], overrides: Record<string, ModelPrice>): string {
  const catalog = createCatalog(overrides);
  const chosenModels = [...new Set(chosen.map((c) => c.model).filter(Boolean))];
  const providers = new Set(chosenModels.filter((m) => m.includes('/')).map((m) => m.slice(0, m.indexOf('/'))));
  const models: Record<string, ModelPrice> = {};
  for (const model of [...new Set([...chosenModels, ...[...providers].flatMap((p) => catalog.knownModels(p))])].sort()) {
    const found = catalog.lookup(model);
    if (found) models[model] = found.price;
  }
  const table = catalog.table;
  return `${JSON.stringify({ pricedAt: table.pricedAt, currency: table.currency, unit: table.unit, models }, null, 2)}\n`;
}

// Labels: `label` points a label at a version, `promote` copies one label's version to another, `rollback`
// moves a label to the version released before its current one. Each move is appended to the label's
// history (from, to, at, by, action). Moving a label to where it already is changes nothing.
import { PromptyardError } from '../../errors';
import type { RegistryContext } from './context';
import { cloneLock, previousVersion, type LabelAction, type LockFile, type PromptEntry } from './lockFile';
import { sortVersions } from './semver';
import { assertId, assertLabel, assertVersion, badInput, DEFAULT_LABEL } from './names';

export interface LabelResult {
  id: string;
  label: string;
  /** Where the label pointed before (undefined: it is new). */
  from?: string;
  to: string;
  action: LabelAction;
  /** False when the label already pointed there: nothing was written. */
  changed: boolean;
}

export async function setLabel(ctx: RegistryContext, id: string, label: string, version: string): Promise<LabelResult> {
  assertId(id);
  assertLabel(label);
  assertVersion(version);
  const target = (entry: PromptEntry) => existingVersion(id, entry, version);
  return move(ctx, id, label, 'label', target);
}

export async function promote(ctx: RegistryContext, id: string, from: string, to: string): Promise<LabelResult> {
  assertId(id);
  assertLabel(from);
  assertLabel(to);
  if (from === to) throw badInput('usage', `--from and --to are both '${from}'`, 'Promote from one label to another, e.g. --from staging --to production.');
  return move(ctx, id, to, 'promote', (entry) => labelVersion(id, entry, from));
}

export async function rollback(ctx: RegistryContext, id: string, label = DEFAULT_LABEL): Promise<LabelResult> {
  assertId(id);
  assertLabel(label);
  return move(ctx, id, label, 'rollback', (entry) => {
    const current = labelVersion(id, entry, label);
    const before = previousVersion(entry, current);
    if (before === undefined) {
      throw new PromptyardError('nothing-to-roll-back', `${id}@${label} is at ${current}, the first released version of ${id}: there is no earlier version to roll back to`, {
        hint: `Point the label at another version with \`promptyard prompts label ${id} ${label} <version>\`.`,
      });
    }
    return before;
  });
}

/** Validates against the cached state first (bad input writes nothing, not even the writer lock), then under the lock. */
async function move(ctx: RegistryContext, id: string, label: string, action: LabelAction, target: (entry: PromptEntry) => string): Promise<LabelResult> {
  target(ctx.entry(id));
  const author = await ctx.author();
  return ctx.withWriterLock<LabelResult>(action, async (lock: LockFile) => {
    const entry = ctx.entry(id, lock);
    const to = target(entry);
    const from = entry.labels[label];
    const result: LabelResult = { id, label, to, action, changed: from !== to, ...(from !== undefined ? { from } : {}) };
    if (from === to) return { result };
    const next = cloneLock(lock);
    const nextEntry = next.prompts[id]!;
    nextEntry.labels[label] = to;
    nextEntry.history ??= {};
    (nextEntry.history[label] ??= []).push({ from: from ?? null, to, at: ctx.now(), by: author, action });
    return { lock: next, result };
  });
}

function existingVersion(id: string, entry: PromptEntry, version: string): string {
  if (Object.hasOwn(entry.versions, version)) return version;
  const known = sortVersions(Object.keys(entry.versions));
  throw badInput('unknown-version', `${id} has no version ${version}`, `Released versions: ${known.join(', ') || 'none'}; \`promptyard prompts history ${id}\` lists them.`);
}

function labelVersion(id: string, entry: PromptEntry, label: string): string {
  const version = Object.hasOwn(entry.labels, label) ? entry.labels[label] : undefined;
  if (version !== undefined) return version;
  const known = Object.keys(entry.labels).sort();
  throw badInput(
    'unknown-label',
    `${id} has no label '${label}'`,
    known.length ? `Its labels are ${known.join(', ')}; set one with \`promptyard prompts label ${id} ${label} <version>\`.` : `Set it first with \`promptyard prompts label ${id} ${label} <version>\`.`,
  );
}

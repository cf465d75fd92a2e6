// What a release or a label move will change, in the words of its confirmation. No `vscode` here, so the
// texts are unit-tested; versionCommands.ts asks with them.
import { bumpVersion, compareSemver, type BumpKind } from '../../core/prompts/registry/semver';

/** `production: 1.1.0 → 1.2.0` (a new label: `production: (new) → 1.2.0`). */
export function labelMove(label: string, from: string | undefined, to: string): string {
  return `${label}: ${from ?? '(new)'} → ${to}`;
}

/** The next version of each bump, as the release will compute it (core's bumpVersion). */
export function releaseChoices(latest: string | undefined, fileVersion: string | undefined): Array<{ bump?: BumpKind; version: string }> {
  if (latest === undefined) return [{ version: fileVersion ?? '1.0.0' }];
  return (['patch', 'minor', 'major'] as const).map((bump) => ({ bump, version: bumpVersion(latest, bump) }));
}

export function releaseQuestion(id: string, latest: string | undefined, next: string): { question: string; detail: string } {
  return {
    question: `Release ${id} ${next}?`,
    detail: [
      `${id}: ${latest ?? 'never released'} → ${next}`,
      `Writes the snapshot prompts/.versions/${id}/${next}.prompt.yml, records it in prompts/prompts.lock.json and sets version: ${next} in the file.`,
      'No label moves: promote the version when it is ready.',
    ].join('\n'),
  };
}

export function promoteQuestion(id: string, from: string, to: string, current: string | undefined, target: string): { question: string; detail: string } {
  return {
    question: `Promote ${id}: ${labelMove(to, current, target)}?`,
    detail: `${to} will point at ${target}, the version ${from} points at. Services that load ${id}@${to} get it on their next read of the lock file.`,
  };
}

export function labelQuestion(id: string, label: string, current: string | undefined, target: string): { question: string; detail: string } {
  return {
    question: `Point ${id}@${label} at ${target}? ${labelMove(label, current, target)}`,
    detail: `Services that load ${id}@${label} get ${target} on their next read of the lock file.`,
  };
}

export function rollbackQuestion(id: string, label: string, current: string, previous: string): { question: string; detail: string } {
  return {
    question: `Roll back ${id}: ${labelMove(label, current, previous)}?`,
    detail: `${label} goes back to ${previous}, the version released before ${current}. ${current} stays released; promote it again to undo this.`,
  };
}

/** The version released just before `version` among `versions` (any order), if any. */
export function previousOf(versions: readonly string[], version: string): string | undefined {
  let best: string | undefined;
  for (const v of versions) if (compareSemver(v, version) < 0 && (best === undefined || compareSemver(v, best) > 0)) best = v;
  return best;
}

/** Labels with the default one first, then by name. */
export function orderLabels(labels: Iterable<string>): string[] {
  return [...labels].sort((a, b) => (a === 'production' ? -1 : b === 'production' ? 1 : a.localeCompare(b)));
}

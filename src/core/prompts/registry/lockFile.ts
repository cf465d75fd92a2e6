// The lock file model (prompts/prompts.lock.json, format in docs/prompt-registry.md) and its stable
// serialization: keys sorted (versions by semver precedence), two-space JSON, a final newline.
import { compareSemver, highestVersion, sortVersions } from './semver';

export const LOCKFILE_VERSION = 1;

export interface VersionRecord {
  /** sha256 of the snapshot, CRLF normalized to LF (hash.ts). */
  sha256: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  message: string;
  /** `git rev-parse HEAD` when the release was made inside a git work tree. */
  commit?: string;
  author?: string;
}

export type LabelAction = 'label' | 'promote' | 'rollback';

export interface LabelMove {
  /** The version the label pointed at before, null when the label was new. */
  from: string | null;
  to: string;
  at: string;
  by: string;
  action?: LabelAction;
}

export interface PromptEntry {
  /** The prompt file, relative to the workspace root, with `/` separators. */
  file: string;
  versions: Record<string, VersionRecord>;
  labels: Record<string, string>;
  history?: Record<string, LabelMove[]>;
}

export interface LockFile {
  lockfileVersion: number;
  prompts: Record<string, PromptEntry>;
}

export function emptyLock(): LockFile {
  return { lockfileVersion: LOCKFILE_VERSION, prompts: {} };
}

export function latestVersion(entry: PromptEntry | undefined): string | undefined {
  return entry ? highestVersion(Object.keys(entry.versions)) : undefined;
}

/** The version released just before `version` (by precedence), if any. */
export function previousVersion(entry: PromptEntry, version: string): string | undefined {
  let best: string | undefined;
  for (const v of Object.keys(entry.versions)) {
    if (compareSemver(v, version) < 0 && (best === undefined || compareSemver(v, best) > 0)) best = v;
  }
  return best;
}

/** Labels that point at `version`. */
export function labelsOf(entry: PromptEntry, version: string): string[] {
  return Object.keys(entry.labels)
    .filter((l) => entry.labels[l] === version)
    .sort();
}

export function snapshotPath(id: string, version: string): string {
  return `prompts/.versions/${id}/${version}.prompt.yml`;
}

export function serializeLock(lock: LockFile): string {
  const prompts: Record<string, unknown> = {};
  for (const id of Object.keys(lock.prompts).sort()) prompts[id] = serializeEntry(lock.prompts[id]!);
  return `${JSON.stringify({ lockfileVersion: lock.lockfileVersion, prompts }, null, 2)}\n`;
}

function serializeEntry(entry: PromptEntry): Record<string, unknown> {
  const versions: Record<string, unknown> = {};
  for (const v of sortVersions(Object.keys(entry.versions))) versions[v] = sortedKeys(entry.versions[v]!);
  const history: Record<string, unknown> = {};
  for (const label of Object.keys(entry.history ?? {}).sort()) history[label] = entry.history![label]!.map(sortedKeys);
  return { file: entry.file, history, labels: sortedKeys(entry.labels), versions };
}

function sortedKeys<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}

/** A deep copy to change under the writer lock without touching the cached state. */
export function cloneLock(lock: LockFile): LockFile {
  return JSON.parse(JSON.stringify(lock)) as LockFile;
}

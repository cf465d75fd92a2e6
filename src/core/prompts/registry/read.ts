// The read side: list (every prompt with its latest version, labels and whether the file has unreleased
// changes), history (releases and label moves in time order) and show (one version with its record).
import { readFileSync } from 'node:fs';
import type { RegistryContext } from './context';
import { contentSha256 } from './hash';
import { labelsOf, latestVersion, snapshotPath, type LabelAction, type PromptEntry, type VersionRecord } from './lockFile';
import { sortVersions } from './semver';
import type { LoadedVersion, VersionLoader } from './loader';
import { assertId } from './names';
import { absolutePath, discoverPromptFiles } from './workspace';
import { promptIdOf, setVersion } from './yamlKeys';

/** `up-to-date`: the file is its latest release; `changed`: it has unreleased changes. */
export type PromptStatus = 'up-to-date' | 'changed' | 'never-released' | 'file-missing';

export interface PromptSummary {
  id: string;
  file: string;
  latest?: string;
  /** Oldest first. */
  versions: string[];
  labels: Record<string, string>;
  status: PromptStatus;
}

export interface VersionInfo extends VersionRecord {
  version: string;
  snapshot: string;
  /** Labels pointing at this version now. */
  labels: string[];
}

export type HistoryEvent =
  | { kind: 'release'; at: string; version: string; by?: string; message: string; commit?: string }
  | { kind: 'label'; at: string; label: string; from: string | null; to: string; by: string; action: LabelAction };

export interface PromptHistory {
  id: string;
  file: string;
  latest?: string;
  labels: Record<string, string>;
  versions: VersionInfo[];
  /** Releases and label moves, oldest first. */
  events: HistoryEvent[];
}

export interface ShownVersion extends LoadedVersion {
  record: VersionRecord;
  labels: string[];
  snapshot: string;
  file: string;
}

/** Reads the file and compares it, with its version set to the latest one, to the latest snapshot's hash. */
export function fileStatus(root: string, entry: PromptEntry): PromptStatus {
  const latest = latestVersion(entry);
  let text: string;
  try {
    text = readFileSync(absolutePath(root, entry.file), 'utf8');
  } catch {
    return 'file-missing';
  }
  if (latest === undefined) return 'never-released';
  try {
    return contentSha256(setVersion(text, latest)) === entry.versions[latest]!.sha256 ? 'up-to-date' : 'changed';
  } catch {
    return 'changed'; // the file no longer parses, so it is not what was released
  }
}

export function list(ctx: RegistryContext): PromptSummary[] {
  const { lock } = ctx.state();
  const out: PromptSummary[] = [];
  const released = new Set<string>();
  for (const id of Object.keys(lock.prompts).sort()) {
    const entry = lock.prompts[id]!;
    released.add(entry.file);
    const versions = sortVersions(Object.keys(entry.versions));
    out.push({ id, file: entry.file, ...(versions.length ? { latest: versions.at(-1)! } : {}), versions, labels: { ...entry.labels }, status: fileStatus(ctx.root, entry) });
  }
  for (const file of discoverPromptFiles(ctx.paths)) {
    if (released.has(file)) continue;
    let id: string;
    try {
      id = promptIdOf(readFileSync(absolutePath(ctx.root, file), 'utf8'), file);
    } catch {
      continue;
    }
    out.push({ id, file, versions: [], labels: {}, status: 'never-released' });
  }
  return out.sort((a, b) => (a.id === b.id ? a.file.localeCompare(b.file) : a.id < b.id ? -1 : 1));
}

export function history(ctx: RegistryContext, id: string): PromptHistory {
  const entry = ctx.entry(assertId(id));
  const versions: VersionInfo[] = sortVersions(Object.keys(entry.versions)).map((version) => ({
    version,
    ...entry.versions[version]!,
    snapshot: snapshotPath(id, version),
    labels: labelsOf(entry, version),
  }));
  const events: HistoryEvent[] = versions.map((v) => ({
    kind: 'release' as const,
    at: v.createdAt,
    version: v.version,
    message: v.message,
    ...(v.author !== undefined ? { by: v.author } : {}),
    ...(v.commit !== undefined ? { commit: v.commit } : {}),
  }));
  for (const [label, moves] of Object.entries(entry.history ?? {})) {
    for (const m of moves) events.push({ kind: 'label', at: m.at, label, from: m.from, to: m.to, by: m.by, action: m.action ?? 'label' });
  }
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)); // stable: a release stays before a move at the same time
  const latest = latestVersion(entry);
  return { id, file: entry.file, ...(latest ? { latest } : {}), labels: { ...entry.labels }, versions, events };
}

export async function show(ctx: RegistryContext, loader: VersionLoader, ref: string): Promise<ShownVersion> {
  const loaded = await loader.load(ref);
  const entry = ctx.entry(loaded.id);
  return {
    ...loaded,
    record: { ...entry.versions[loaded.version]! },
    labels: labelsOf(entry, loaded.version),
    snapshot: snapshotPath(loaded.id, loaded.version),
    file: entry.file,
  };
}

// Cleans up after a writer that died holding the lock: the snapshot it created but never recorded, and the
// temp files of its atomic writes. Runs under the writer lock, right after the lock file is read.
import { unlink } from 'node:fs/promises';
import { removeTempSiblings } from './atomicWrite';
import type { LockFile } from './lockFile';
import { isValidId } from './names';
import { isSemver } from './semver';
import { writerJournals } from './writerLock';
import { absolutePath, type RegistryPaths } from './workspace';

const SNAPSHOT = /^prompts\/\.versions\/([^/]+)\/([^/]+)\.prompt\.yml$/;

/** `prompts/.versions/<id>/<version>.prompt.yml` → its id and version, when both are valid. */
export function parseSnapshotPath(rel: string): { id: string; version: string } | undefined {
  const m = SNAPSHOT.exec(rel);
  return m && isValidId(m[1]!) && isSemver(m[2]!) ? { id: m[1]!, version: m[2]! } : undefined;
}

/** Whether a workspace-relative snapshot path is recorded in the lock. */
export function isRecordedSnapshot(lock: LockFile, rel: string): boolean {
  const snap = parseSnapshotPath(rel);
  if (!snap) return false;
  const entry = Object.hasOwn(lock.prompts, snap.id) ? lock.prompts[snap.id] : undefined;
  return entry !== undefined && Object.hasOwn(entry.versions, snap.version);
}

export async function recoverInterruptedWrites(paths: RegistryPaths, lock: LockFile): Promise<string[]> {
  const { stale } = await writerJournals(paths.promptsDir);
  const removed: string[] = [];
  for (const journal of stale) {
    for (const rel of journal.info?.pending ?? []) {
      if (parseSnapshotPath(rel) && !isRecordedSnapshot(lock, rel)) {
        await unlink(absolutePath(paths.root, rel)).then(
          () => removed.push(rel),
          () => undefined,
        );
      }
      if (!rel.split('/').includes('..')) removed.push(...(await removeTempSiblings(absolutePath(paths.root, rel))));
    }
    await unlink(journal.file).catch(() => undefined);
  }
  if (stale.length > 0) removed.push(...(await removeTempSiblings(paths.lockFile)));
  return removed;
}

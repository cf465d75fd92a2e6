// `check`: does the workspace agree with its lock file? Every snapshot hashed against its record, snapshots
// without a record, records without a snapshot or prompt file, labels pointing nowhere, two files with one
// id, and with `strict`, prompt files with unreleased changes. Each problem names its file and the repair.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RegistryContext } from './context';
import { contentSha256 } from './hash';
import { locatePointer } from './jsonLocate';
import { latestVersion, snapshotPath, type LockFile } from './lockFile';
import { sortVersions } from './semver';
import { lockStamp, readLock, type RegistryProblem } from './lockRead';
import { isTempFileName } from './atomicWrite';
import { writerJournals } from './writerLock';
import { absolutePath, discoverPromptFiles, LOCK_FILE_REL } from './workspace';
import { idFromFileName } from '../promptFile';
import { setVersion, topLevelString } from './yamlKeys';

export interface CheckOptions {
  /** Also fail when a prompt file differs from its latest release. */
  strict?: boolean;
}

export interface CheckReport {
  ok: boolean;
  problems: RegistryProblem[];
  /** Things worth knowing that are not failures (an interrupted write, files never released). */
  notes: string[];
  stats: { prompts: number; versions: number; promptFiles: number; ms: number };
}

const SNAPSHOT_SUFFIX = '.prompt.yml';
/** Snapshots are read and hashed in batches, yielding in between so an editor host stays responsive. */
const BATCH = 512;

export async function check(ctx: RegistryContext, options: CheckOptions = {}): Promise<CheckReport> {
  const first = await checkOnce(ctx, options);
  // A release landing while we read gives a mixed view: when that happens and something looked wrong, look again.
  if (!first.report.ok && lockStamp(ctx.paths.lockFile) !== first.stamp) return (await checkOnce(ctx, options)).report;
  return first.report;
}

async function checkOnce(ctx: RegistryContext, options: CheckOptions): Promise<{ report: CheckReport; stamp: string }> {
  const started = performance.now();
  const problems: RegistryProblem[] = [];
  const notes: string[] = [];
  const { paths } = ctx;
  const excused = await inFlightFiles(ctx, notes);
  const read = readLock(paths.lockFile, LOCK_FILE_REL);
  const done = (lock: LockFile | undefined, promptFiles: number, stamp: string) => {
    const versions = lock ? Object.values(lock.prompts).reduce((n, e) => n + Object.keys(e.versions).length, 0) : 0;
    const stats = { prompts: lock ? Object.keys(lock.prompts).length : 0, versions, promptFiles, ms: performance.now() - started };
    return { report: { ok: problems.length === 0, problems, notes, stats }, stamp };
  };
  if ('problem' in read) {
    problems.push(read.problem);
    return done(undefined, 0, 'invalid');
  }
  const { lock, text: lockText } = read;
  const onDisk = snapshotsOnDisk(paths.versionsDir);
  const toHash: { rel: string; id: string; version: string; sha256: string; file: string }[] = [];

  for (const id of Object.keys(lock.prompts).sort()) {
    const entry = lock.prompts[id]!;
    const released = sortVersions(Object.keys(entry.versions));
    for (const [label, version] of Object.entries(entry.labels)) {
      if (Object.hasOwn(entry.versions, version)) continue;
      const at = locatePointer(lockText, `/prompts/${id}/labels/${label}`);
      problems.push({
        code: 'label-dangling',
        file: LOCK_FILE_REL,
        ...(at ? { line: at.line, column: at.column } : {}),
        message: `the label ${label} of ${id} points at ${version}, which was never released`,
        hint: `Point it at a released version with \`promptyard prompts label ${id} ${label} <version>\` (released: ${released.join(', ') || 'none'}).`,
      });
    }
    const disk = onDisk.get(id);
    for (const version of released) {
      const rel = snapshotPath(id, version);
      if (disk?.delete(`${version}${SNAPSHOT_SUFFIX}`)) toHash.push({ rel, id, version, sha256: entry.versions[version]!.sha256, file: entry.file });
      else if (!excused.has(rel)) {
        problems.push({
          code: 'snapshot-missing',
          file: rel,
          message: `the snapshot of ${id} ${version} is missing`,
          hint: `Restore it with \`git checkout -- ${rel}\`. If the version should not exist, remove "${version}" from prompts.${id}.versions in ${LOCK_FILE_REL}.`,
        });
      }
    }
  }
  for (const [id, names] of onDisk) {
    for (const name of names) {
      const rel = `prompts/.versions/${id}/${name}`;
      if (excused.has(rel)) continue;
      problems.push({
        code: 'snapshot-orphan',
        file: rel,
        message: `this snapshot has no record in ${LOCK_FILE_REL}`,
        hint: `Delete it if an interrupted release left it, or restore the lock file with \`git checkout -- ${LOCK_FILE_REL}\`.`,
      });
    }
  }
  for (let i = 0; i < toHash.length; i += BATCH) {
    for (const job of toHash.slice(i, i + BATCH)) {
      const actual = hashFile(absolutePath(ctx.root, job.rel));
      if (actual === job.sha256) continue;
      problems.push({
        code: 'snapshot-edited',
        file: job.rel,
        message: `the snapshot of ${job.id} ${job.version} was changed after its release (sha256 ${actual?.slice(0, 12) ?? 'unreadable'}…, the lock file records ${job.sha256.slice(0, 12)}…)`,
        hint: `Restore it with \`git checkout -- ${job.rel}\`; a released version never changes, so edit ${job.file} and release a new version instead.`,
      });
    }
    if (i + BATCH < toHash.length) await new Promise((resolve) => setImmediate(resolve));
  }
  const promptFiles = checkPromptFiles(ctx, lock, options, problems, notes);
  return done(lock, promptFiles, read.stamp);
}

function hashFile(abs: string): string | undefined {
  try {
    return contentSha256(readFileSync(abs));
  } catch {
    return undefined;
  }
}

/** id → snapshot file names found under prompts/.versions/<id>/ (temp and dot files skipped). */
function snapshotsOnDisk(versionsDir: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let ids: string[];
  try {
    ids = readdirSync(versionsDir);
  } catch {
    return out;
  }
  for (const id of ids) {
    let names: string[];
    try {
      names = readdirSync(path.join(versionsDir, id));
    } catch {
      continue; // a file, not a folder
    }
    out.set(id, new Set(names.filter((n) => n.endsWith(SNAPSHOT_SUFFIX) && !n.startsWith('.') && !isTempFileName(n))));
  }
  return out;
}

/** Files a live writer is creating, or an interrupted one left: not problems, the next writer cleans up. */
async function inFlightFiles(ctx: RegistryContext, notes: string[]): Promise<Set<string>> {
  const { current, stale } = await writerJournals(ctx.paths.promptsDir);
  const files = new Set<string>();
  if (current) {
    for (const f of current.pending ?? []) files.add(f);
    notes.push(
      current.alive
        ? `a write is in progress (pid ${current.pid}, ${current.op} since ${current.at})`
        : `a writer died holding the lock (pid ${current.pid}, ${current.op} at ${current.at}); the next release or label change removes what it left`,
    );
  }
  for (const s of stale) {
    for (const f of s.info?.pending ?? []) files.add(f);
    notes.push(`an interrupted write${s.info ? ` (pid ${s.info.pid}, ${s.info.op} at ${s.info.at})` : ''} left files behind; the next release or label change removes them`);
  }
  return files;
}

function checkPromptFiles(ctx: RegistryContext, lock: LockFile, options: CheckOptions, problems: RegistryProblem[], notes: string[]): number {
  const byId = new Map<string, string[]>();
  const texts = new Map<string, string>();
  const files = new Set(discoverPromptFiles(ctx.paths));
  for (const entry of Object.values(lock.prompts)) files.add(entry.file);
  for (const file of [...files].sort()) {
    let text: string;
    try {
      text = readFileSync(absolutePath(ctx.root, file), 'utf8');
    } catch {
      continue;
    }
    texts.set(file, text);
    const id = idOf(text, file);
    if (id !== undefined) byId.set(id, [...(byId.get(id) ?? []), file]);
  }
  for (const [id, same] of byId) {
    if (same.length < 2) continue;
    problems.push({ code: 'duplicate-id', file: same[1]!, message: `${same.join(' and ')} both have the id ${id}`, hint: 'Give one of them its own `id:` key; ids are unique in a workspace.' });
  }
  let neverReleased = 0;
  const releasedFiles = new Set(Object.values(lock.prompts).map((e) => e.file));
  for (const file of files) if (!releasedFiles.has(file) && texts.has(file)) neverReleased++;
  if (neverReleased) notes.push(`${neverReleased} prompt file${neverReleased > 1 ? 's have' : ' has'} never been released`);
  for (const id of Object.keys(lock.prompts).sort()) {
    const entry = lock.prompts[id]!;
    const text = texts.get(entry.file);
    if (text === undefined) {
      if (existsSync(absolutePath(ctx.root, entry.file))) continue;
      problems.push({
        code: 'prompt-file-missing',
        file: entry.file,
        message: `${LOCK_FILE_REL} records this file for ${id}, but it does not exist`,
        hint: `Restore it with \`git checkout -- ${entry.file}\`; if it moved, run \`promptyard prompts release <its new path>\` and the lock file follows it.`,
      });
      continue;
    }
    const fileId = idOf(text, entry.file);
    if (fileId !== undefined && fileId !== id) {
      problems.push({
        code: 'prompt-id-changed',
        file: entry.file,
        message: `${LOCK_FILE_REL} records this file as ${id}, but its id is now ${fileId}`,
        hint: `Put back \`id: ${id}\`, or release it under its new id (the versions of ${id} stay loadable).`,
      });
      continue;
    }
    const latest = latestVersion(entry);
    if (!options.strict || latest === undefined) continue;
    let current: string | undefined;
    try {
      current = contentSha256(setVersion(text, latest));
    } catch {
      current = undefined;
    }
    if (current === entry.versions[latest]!.sha256) continue;
    problems.push({
      code: 'unreleased-changes',
      file: entry.file,
      message: `${id} has changes that are not released (it differs from ${id} ${latest})`,
      hint: `Release them with \`promptyard prompts release ${entry.file}\`, or undo them with \`git checkout -- ${entry.file}\`.`,
    });
  }
  return texts.size;
}

/** The prompt id of a file, or undefined when its YAML does not parse (other tools report that). */
function idOf(text: string, file: string): string | undefined {
  try {
    return topLevelString(text, 'id') ?? idFromFileName(file);
  } catch {
    return undefined;
  }
}

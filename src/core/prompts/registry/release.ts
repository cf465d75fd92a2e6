// `release(file)`: snapshot the prompt file as a new version, record it in the lock file, set the file's
// `version:`. Unchanged content is a no-op. Order of writes: snapshot (wx), lock file (atomic; the commit
// point), prompt file (atomic); an interrupted release leaves at most an unrecorded snapshot, which the
// next writer removes.
import { existsSync } from 'node:fs';
import { mkdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { PromptyardError } from '../../errors';
import { parsePromptFile, promptOrThrow } from '../parse';
import { isPromptFileName } from '../promptFile';
import { readTextFile } from '../readText';
import { writeFileAtomic, writeFileExclusive } from './atomicWrite';
import type { RegistryContext } from './context';
import { gitCommit } from './gitInfo';
import { contentSha256 } from './hash';
import { cloneLock, latestVersion, snapshotPath, type PromptEntry } from './lockFile';
import { assertId, assertVersion, badInput } from './names';
import { BUMP_KINDS, bumpVersion, compareSemver, type BumpKind } from './semver';
import { absolutePath, LOCK_FILE_REL, VERSIONS_DIR_REL, workspaceRelative } from './workspace';
import { setVersion } from './yamlKeys';

export interface ReleaseOptions {
  /** Default `patch`. */
  bump?: BumpKind;
  /** An explicit version, greater than the latest one. */
  version?: string;
  message?: string;
}

export interface ReleaseResult {
  /** `unchanged`: the content equals the latest release, nothing was written (but a moved file is recorded). */
  status: 'released' | 'unchanged';
  id: string;
  version: string;
  /** The latest version before this release. */
  previous?: string;
  sha256: string;
  /** The prompt file and the snapshot, relative to the workspace root. */
  file: string;
  snapshot: string;
  createdAt?: string;
  author?: string;
  commit?: string;
  /** Something the user should know, e.g. that --bump does not apply to a first release. */
  notes: string[];
}

export async function release(ctx: RegistryContext, file: string, options: ReleaseOptions = {}): Promise<ReleaseResult> {
  checkOptions(options);
  const abs = path.resolve(ctx.root, file);
  const rel = workspaceRelative(ctx.root, abs);
  if (rel.startsWith(`${VERSIONS_DIR_REL}/`)) {
    throw badInput('not-releasable', `${rel} is a released snapshot, not a prompt file`, 'Release the prompt file itself (`promptyard prompts list` shows which file each id comes from).');
  }
  if (!isPromptFileName(abs)) {
    throw badInput('not-releasable', `${rel} is not a .prompt.yml or .prompt.yaml file`, 'Only prompt files in the GitHub Models format are released; convert a .prompty file to .prompt.yml first.');
  }
  const text = await readTextFile(abs);
  const { prompt } = validPrompt(text, abs);
  const id = releasableId(prompt.id, rel);
  const baseLatest = latestVersion(ctx.state().lock.prompts[id]);
  if (options.version !== undefined) checkExplicitVersion(id, options.version, ctx.state().lock.prompts[id]);
  const commit = ctx.options.git === false ? undefined : await gitCommit(ctx.root);
  const author = await ctx.author();

  return ctx.withWriterLock<ReleaseResult>('release', async (lock, held) => {
    const entry = Object.hasOwn(lock.prompts, id) ? lock.prompts[id] : undefined;
    if (entry && entry.file !== rel && existsSync(absolutePath(ctx.root, entry.file))) {
      throw badInput('duplicate-id', `the id '${id}' of ${rel} is already released from ${entry.file}`, 'Give one of the two files its own `id:`; ids are unique in a workspace.');
    }
    const current = await readFile(abs, 'utf8');
    const fresh = current === text ? prompt : validPrompt(current, abs).prompt;
    if (fresh.id !== id) throw badInput('file-changed', `${rel} changed its id while it was being released`, 'Run the release again.');
    const latest = latestVersion(entry);
    if (latest !== baseLatest) throw conflict(id, latest!, entry!, current);
    const notes: string[] = [];
    const base = { id, file: rel, notes };
    if (entry && latest) {
      const sha256 = contentSha256(setVersion(current, latest));
      if (sha256 === entry.versions[latest]!.sha256) {
        const result = { ...base, status: 'unchanged' as const, version: latest, sha256, snapshot: snapshotPath(id, latest) };
        if (entry.file === rel) return { result };
        notes.push(`recorded the new location of ${id}: ${entry.file} → ${rel}`);
        const moved = cloneLock(lock);
        moved.prompts[id]!.file = rel;
        return { lock: moved, result };
      }
    }
    if (options.version !== undefined) checkExplicitVersion(id, options.version, entry);
    const version = nextVersion(latest, fresh.version, options, notes);
    const snapshotText = setVersion(current, version);
    const sha256 = contentSha256(snapshotText);
    const snapshot = snapshotPath(id, version);
    await held.setPending([snapshot, LOCK_FILE_REL, rel]);
    await writeSnapshot(absolutePath(ctx.root, snapshot), snapshotText);
    const next = cloneLock(lock);
    const createdAt = ctx.now();
    const record = { sha256, createdAt, message: options.message ?? '', author, ...(commit ? { commit } : {}) };
    const nextEntry: PromptEntry = next.prompts[id] ?? { file: rel, versions: {}, labels: {}, history: {} };
    nextEntry.file = rel;
    nextEntry.versions[version] = record;
    next.prompts[id] = nextEntry;
    const result: ReleaseResult = { ...base, status: 'released', version, sha256, snapshot, createdAt, author, ...(latest ? { previous: latest } : {}), ...(commit ? { commit } : {}) };
    const afterCommit = async (r: ReleaseResult) => {
      if (snapshotText === current) return r;
      try {
        await writeFileAtomic(abs, snapshotText);
      } catch (e) {
        r.notes.push(`released, but could not set version: ${version} in ${rel} (${e instanceof Error ? e.message : String(e)}); set it by hand`);
      }
      return r;
    };
    return { lock: next, result, afterCommit };
  });
}

function checkOptions(options: ReleaseOptions): void {
  if (options.bump !== undefined && options.version !== undefined) {
    throw badInput('usage', '--bump and --version cannot be used together', 'Pass --bump major|minor|patch to compute the next version, or --version to name it.');
  }
  if (options.bump !== undefined && !BUMP_KINDS.includes(options.bump)) {
    throw badInput('invalid-bump', `--bump '${String(options.bump)}' is not one of major, minor, patch`, 'Pass --bump major, --bump minor or --bump patch (the default).');
  }
  if (options.version !== undefined) assertVersion(options.version);
}

function checkExplicitVersion(id: string, version: string, entry: PromptEntry | undefined): void {
  const latest = latestVersion(entry);
  if (latest === undefined || compareSemver(version, latest) > 0) return;
  const exists = entry !== undefined && Object.hasOwn(entry.versions, version);
  throw badInput(
    exists ? 'version-exists' : 'version-not-greater',
    exists ? `${id} ${version} is already released` : `version ${version} is not greater than ${latest}, the latest version of ${id}`,
    `Pass a version greater than ${latest}, e.g. ${bumpVersion(latest, 'patch')}, or leave --version out to bump the patch number.`,
  );
}

function nextVersion(latest: string | undefined, fileVersion: string | undefined, options: ReleaseOptions, notes: string[]): string {
  if (options.version !== undefined) return options.version;
  if (latest !== undefined) return bumpVersion(latest, options.bump ?? 'patch');
  const first = fileVersion ?? '1.0.0';
  if (options.bump !== undefined) notes.push(`first release: --bump does not apply, released as ${first} (${fileVersion ? 'the version in the file' : 'the default first version'})`);
  return first;
}

function releasableId(id: string, rel: string): string {
  try {
    return assertId(id);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw badInput('invalid-id', `${rel} cannot be released: ${reason}`, 'Give it an `id:` key of letters, digits, ".", "_" and "-" (no "/" and no ".."), or rename the file.');
  }
}

function validPrompt(text: string, abs: string): ReturnType<typeof promptOrThrow> {
  return promptOrThrow(parsePromptFile(text, abs)); // a file with errors is never released
}

function conflict(id: string, latest: string, entry: PromptEntry, current: string): PromptyardError {
  const same = contentSha256(setVersion(current, latest)) === entry.versions[latest]!.sha256;
  if (same) {
    return new PromptyardError('release-conflict', `${id} was already released as ${latest} by another process while this release waited`, {
      hint: `Nothing to do: \`promptyard prompts history ${id}\` shows it.`,
      exitCode: 1,
    });
  }
  return new PromptyardError('release-conflict', `another process released ${id} ${latest} while this release waited`, {
    hint: `Compare with \`promptyard prompts diff ${id}@${latest} ...\`, then release again.`,
    exitCode: 1,
  });
}

async function writeSnapshot(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFileExclusive(file, text);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Not in the lock file (the version is new) and we hold the writer lock: an interrupted release left it.
    await unlink(file);
    await writeFileExclusive(file, text);
  }
}

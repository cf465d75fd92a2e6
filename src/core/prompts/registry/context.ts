// What every registry operation shares: the paths, the cached lock state (re-read when the file's inode,
// size or mtime changes), the author, and the writer-lock discipline for changes.
import type { Clock } from '../../ports';
import { systemClock } from '../../ports';
import { PromptyardError } from '../../errors';
import { currentAuthor } from './gitInfo';
import { LOCKFILE_VERSION, serializeLock, type LockFile, type PromptEntry } from './lockFile';
import { lockProblemError, lockStamp, readLock, type LockRead } from './lockRead';
import { writeFileAtomic } from './atomicWrite';
import { recoverInterruptedWrites } from './recover';
import { acquireWriterLock, type HeldLock } from './writerLock';
import { LOCK_FILE_REL, registryPaths, type RegistryPaths } from './workspace';

export interface RegistryOptions {
  clock?: Clock;
  /** Recorded as the author of releases and label moves; default `git config user.name`, else the OS user. */
  author?: string;
  /** Record the git commit of each release (default true). */
  git?: boolean;
  /** How long a writer waits for another one before failing (default 5 s). */
  lockTimeoutMs?: number;
}

export interface LockedChange<T> {
  /** The new lock file content; absent when nothing changes. */
  lock?: LockFile;
  result: T;
  afterCommit?: (result: T) => Promise<T>;
}

export class RegistryContext {
  readonly paths: RegistryPaths;
  readonly clock: Clock;
  private cached?: LockRead;
  private authorName?: Promise<string>;

  constructor(
    root: string,
    readonly options: RegistryOptions = {},
  ) {
    this.paths = registryPaths(root);
    this.clock = options.clock ?? systemClock;
  }

  get root(): string {
    return this.paths.root;
  }

  now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** The lock state, from the cache while the file on disk is unchanged. Throws when the lock file is unusable. */
  state(): LockRead {
    if (this.cached && this.cached.stamp === lockStamp(this.paths.lockFile)) return this.cached;
    return this.reload();
  }

  reload(): LockRead {
    const read = readLock(this.paths.lockFile, LOCK_FILE_REL);
    if ('problem' in read) {
      this.cached = undefined;
      throw lockProblemError(read.problem);
    }
    this.cached = read;
    return read;
  }

  entry(id: string, lock: LockFile = this.state().lock): PromptEntry {
    const entry = Object.hasOwn(lock.prompts, id) ? lock.prompts[id] : undefined;
    if (entry) return entry;
    throw new PromptyardError('unknown-prompt', `no prompt '${id}' has been released in this workspace (${this.root})`, {
      hint: '`promptyard prompts list` shows the released ids; release a file first with `promptyard prompts release <file>`.',
    });
  }

  author(): Promise<string> {
    this.authorName ??= this.options.author !== undefined ? Promise.resolve(this.options.author) : currentAuthor(this.root);
    return this.authorName;
  }

  /**
   * Runs `change` holding the writer lock, on a fresh read of the lock file; writes the lock it returns
   * (atomically), then runs its `afterCommit` (still under the lock).
   */
  async withWriterLock<T>(op: string, change: (lock: LockFile, held: HeldLock) => Promise<LockedChange<T>>): Promise<T> {
    const held = await acquireWriterLock(this.paths.promptsDir, { op, timeoutMs: this.options.lockTimeoutMs ?? 5_000, clock: this.clock });
    try {
      const fresh = this.reload();
      await recoverInterruptedWrites(this.paths, fresh.lock);
      const { lock, result, afterCommit } = await change(fresh.lock, held);
      if (lock) {
        lock.lockfileVersion = LOCKFILE_VERSION;
        await writeFileAtomic(this.paths.lockFile, serializeLock(lock));
      }
      return afterCommit ? await afterCommit(result) : result;
    } finally {
      await held.release();
      this.cached = undefined;
    }
  }
}

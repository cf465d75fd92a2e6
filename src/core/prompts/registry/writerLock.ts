// One writer at a time: prompts/.prompts.lock.json.lock, created with O_EXCL (`wx`), holds the writer's pid,
// host, start time and the files it is about to create (a small journal). A lock whose process is gone is
// stale: the next writer moves it aside (`….lock.stale-*`) and, once it holds the lock, cleans up what the
// interrupted writer left (registry/recover.ts). Waiting writers retry with backoff, then fail clearly.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, mkdir, open, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PromptyardError } from '../../errors';
import type { Clock } from '../../ports';

export const WRITER_LOCK_NAME = '.prompts.lock.json.lock';
const STALE_INFIX = '.stale-';
/** A lock file with no readable content this long after its last write was left by a writer killed at birth. */
const UNREADABLE_STALE_MS = 2_000;
/** A lock taken on another machine (a shared folder) cannot be probed: it is stale after this long. */
const FOREIGN_STALE_MS = 10 * 60_000;

export interface WriterInfo {
  pid: number;
  host: string;
  at: string;
  op: string;
  token: string;
  /** Workspace-relative files this writer is creating; an interrupted writer's leftovers are removed. */
  pending?: string[];
}

export interface HeldLock {
  /** Records the files about to be created, before creating them. */
  setPending(files: string[]): Promise<void>;
  release(): Promise<void>;
}

export interface LockOptions {
  op: string;
  timeoutMs: number;
  clock: Clock;
}

export function writerLockPath(promptsDir: string): string {
  return path.join(promptsDir, WRITER_LOCK_NAME);
}

export async function acquireWriterLock(promptsDir: string, options: LockOptions): Promise<HeldLock> {
  const lockPath = writerLockPath(promptsDir);
  const info: WriterInfo = { pid: process.pid, host: hostname(), at: new Date(options.clock.now()).toISOString(), op: options.op, token: randomBytes(8).toString('hex') };
  const deadline = Date.now() + options.timeoutMs;
  let delay = 10;
  for (;;) {
    const created = await tryCreate(lockPath, info, promptsDir);
    if (created) return held(lockPath, info);
    const holder = await readHolder(lockPath);
    if (holder && isStale(holder) && (await moveStaleAside(lockPath, holder.text))) continue;
    if (Date.now() >= deadline) throw lockedError(lockPath, holder?.info, promptsDir);
    // Released between our attempt and the read: try again almost at once. Held: back off.
    const wait = holder ? delay + Math.random() * delay : 2;
    await new Promise((resolve) => setTimeout(resolve, wait));
    if (holder) delay = Math.min(delay * 1.6, 200);
  }
}

async function tryCreate(lockPath: string, info: WriterInfo, promptsDir: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx');
    try {
      await handle.writeFile(JSON.stringify(info));
    } catch (e) {
      await handle.close();
      await unlink(lockPath).catch(() => undefined);
      throw e;
    }
    await handle.close();
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'ENOENT') {
      await mkdir(promptsDir, { recursive: true });
      return false;
    }
    throw e;
  }
}

function held(lockPath: string, info: WriterInfo): HeldLock {
  let released = false;
  return {
    async setPending(files) {
      info.pending = files;
      await writeFile(lockPath, JSON.stringify(info));
    },
    async release() {
      if (released) return;
      released = true;
      const now = await readHolder(lockPath);
      if (now?.info?.token === info.token) await unlink(lockPath).catch(() => undefined);
    },
  };
}

interface Holder {
  text: string;
  info?: WriterInfo;
  mtimeMs: number;
}

async function readHolder(file: string): Promise<Holder | undefined> {
  try {
    const [text, s] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    return { text, info: parseInfo(text), mtimeMs: s.mtimeMs };
  } catch {
    return undefined;
  }
}

export function parseInfo(text: string): WriterInfo | undefined {
  try {
    const v = JSON.parse(text) as Partial<WriterInfo>;
    if (typeof v.pid !== 'number' || typeof v.host !== 'string' || typeof v.at !== 'string') return undefined;
    return { op: '', token: '', ...v } as WriterInfo;
  } catch {
    return undefined;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(holder: Holder): boolean {
  const { info } = holder;
  if (!info) return Date.now() - holder.mtimeMs > UNREADABLE_STALE_MS;
  if (info.host !== hostname()) return Date.now() - Date.parse(info.at) > FOREIGN_STALE_MS;
  return !isProcessAlive(info.pid);
}

/** Moves a stale lock aside, keeping its journal for recovery; restores it if another writer took it first. */
async function moveStaleAside(lockPath: string, staleText: string): Promise<boolean> {
  const aside = `${lockPath}${STALE_INFIX}${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT'; // gone: another writer moved it first, try again
  }
  const taken = await readFile(aside, 'utf8').catch(() => staleText);
  if (taken !== staleText) {
    // Between our read and the rename, another writer replaced the stale lock with its own live one: give it back.
    await link(aside, lockPath).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
  }
  return true;
}

/** The journals of writers that died holding the lock (moved aside), plus the current holder if any. */
export async function writerJournals(promptsDir: string): Promise<{ current?: WriterInfo & { alive: boolean }; stale: { file: string; info?: WriterInfo }[] }> {
  const names = await readdir(promptsDir).catch(() => [] as string[]);
  const stale: { file: string; info?: WriterInfo }[] = [];
  let current: (WriterInfo & { alive: boolean }) | undefined;
  for (const name of names) {
    if (name === WRITER_LOCK_NAME) {
      const holder = await readHolder(path.join(promptsDir, name));
      if (holder?.info) current = { ...holder.info, alive: !isStale(holder) };
    } else if (name.startsWith(`${WRITER_LOCK_NAME}${STALE_INFIX}`)) {
      const text = await readFile(path.join(promptsDir, name), 'utf8').catch(() => '');
      stale.push({ file: path.join(promptsDir, name), info: parseInfo(text) });
    }
  }
  return { current, stale };
}

function lockedError(lockPath: string, info: WriterInfo | undefined, promptsDir: string): PromptyardError {
  const rel = path.join(path.basename(promptsDir), path.basename(lockPath));
  const who = info ? `another promptyard process (pid ${info.pid} on ${info.host}, ${info.op || 'writing'} since ${info.at})` : 'another promptyard process';
  return new PromptyardError('registry-locked', `${who} holds the prompt registry lock`, {
    hint: `Wait for it to finish and run again. If no promptyard process is running, delete ${rel}.`,
    exitCode: 1,
  });
}

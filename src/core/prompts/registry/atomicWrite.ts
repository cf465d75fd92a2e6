// Crash-safe writes. Replacing a file: a temp file in the same folder, fsync, rename over the target, fsync
// the folder, so a reader sees the old bytes or the new ones, never half. Creating a file that must never be
// overwritten (a snapshot): open with `wx`.
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Tests only: milliseconds to sleep between writing the temp file and renaming it, to kill a write midway. */
const PAUSE_ENV = 'PROMPTYARD_TEST_PAUSE_BEFORE_RENAME';

const TEMP_NAME = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

export function isTempFileName(name: string): boolean {
  return TEMP_NAME.test(name);
}

export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const mode = await stat(file).then(
    (s) => s.mode & 0o777,
    () => 0o644,
  );
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (e) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await handle.close();
  await testPause();
  try {
    await rename(temp, file);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await syncDir(dir);
}

/** Creates `file` with `data`; fails with EEXIST when it exists, so a snapshot is never overwritten. */
export async function writeFileExclusive(file: string, data: string): Promise<void> {
  const handle = await open(file, 'wx', 0o644);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
    await handle.close();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await unlink(file).catch(() => undefined);
    throw e;
  }
  await syncDir(path.dirname(file));
}

/** Removes the temp files an interrupted writeFileAtomic of `file` left behind. */
export async function removeTempSiblings(file: string): Promise<string[]> {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !isTempFileName(name)) continue;
    await unlink(path.join(dir, name)).then(
      () => removed.push(path.join(dir, name)),
      () => undefined,
    );
  }
  return removed;
}

async function syncDir(dir: string): Promise<void> {
  // Makes the rename durable on Linux; Windows cannot open a folder for fsync, which is fine there.
  try {
    const handle = await open(dir, 'r');
    await handle.sync().catch(() => undefined);
    await handle.close();
  } catch {
    // not supported on this platform
  }
}

async function testPause(): Promise<void> {
  const ms = Number(process.env[PAUSE_ENV] ?? 0);
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}

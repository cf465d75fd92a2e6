// The run store: `.promptyard/runs/<run-id>/meta.json` (RunMeta, replaced atomically) and `results.jsonl`
// (one CaseRecord per line, appended as each case finishes). Readers stream the records, so a run of any size
// is read in constant memory; the editor and `promptyard eval` read runs through these functions.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, truncate } from 'node:fs/promises';
import path from 'node:path';
import { PromptyardError } from '../../errors';
import { writeFileAtomic } from '../../prompts/registry/atomicWrite';
import type { CaseRecord, RunMeta } from '../types';
import { JsonlAppender, readJsonl, type JsonlReadStats } from './jsonl';

export const META_FILE = 'meta.json';
export const RESULTS_FILE = 'results.jsonl';

/** Finished records wait at most this long to be written together (and reported). */
const RESULTS_BATCH_MS = 10;

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** `<workspace>/.promptyard/runs`. */
export function runsDir(workspace: string): string {
  return path.join(workspace, '.promptyard', 'runs');
}

/** A new run id: UTC time to the second, then 6 random hex digits (`20260314-101502-a3f91c`); sorts by time. */
export function newRunId(now: Date = new Date()): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${t}-${randomBytes(3).toString('hex')}`;
}

export function isRunId(text: string): boolean {
  return RUN_ID.test(text) && !text.includes('..');
}

export interface StoredRun {
  meta: RunMeta;
  dir: string;
  /** Streams the records in the order they were written. */
  records(): AsyncIterable<CaseRecord>;
}

export interface RunWriter {
  readonly dir: string;
  /** Resolves when the record's line is in results.jsonl. */
  append(record: CaseRecord): Promise<void>;
  writeMeta(meta: RunMeta): Promise<void>;
  close(): Promise<void>;
}

/** The folder of a run: a run id in the workspace's store, or a folder holding a meta.json (a CI artifact). */
export function runDir(workspace: string, runIdOrDir: string): string {
  if (isRunId(runIdOrDir) && !runIdOrDir.includes('/') && !runIdOrDir.includes(path.sep)) {
    return path.join(runsDir(workspace), runIdOrDir);
  }
  return path.resolve(workspace, runIdOrDir);
}

export async function readMeta(dir: string): Promise<RunMeta> {
  let text: string;
  try {
    text = await readFile(path.join(dir, META_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new PromptyardError('unknown-run', `no eval run at ${dir}`, {
        hint: 'Run `promptyard eval --list` to see the runs of this workspace, or pass the folder of a run (it holds meta.json).',
        exitCode: 2,
      });
    }
    throw e;
  }
  try {
    return JSON.parse(text) as RunMeta;
  } catch {
    throw new PromptyardError('damaged-run', `${path.join(dir, META_FILE)} is not valid JSON`, { hint: 'The run cannot be read; start a new run.', exitCode: 2 });
  }
}

/** One run, by id or folder: its meta and a streaming reader of its records. */
export async function readRun(workspace: string, runIdOrDir: string): Promise<StoredRun> {
  const dir = runDir(workspace, runIdOrDir);
  const meta = await readMeta(dir);
  return { meta, dir, records: () => readJsonl<CaseRecord>(path.join(dir, RESULTS_FILE)) };
}

/** Every run of the workspace, newest first; folders without a readable meta.json are left out. */
export async function listRuns(workspace: string): Promise<RunMeta[]> {
  const root = runsDir(workspace);
  const names = await readdir(root).catch(() => [] as string[]);
  const metas: RunMeta[] = [];
  for (const name of names) {
    if (!isRunId(name)) continue;
    try {
      metas.push(await readMeta(path.join(root, name)));
    } catch {
      // a run folder being created, or damaged: not listed
    }
  }
  return metas.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.runId.localeCompare(a.runId));
}

export async function latestRun(workspace: string): Promise<RunMeta | undefined> {
  return (await listRuns(workspace))[0];
}

/** Creates the run's folder and files; the meta is written first, so a listed run always has one. */
export async function createRun(dir: string, meta: RunMeta): Promise<RunWriter> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(path.join(dir, META_FILE), `${JSON.stringify(meta, null, 2)}\n`);
  return openWriter(dir);
}

/**
 * Opens a run to go on with it: streams the records already written to `onRecord`, cuts a torn last line
 * off results.jsonl (so new lines start clean), and returns a writer that appends after them.
 */
export async function resumeRun(dir: string, onRecord: (record: CaseRecord) => void): Promise<{ writer: RunWriter; stats: JsonlReadStats }> {
  const file = path.join(dir, RESULTS_FILE);
  const stats: JsonlReadStats = { validEnd: 0, badLines: [], tornTail: false };
  for await (const record of readJsonl<CaseRecord>(file, stats)) onRecord(record);
  if (stats.tornTail) await truncate(file, stats.validEnd);
  return { writer: await openWriter(dir), stats };
}

async function openWriter(dir: string): Promise<RunWriter> {
  const results = await JsonlAppender.open(path.join(dir, RESULTS_FILE), { batchMs: RESULTS_BATCH_MS });
  return {
    dir,
    append: (record) => results.append(record),
    writeMeta: (meta) => writeFileAtomic(path.join(dir, META_FILE), `${JSON.stringify(meta, null, 2)}\n`),
    close: () => results.close(),
  };
}

// `promptyard scaffold`: a service project from templates/<stack>/ around the workspace's released prompts
// (docs/scaffold.md). Everything is checked and rendered in memory first; bad input throws before a single
// byte is written. The files are then written to a temp folder next to the target and renamed into place.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelPrice } from '../config';
import { PromptyardError } from '../errors';
import { readManifest } from './manifest';
import { assertProvider, assertServiceName, assertStack, checkTarget, defaultName, packageOf, providerOfModel, titleOf, type ScaffoldProvider } from './options';
import { collectPrompts } from './prompts';
import { renderManifest, type PlannedFile, type ScaffoldContext } from './render';
import { unifiedDiff } from './unifiedDiff';

export interface ScaffoldOptions {
  /** The folder holding one folder per stack (templates/). */
  templatesDir: string;
  stack: string;
  targetDir: string;
  /** The workspace whose registry the prompts come from. */
  workspaceRoot: string;
  /** Default: the target folder's name. */
  name?: string;
  /** `id@label`, `id@1.2.0` or `id`; none: every released prompt at its default version. */
  prompts?: string[];
  /** Default: the provider of the first prompt's model. */
  provider?: string;
  redis?: boolean;
  /** Default true. */
  streaming?: boolean;
  /** Write into a non-empty folder: add missing files, keep identical ones. */
  force?: boolean;
  /** With force: replace files that differ. */
  overwrite?: boolean;
  promptyardVersion: string;
  priceOverrides?: Record<string, ModelPrice>;
}

export interface ScaffoldPlan {
  context: ScaffoldContext;
  targetDir: string;
  files: PlannedFile[];
}

export interface ScaffoldResult {
  context: ScaffoldContext;
  targetDir: string;
  /** Project-relative paths, sorted. */
  written: string[];
  unchanged: string[];
  overwritten: string[];
}

export interface FileConflict {
  path: string;
  diff: string;
}

/** Files of a non-empty target that differ from what scaffolding would write (--force without --overwrite). */
export class ScaffoldConflictError extends PromptyardError {
  readonly conflicts: FileConflict[];
  constructor(targetDir: string, conflicts: FileConflict[]) {
    super('scaffold-conflict', `${conflicts.length} file${conflicts.length === 1 ? '' : 's'} in ${targetDir} differ from the template: ${conflicts.map((c) => c.path).join(', ')}`, {
      hint: 'Nothing was written. Review the diffs, then pass --overwrite to replace them, or move them aside.',
      exitCode: 1,
    });
    this.name = 'ScaffoldConflictError';
    this.conflicts = conflicts;
  }
}

/** Checks everything and renders every file in memory; writes nothing. */
export async function planScaffold(options: ScaffoldOptions): Promise<ScaffoldPlan> {
  const stack = assertStack(options.templatesDir, options.stack);
  const targetDir = path.resolve(options.targetDir);
  const name = assertServiceName(options.name ?? defaultName(targetDir));
  const explicitProvider = options.provider === undefined ? undefined : assertProvider(options.provider);
  checkTarget(targetDir, options.force === true);
  const manifest = readManifest(options.templatesDir, stack);
  const promptFiles = await collectPrompts(options.workspaceRoot, options.prompts ?? [], options.priceOverrides);
  const provider: ScaffoldProvider = explicitProvider ?? providerOfModel(promptFiles.prompts[0]?.model);
  const context: ScaffoldContext = {
    name,
    title: titleOf(name),
    package: packageOf(name),
    provider,
    prompts: promptFiles.prompts,
    redis: options.redis === true,
    streaming: options.streaming !== false,
    promptyardVersion: options.promptyardVersion,
  };
  const files = renderManifest(path.join(options.templatesDir, stack), manifest, context);
  const taken = new Set(files.map((f) => f.path));
  for (const [rel, text] of promptFiles.files) {
    if (taken.has(rel)) throw new PromptyardError('template-invalid', `templates/${stack} writes ${rel}, which scaffolding fills from the registry`, { exitCode: 1 });
    files.push({ path: rel, content: Buffer.from(text, 'utf8'), mode: 0o644 });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { context, targetDir, files };
}

export async function scaffold(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const plan = await planScaffold(options);
  return writeScaffold(plan, { overwrite: options.overwrite === true });
}

/**
 * Writes a plan. A missing or empty target: everything goes to a temp folder beside it, renamed into place
 * at the end. A non-empty target (planned with force): identical files are kept, differing ones throw
 * ScaffoldConflictError (before any write) unless `overwrite`, new ones are staged in a temp folder and
 * renamed in.
 */
export async function writeScaffold(plan: ScaffoldPlan, options: { overwrite?: boolean } = {}): Promise<ScaffoldResult> {
  const target = plan.targetDir;
  const state = checkTarget(target, true);
  const result: ScaffoldResult = { context: plan.context, targetDir: target, written: [], unchanged: [], overwritten: [] };
  const toWrite: PlannedFile[] = [];
  const conflicts: FileConflict[] = [];
  for (const file of plan.files) {
    const existing = state === 'non-empty' ? readIfExists(path.join(target, ...file.path.split('/'))) : undefined;
    if (existing === undefined) {
      toWrite.push(file);
      result.written.push(file.path);
    } else if (existing.equals(file.content)) {
      result.unchanged.push(file.path);
    } else {
      conflicts.push({ path: file.path, diff: unifiedDiff(`a/${file.path}`, `b/${file.path}`, existing.toString('utf8'), file.content.toString('utf8')) });
      toWrite.push(file);
      result.overwritten.push(file.path);
    }
  }
  if (conflicts.length > 0 && !options.overwrite) throw new ScaffoldConflictError(target, conflicts);

  await mkdir(path.dirname(target), { recursive: true });
  const staging = path.join(path.dirname(target), `.${path.basename(target)}.scaffold-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    for (const file of toWrite) {
      const abs = path.join(staging, ...file.path.split('/'));
      await mkdir(path.dirname(abs), { recursive: true });
      await writeFile(abs, file.content, { flag: 'wx' });
      await chmod(abs, file.mode);
    }
    if (state === 'non-empty') {
      for (const file of toWrite) {
        const abs = path.join(target, ...file.path.split('/'));
        await mkdir(path.dirname(abs), { recursive: true });
        await rename(path.join(staging, ...file.path.split('/')), abs);
      }
      await rm(staging, { recursive: true, force: true });
    } else {
      // rename(2) replaces an empty folder atomically; a missing one is simply created.
      await mkdir(staging, { recursive: true });
      await rename(staging, target);
    }
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
  for (const list of [result.written, result.unchanged, result.overwritten]) list.sort();
  return result;
}

function readIfExists(file: string): Buffer | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

// loadPrompt("id" | "id@label" | "id@1.2.0" | "id@latest"): a released version from its snapshot, verified
// against the lock file's sha256 on first load. Cached: the resolution of a reference until the lock file
// changes (inode, size, mtime), a snapshot for good (snapshots are immutable, the sha256 is re-compared).
import { readFile } from 'node:fs/promises';
import { PromptyardError } from '../../errors';
import { parsePromptFile, promptOrThrow } from '../parse';
import type { PromptFile } from '../promptFile';
import type { RegistryContext } from './context';
import { contentSha256 } from './hash';
import { latestVersion, snapshotPath, type LockFile, type PromptEntry } from './lockFile';
import { sortVersions } from './semver';
import { DEFAULT_LABEL, badInput, parseRef, type PromptRef } from './names';
import { absolutePath } from './workspace';

export interface LoadedVersion {
  /** The parsed snapshot; shared between calls, do not change it. */
  prompt: PromptFile;
  id: string;
  version: string;
  /** sha256 of the snapshot (CRLF normalized), as recorded in the lock file. */
  sha256: string;
  /** The snapshot text, as stored. */
  text: string;
  /**
   * The prompt file this id is released from (absolute). `prompt.file` is the snapshot; resolve paths the
   * prompt names relative to its source file (e.g. `datasets:`), since snapshots live in prompts/.versions/.
   */
  sourceFile: string;
}

export interface ResolvedRef {
  id: string;
  version: string;
}

/** `id` alone means `id@production` when that label exists, else the latest version. */
export function resolveRef(lock: LockFile, ref: PromptRef): ResolvedRef {
  const entry = Object.hasOwn(lock.prompts, ref.id) ? lock.prompts[ref.id]! : undefined;
  if (!entry) {
    throw badInput('unknown-prompt', `no prompt '${ref.id}' has been released in this workspace`, '`promptyard prompts list` shows the released ids; release a file first with `promptyard prompts release <file>`.');
  }
  const s = ref.selector;
  if (s.kind === 'version') {
    if (Object.hasOwn(entry.versions, s.version)) return { id: ref.id, version: s.version };
    throw badInput('unknown-version', `${ref.id} has no version ${s.version}`, `Released versions: ${versionsOf(entry)}.`);
  }
  if (s.kind === 'label' || (s.kind === 'default' && Object.hasOwn(entry.labels, DEFAULT_LABEL))) {
    const label = s.kind === 'label' ? s.label : DEFAULT_LABEL;
    const version = Object.hasOwn(entry.labels, label) ? entry.labels[label] : undefined;
    if (version === undefined) {
      const labels = Object.keys(entry.labels).sort();
      throw badInput('unknown-label', `${ref.id} has no label '${label}'`, `${labels.length ? `Its labels are ${labels.join(', ')}` : 'It has no labels yet'}; set one with \`promptyard prompts label ${ref.id} ${label} <version>\`.`);
    }
    return { id: ref.id, version };
  }
  const latest = latestVersion(entry);
  if (latest === undefined) throw badInput('no-versions', `${ref.id} has no released version`, `Release it with \`promptyard prompts release ${entry.file}\`.`);
  return { id: ref.id, version: latest };
}

function versionsOf(entry: PromptEntry): string {
  return sortVersions(Object.keys(entry.versions)).join(', ') || 'none';
}

export class VersionLoader {
  private readonly snapshots = new Map<string, Omit<LoadedVersion, 'sourceFile'>>();
  private readonly resolved = new Map<string, ResolvedRef>();
  private resolvedStamp?: string;

  constructor(private readonly ctx: RegistryContext) {}

  resolve(ref: string): ResolvedRef {
    const state = this.ctx.state();
    if (state.stamp !== this.resolvedStamp) {
      this.resolved.clear();
      this.resolvedStamp = state.stamp;
    }
    let hit = this.resolved.get(ref);
    if (!hit) {
      hit = resolveRef(state.lock, parseRef(ref));
      this.resolved.set(ref, hit);
    }
    return hit;
  }

  async load(ref: string): Promise<LoadedVersion> {
    const { id, version } = this.resolve(ref);
    const entry = this.ctx.state().lock.prompts[id]!;
    const sha256 = entry.versions[version]!.sha256;
    const key = `${id}@${version}`;
    let hit = this.snapshots.get(key);
    if (!hit || hit.sha256 !== sha256) {
      hit = await this.read(id, version, sha256);
      this.snapshots.set(key, hit);
    }
    return { ...hit, sourceFile: absolutePath(this.ctx.root, entry.file) };
  }

  /** "id@1.0.0,id@1.1.0" or "id@all" (every version, oldest first), duplicates removed. */
  async loadMany(spec: string): Promise<LoadedVersion[]> {
    const refs: string[] = [];
    for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
      if (part.endsWith('@all')) {
        const id = parseRef(part.slice(0, -'@all'.length)).id;
        const entry = this.ctx.entry(id);
        refs.push(...sortVersions(Object.keys(entry.versions)).map((v) => `${id}@${v}`));
      } else refs.push(part);
    }
    if (refs.length === 0) throw badInput('usage', 'no prompt versions given', 'Write id@version pairs separated by commas, e.g. summarize@1.0.0,summarize@1.1.0, or summarize@all.');
    const loaded = new Map<string, LoadedVersion>();
    for (const ref of refs) {
      const v = await this.load(ref);
      loaded.set(`${v.id}@${v.version}`, v);
    }
    return [...loaded.values()];
  }

  private async read(id: string, version: string, sha256: string): Promise<Omit<LoadedVersion, 'sourceFile'>> {
    const rel = snapshotPath(id, version);
    const abs = absolutePath(this.ctx.root, rel);
    let bytes: Buffer;
    try {
      bytes = await readFile(abs);
    } catch {
      throw new PromptyardError('snapshot-missing', `the snapshot ${rel} of ${id} ${version} is missing`, {
        hint: `Restore it with \`git checkout -- ${rel}\`; \`promptyard prompts check\` lists every problem.`,
      });
    }
    if (contentSha256(bytes) !== sha256) {
      throw new PromptyardError('snapshot-edited', `the snapshot ${rel} was changed after ${id} ${version} was released (its sha256 differs from the lock file)`, {
        hint: `Restore it with \`git checkout -- ${rel}\`; a released version never changes, release a new one instead.`,
      });
    }
    const text = bytes.toString('utf8');
    const { prompt } = promptOrThrow(parsePromptFile(text, abs));
    prompt.id = id;
    return { prompt, id, version, sha256, text };
  }
}

// The prompt registry of a workspace: released versions and labels in prompts/prompts.lock.json, immutable
// snapshots in prompts/.versions/<id>/<version>.prompt.yml (ARCHITECTURE.md, "Versions and labels"; the
// format is in docs/prompt-registry.md). One object per workspace root, shared by the CLI and the editor.
import { check, type CheckOptions, type CheckReport } from './check';
import { RegistryContext, type RegistryOptions } from './context';
import { setLabel, promote, rollback, type LabelResult } from './labels';
import type { LockFile } from './lockFile';
import { VersionLoader, type LoadedVersion, type ResolvedRef } from './loader';
import { diffPrompts, type PromptDiff } from './promptDiff';
import { history, list, show, type PromptHistory, type PromptSummary, type ShownVersion } from './read';
import { release, type ReleaseOptions, type ReleaseResult } from './release';
import type { RegistryPaths } from './workspace';

export interface Registry {
  readonly root: string;
  readonly paths: RegistryPaths;
  /** Snapshots `file` as its next version (patch bump by default) and sets the file's `version:`. */
  release(file: string, options?: ReleaseOptions): Promise<ReleaseResult>;
  /** Points `label` at a released `version` of `id`. */
  label(id: string, label: string, version: string): Promise<LabelResult>;
  /** Points label `to` at the version label `from` points at. */
  promote(id: string, from: string, to: string): Promise<LabelResult>;
  /** Moves `label` (default `production`) to the version released before its current one. */
  rollback(id: string, label?: string): Promise<LabelResult>;
  list(): Promise<PromptSummary[]>;
  history(id: string): Promise<PromptHistory>;
  show(ref: string): Promise<ShownVersion>;
  diff(refA: string, refB: string): Promise<PromptDiff>;
  check(options?: CheckOptions): Promise<CheckReport>;
  /**
   * A released version: `id@1.2.0`, `id@<label>`, `id@latest`, or `id` (its `production` label, else its latest
   * version). The snapshot is verified against the lock file's sha256 on first load; later loads come from
   * memory until the lock file changes.
   */
  loadPrompt(ref: string): Promise<LoadedVersion>;
  /** `id@1.0.0,id@1.1.0` or `id@all`: several versions at once (for `eval --versions`). */
  loadVersions(spec: string): Promise<LoadedVersion[]>;
  /** Which version a reference names, without reading the snapshot. */
  resolve(ref: string): ResolvedRef;
  /** The lock file as read (do not change it). */
  lock(): LockFile;
}

export function openRegistry(root: string, options: RegistryOptions = {}): Registry {
  const ctx = new RegistryContext(root, options);
  const loader = new VersionLoader(ctx);
  return {
    root: ctx.root,
    paths: ctx.paths,
    release: (file, opts) => release(ctx, file, opts),
    label: (id, label, version) => setLabel(ctx, id, label, version),
    promote: (id, from, to) => promote(ctx, id, from, to),
    rollback: (id, label) => rollback(ctx, id, label),
    list: async () => list(ctx),
    history: async (id) => history(ctx, id),
    show: (ref) => show(ctx, loader, ref),
    async diff(refA, refB) {
      const [a, b] = await Promise.all([loader.load(refA), loader.load(refB)]);
      return diffPrompts(a, b);
    },
    check: (opts) => check(ctx, opts),
    loadPrompt: (ref) => loader.load(ref),
    loadVersions: (spec) => loader.loadMany(spec),
    resolve: (ref) => loader.resolve(ref),
    lock: () => ctx.state().lock,
  };
}

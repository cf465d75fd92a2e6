// What the Prompts tree (small bundle) learns from the registry work in the features bundle: the released
// versions and labels of each prompt file. Types only: importing this file adds no code.
import type * as vscode from 'vscode';

/** Mirrors core's PromptStatus: `changed` means the file has edits no version holds yet. */
export type FileReleaseStatus = 'up-to-date' | 'changed' | 'never-released' | 'file-missing';

export interface VersionEntry {
  version: string;
  /** ISO 8601. */
  createdAt: string;
  message: string;
  author?: string;
  /** Labels pointing at this version now. */
  labels: string[];
}

export interface PromptVersionsInfo {
  /** The registry root (the folder holding prompts/prompts.lock.json). */
  root: string;
  id: string;
  status: FileReleaseStatus;
  latest?: string;
  /** Label → version. */
  labels: Record<string, string>;
  /** Newest first. */
  versions: VersionEntry[];
}

/** The registry as the tree and the snapshot documents reach it (implemented in the features bundle). */
export interface VersionsFeatures {
  /** The versions of each prompt file that has released ones, by file system path. */
  describe(files: readonly vscode.Uri[]): Promise<Map<string, PromptVersionsInfo>>;
  /** The text of a `promptyard-version:` document (a released snapshot, verified against the lock file). */
  snapshotText(uri: vscode.Uri): Promise<string>;
}

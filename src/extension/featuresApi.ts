// The contract between the small bundle (extension.ts, loaded at activation) and the features bundle
// (features.ts → dist/extensionFeatures.js, loaded on first use). Types only: importing this file adds no code.
import type * as vscode from 'vscode';
import type { FeatureCommand } from './commandIds';
import type { VersionsFeatures } from './prompts/versionTypes';
import type { PromptsTreeProvider } from './promptsTree';
import type { SpendStatus } from './spend/spendStatus';
import type { EvalFeatures, EvalHost } from './testing/evalShell';
import type { TestingHooks } from './testingHooks';

export interface Features extends vscode.Disposable {
  /** Runs a contributed command; errors are shown to the user and logged there, never thrown at the palette. */
  run(command: FeatureCommand, args: unknown[]): Promise<unknown>;
  resolvePlaygroundView(view: vscode.WebviewView): void;
  /** The Test Explorer and CodeLens work behind the shell activate() registered (created on first use). */
  evals(): EvalFeatures;
  /** Released versions for the Prompts tree and the `promptyard-version:` snapshot documents. */
  versions(): VersionsFeatures;
  /** Present only when the extension runs its tests (ExtensionMode.Test). */
  readonly testing?: TestingHooks;
}

/** What activate() owns and lends the features bundle. */
export interface FeatureShell {
  /** The spend status bar item and its ledger: playground and eval runs record into it. */
  readonly spend: SpendStatus;
  /** The eval TestController, its run profiles and the CodeLens refresh. */
  readonly evals: EvalHost;
  /** The Prompts tree (its versions come from the features bundle). */
  readonly prompts: PromptsTreeProvider;
}

export type CreateFeatures = (context: vscode.ExtensionContext, channel: vscode.LogOutputChannel, shell: FeatureShell) => Features;

export interface FeaturesModule {
  createFeatures: CreateFeatures;
}

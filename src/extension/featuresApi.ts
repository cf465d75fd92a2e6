// The contract between the small bundle (extension.ts, loaded at activation) and the features bundle
// (features.ts → dist/extensionFeatures.js, loaded on first use). Types only: importing this file adds no code.
import type * as vscode from 'vscode';
import type { FeatureCommand } from './commandIds';
import type { TestingHooks } from './testingHooks';

export interface Features extends vscode.Disposable {
  /** Runs a contributed command; errors are shown to the user and logged there, never thrown at the palette. */
  run(command: FeatureCommand, args: unknown[]): Promise<unknown>;
  resolvePlaygroundView(view: vscode.WebviewView): void;
  /** Present only when the extension runs its tests (ExtensionMode.Test). */
  readonly testing?: TestingHooks;
}

export type CreateFeatures = (context: vscode.ExtensionContext, channel: vscode.LogOutputChannel) => Features;

export interface FeaturesModule {
  createFeatures: CreateFeatures;
}

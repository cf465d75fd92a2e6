// What the extension-host tests reach inside the extension. activate() returns these only in
// ExtensionMode.Test: they expose the secret storage, which no other extension may ever get.
import type * as vscode from 'vscode';
import type { HostToWebview } from '../shared/protocol';
import type { VersionTestingHooks } from './prompts/versionTestingHooks';
import type { DaySpend } from './spend/spendLedger';
import type { RunMode } from './testing/runPlan';
import type { RunLog } from './testing/runSink';

export interface TestSession {
  /** A message as if the webview sent it. */
  receive(raw: unknown): void;
  /** State that a bad message must not change. */
  snapshot(): Record<string, unknown>;
  /** Every request answered and every run ended. */
  idle(): Promise<void>;
  dispose(): void;
}

export interface TestingHooks {
  readonly secrets: vscode.SecretStorage;
  secretName(provider: string): string;
  /** A playground session whose webview is `post` (a bound panel's when `boundFile` is given). */
  createSession(post: (message: HostToWebview) => void, boundFile?: vscode.Uri): TestSession;
  /** The endpoints in use and the ones the trust gate ignores. */
  endpoints(): { trusted: boolean; names: string[]; ignored: string[] };
  /** The Test Explorer's evals and the spend status. */
  evals(): EvalTestingHooks;
  /** The Prompts tree's versions and the eval results view. */
  versions(): VersionTestingHooks;
}

/** A TestItem as the tests compare it: ranges as [startLine, startCharacter, endLine, endCharacter]. */
export interface TestItemSnapshot {
  id: string;
  label: string;
  description?: string;
  file?: string;
  range?: [number, number, number, number];
  error?: string;
  children: TestItemSnapshot[];
}

export interface EvalTestingHooks {
  /** The controller's items once discovery and the edits seen so far are applied. */
  tree(): Promise<TestItemSnapshot[]>;
  /** Runs the items with these ids through a run profile, as the Test Explorer would. */
  run(ids: string[], mode: RunMode, token?: vscode.CancellationToken): Promise<RunLog>;
  /** The log of the newest run, while it runs too (results appear in it as the TestRun gets them). */
  lastLog(): RunLog | undefined;
  /** The controller's run profiles. */
  profiles(): Array<{ label: string; kind: 'run' | 'debug' | 'coverage'; isDefault: boolean }>;
  /** The status bar's text, today's spend and the month's, in US dollars. */
  spend(): { text: string; today: DaySpend; monthUsd: number };
  resetSpend(): Promise<void>;
}

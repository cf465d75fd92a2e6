// What the extension-host tests reach inside the extension. activate() returns these only in
// ExtensionMode.Test: they expose the secret storage, which no other extension may ever get.
import type * as vscode from 'vscode';
import type { HostToWebview } from '../shared/protocol';

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
}

// Shared pieces of the extension-host tests: the activated extension's test hooks, stubs of the few
// vscode.window prompts a test cannot click, and a fake webview that records what the host posts.
import * as vscode from 'vscode';
import type { PromptyardApi } from '../../../src/extension/extension';
import type { TestingHooks, TestSession } from '../../../src/extension/testingHooks';
import type { HostToWebview, NotificationMap, NotificationMethod } from '../../../src/shared/protocol';

export const EXTENSION_ID = 'promptyard.promptyard';

export async function activated(): Promise<{ api: PromptyardApi; hooks: TestingHooks }> {
  const extension = vscode.extensions.getExtension<PromptyardApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  const api = await extension.activate();
  if (!api.testing) throw new Error('the extension exposes no test hooks: is it running in ExtensionMode.Test?');
  return { api, hooks: await api.testing() };
}

type Stubbed = 'showQuickPick' | 'showInputBox' | 'showSaveDialog' | 'showOpenDialog' | 'showErrorMessage' | 'showInformationMessage' | 'showWarningMessage';
type WindowStubs = Partial<Record<Stubbed, (...args: never[]) => unknown>>;

/** Replaces vscode.window methods (the same object the extension calls) until `restore()`. */
export function stubWindow(stubs: WindowStubs): { restore(): void } {
  const win = vscode.window as unknown as Record<string, unknown>;
  const saved = new Map(Object.keys(stubs).map((k) => [k, win[k]]));
  for (const [k, v] of Object.entries(stubs)) win[k] = v;
  return { restore: () => saved.forEach((v, k) => (win[k] = v)) };
}

/** Records the error and information messages the extension shows (and dismisses them). */
export function captureMessages(): { errors: string[]; infos: string[]; restore(): void } {
  const errors: string[] = [];
  const infos: string[] = [];
  const stub = stubWindow({
    showErrorMessage: async (message: string) => void errors.push(message),
    showInformationMessage: async (message: string) => void infos.push(message),
  });
  return { errors, infos, restore: stub.restore };
}

/** A webview stand-in: the session posts here; tests read and wait on what arrived. */
export class FakeWebview {
  readonly messages: HostToWebview[] = [];
  readonly post = (message: HostToWebview): void => void this.messages.push(JSON.parse(JSON.stringify(message)) as HostToWebview);
  private nextId = 1;
  session!: TestSession;

  attach(hooks: TestingHooks, boundFile?: vscode.Uri): this {
    this.session = hooks.createSession(this.post, boundFile);
    return this;
  }

  notifications<N extends NotificationMethod>(method: N): NotificationMap[N][] {
    return this.messages.filter((m) => m.kind === 'notification' && m.method === method).map((m) => (m as { params: NotificationMap[N] }).params);
  }

  async request<R = unknown>(method: string, params: unknown): Promise<R> {
    const id = this.nextId++;
    this.session.receive({ kind: 'request', id, method, params });
    const reply = await this.waitFor(() => this.messages.find((m) => m.kind === 'response' && m.id === id));
    const r = reply as { result?: unknown; error?: { message: string; hint?: string } };
    if (r.error) throw Object.assign(new Error(r.error.message), { hint: r.error.hint });
    return r.result as R;
  }

  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out; the webview got: ${JSON.stringify(this.messages).slice(0, 2_000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  dispose(): void {
    this.session?.dispose();
  }
}

export async function waitUntil(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Drops a document's unsaved edits (in its own editor, whatever is active now) and checks it is clean. */
export async function revertDocument(uri: vscode.Uri): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  for (let attempt = 0; attempt < 3 && document.isDirty; attempt++) {
    await vscode.window.showTextDocument(document, { preview: false, preserveFocus: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  if (document.isDirty) throw new Error(`${uri.fsPath} still has unsaved edits`);
}

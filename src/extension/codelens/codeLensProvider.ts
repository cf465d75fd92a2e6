// The CodeLenses of prompt files (promptLenses.ts) as vscode.CodeLens, from the Test Explorer's tree of the
// same document, so the case count and the rows are the ones the Test Explorer runs.
import * as vscode from 'vscode';
import type { EvalTests } from '../testing/evalTests';
import { LENS_COMMANDS, promptLenses } from './promptLenses';

/** How long the list of registered commands is trusted (Release… appears once its command is registered). */
const COMMANDS_TTL_MS = 5_000;

export class PromptCodeLenses {
  private commands: { at: number; ids: Promise<Set<string>> } | undefined;

  constructor(private readonly tests: EvalTests) {}

  async provide(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (document.uri.scheme !== 'file') return [];
    const file = document.uri.fsPath;
    const [suite, commands] = await Promise.all([this.tests.suiteOf(file), this.registered()]);
    if (token.isCancellationRequested) return [];
    return promptLenses(file, suite, { hasCommand: (id) => commands.has(id) }).map((spec) => {
      const range = new vscode.Range(spec.line, 0, spec.line, 0);
      const args: unknown[] = [document.uri];
      if (spec.caseId !== undefined) args.push(spec.caseId);
      return new vscode.CodeLens(range, { title: spec.title, command: spec.command, arguments: spec.command ? args : [], ...(spec.tooltip ? { tooltip: spec.tooltip } : {}) });
    });
  }

  private registered(): Promise<Set<string>> {
    const now = Date.now();
    if (!this.commands || now - this.commands.at > COMMANDS_TTL_MS) {
      this.commands = { at: now, ids: Promise.resolve(vscode.commands.getCommands(true)).then((ids) => new Set(ids.filter((id) => id === LENS_COMMANDS.release))) };
    }
    return this.commands.ids;
  }
}

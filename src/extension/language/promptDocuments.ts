// Which documents are prompt files, for the small bundle (to load the language features when the first one
// opens) and for the providers' document selector. Types only from `vscode`: importing this adds no runtime.
// Files on disk and unsaved ones only: read-only views (a git diff, a released version) get no diagnostics.
import type * as vscode from 'vscode';

export const PROMPT_FILE_PATTERN = '**/*.prompt.{yml,yaml}';
const SCHEMES = ['file', 'untitled'];

/** Any language id: YAML, or plain text where no YAML support is installed. */
export const PROMPT_SELECTOR: vscode.DocumentFilter[] = SCHEMES.map((scheme) => ({ scheme, pattern: PROMPT_FILE_PATTERN }));

export function isPromptDocument(document: vscode.TextDocument): boolean {
  return SCHEMES.includes(document.uri.scheme) && /\.prompt\.ya?ml$/i.test(document.uri.path);
}

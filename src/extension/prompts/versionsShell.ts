// What activate() registers for prompt versions: the read-only `promptyard-version:` document provider and
// the Prompts tree's source of versions. Both hand the work to the features bundle, loaded on first use.
import * as vscode from 'vscode';
import type { DescribeVersions } from '../promptsTree';
import type { VersionsFeatures } from './versionTypes';
import { VERSION_SCHEME } from './versionUri';

export function registerVersionsShell(versions: () => Promise<VersionsFeatures>): { describe: DescribeVersions; disposables: vscode.Disposable[] } {
  const provider: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent: async (uri) => (await versions()).snapshotText(uri),
  };
  return {
    describe: async (files) => (await versions()).describe(files),
    disposables: [vscode.workspace.registerTextDocumentContentProvider(VERSION_SCHEME, provider)],
  };
}

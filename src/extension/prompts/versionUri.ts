// `promptyard-version:` URIs name one released snapshot: `promptyard-version:/<id>@<version>.prompt.yml?root=…`.
// The path's base name is what the editor tab shows (and its extension gives the YAML language); the query
// carries the registry root. A read-only TextDocumentContentProvider serves them.
import * as vscode from 'vscode';

export const VERSION_SCHEME = 'promptyard-version';

export interface VersionRef {
  root: string;
  id: string;
  version: string;
}

export function versionUri(ref: VersionRef): vscode.Uri {
  return vscode.Uri.from({ scheme: VERSION_SCHEME, path: `/${ref.id}@${ref.version}.prompt.yml`, query: new URLSearchParams({ root: ref.root }).toString() });
}

/** The snapshot a URI names, or undefined when it is not one of ours. */
export function parseVersionUri(uri: vscode.Uri): VersionRef | undefined {
  if (uri.scheme !== VERSION_SCHEME) return undefined;
  const match = /^\/([^/@]+)@([^/@]+)\.prompt\.yml$/.exec(uri.path);
  const root = new URLSearchParams(uri.query).get('root');
  if (!match || !root) return undefined;
  return { root, id: match[1]!, version: match[2]! };
}

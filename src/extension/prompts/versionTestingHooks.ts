// What the extension-host tests reach of the versions tree and the results view (ExtensionMode.Test only).
import type { HostToResults } from '../../shared/resultsProtocol';

/** A tree item as the tests compare it. */
export interface TreeItemSnapshot {
  label: string;
  description?: string;
  contextValue?: string;
  children: TreeItemSnapshot[];
}

export interface VersionTestingHooks {
  /** The Prompts tree as VS Code gets it: folders → files → versions (read afresh). */
  tree(): Promise<TreeItemSnapshot[]>;
  /** How many times the tree told VS Code to read it again (the watchers and the commands refresh it). */
  treeRefreshes(): number;
  /** The open results panel of a prompt: its HTML, and its handler of messages from the page. */
  results(promptId: string): { html: string; handle(raw: unknown): Promise<HostToResults | undefined> } | undefined;
}

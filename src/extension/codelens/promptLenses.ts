// The CodeLenses of a prompt file, as data: at the top "Open in Playground", "Run evals (N cases)",
// "Release…" (when the versions feature provides the command) and "History"; "Run this case" on each testData
// row written in the file. Counts and rows come from the Test Explorer's tree of the same file. No `vscode`.
import type { SuiteNode } from '../testing/evalTree';

export const LENS_COMMANDS = {
  openInPlayground: 'promptyard.openInPlayground',
  runEvals: 'promptyard.runEvalTests',
  release: 'promptyard.releasePrompt',
  history: 'promptyard.showEvalHistory',
} as const;

export interface LensSpec {
  /** 0-based line. */
  line: number;
  title: string;
  /** Empty: a line of text, not clickable. */
  command: string;
  /** With the document's uri first; a case lens adds its case id. */
  caseId?: string;
  tooltip?: string;
}

export interface LensOptions {
  /** Commands registered right now (Release… shows only when its command exists). */
  hasCommand(command: string): boolean;
}

export function promptLenses(file: string, suite: SuiteNode | undefined, options: LensOptions): LensSpec[] {
  const lenses: LensSpec[] = [{ line: 0, title: 'Open in Playground', command: LENS_COMMANDS.openInPlayground }];
  if (suite?.error) {
    lenses.push({ line: 0, title: 'Evals: fix the file to run them', command: '', tooltip: suite.error });
  } else if (suite && suite.cases.length > 0) {
    const n = suite.cases.length;
    lenses.push({ line: 0, title: `Run evals (${n} case${n === 1 ? '' : 's'})`, command: LENS_COMMANDS.runEvals, tooltip: 'Run every case in the Test Explorer on the file’s model' });
  }
  if (options.hasCommand(LENS_COMMANDS.release)) lenses.push({ line: 0, title: 'Release…', command: LENS_COMMANDS.release });
  lenses.push({ line: 0, title: 'History', command: LENS_COMMANDS.history, tooltip: 'Eval runs of this prompt' });
  const seen = new Set<number>();
  for (const c of suite?.cases ?? []) {
    if (c.file !== file || !c.range || seen.has(c.range.startLine)) continue;
    seen.add(c.range.startLine);
    lenses.push({ line: c.range.startLine, title: 'Run this case', command: LENS_COMMANDS.runEvals, caseId: c.caseId, tooltip: `Run ${c.label} in the Test Explorer` });
  }
  return lenses;
}

// The Test Explorer's tree as plain data: suite (a prompt file, .prompty or promptfoo config) → case (a
// testData row, dataset record or promptfoo test) → target (prompt × model) when a case runs on more than one.
// Ids are stable across edits as long as the file and the case id stay; ranges are 0-based. No `vscode`
// here (testTree.ts turns nodes into TestItems), so the bench and the unit tests build it in plain Node.
import path from 'node:path';
import { CODE_TYPES, parseAssertionType } from '../../core/evals/assertions/registry';
import type { AssertionSpec, EvalCase, EvalPrompt, EvalSuite } from '../../core/evals/types';
import type { SourceLocation } from '../../shared/types';

/** 0-based, end exclusive, as vscode.Range takes it. */
export interface NodeRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

export interface TargetNode {
  kind: 'target';
  id: string;
  label: string;
  /** The suite file (the suite node's id) and the case it belongs to. */
  suite: string;
  caseId: string;
  file: string;
  range?: NodeRange;
  promptId: string;
  /** The model id, or DEFAULT_MODEL when the prompt names none (the configured default model runs). */
  modelId: string;
}

export interface CaseNode {
  kind: 'case';
  id: string;
  label: string;
  /** Shown beside the label: the case id when the label is a description, else a preview of its vars. */
  description?: string;
  /** The suite file (the suite node's id). */
  suite: string;
  /** Where the case is written: the suite, or the dataset it came from. */
  file: string;
  range?: NodeRange;
  caseId: string;
  /** Runs code (a javascript assertion or a transform): refused in an untrusted workspace. */
  needsCode: boolean;
  /** Prompt × model pairs, only when there is more than one. */
  targets: TargetNode[];
}

export interface SuiteNode {
  kind: 'suite';
  id: string;
  label: string;
  /** The file, relative to its workspace folder. */
  description: string;
  file: string;
  suiteKind: EvalSuite['kind'];
  cases: CaseNode[];
  /** Files the suite reads besides its own (datasets, prompts of a promptfoo config): edits there reload it. */
  dependencies: string[];
  /** Why the suite could not be loaded (its cases are then unknown). */
  error?: string;
}

export type EvalNode = SuiteNode | CaseNode | TargetNode;

export const DEFAULT_MODEL = 'default model';

export function suiteNodeId(file: string): string {
  return file;
}

export function caseNodeId(file: string, caseId: string): string {
  return `${file}#${caseId}`;
}

export function targetNodeId(file: string, caseId: string, promptId: string, modelId: string): string {
  return `${file}#${caseId}#${promptId}@${modelId}`;
}

/** The suite as tree nodes; `root` is its workspace folder (for the description). */
export function suiteNode(suite: EvalSuite, root: string): SuiteNode {
  const file = suite.file;
  const pairs = suite.prompts.flatMap((p) => modelsOf(suite, p).map((modelId) => ({ promptId: p.id, modelId })));
  const manyPrompts = suite.prompts.length > 1;
  const cases = suite.cases.map((c): CaseNode => {
    const where = c.location?.file ?? file;
    const node: CaseNode = {
      kind: 'case',
      id: caseNodeId(file, c.id),
      label: c.description ?? c.id,
      suite: file,
      file: where,
      caseId: c.id,
      needsCode: caseNeedsCode(suite, c),
      targets: [],
    };
    const description = c.description !== undefined ? c.id : varsPreview(c.vars);
    if (description) node.description = description;
    const range = rangeOf(c.location);
    if (range) node.range = range;
    if (pairs.length > 1) {
      node.targets = pairs.map(({ promptId, modelId }) => {
        const label = manyPrompts ? `${promptId} · ${modelId}` : modelId;
        const target: TargetNode = { kind: 'target', id: targetNodeId(file, c.id, promptId, modelId), label, suite: file, caseId: c.id, file: where, promptId, modelId };
        if (range) target.range = range;
        return target;
      });
    }
    return node;
  });
  const dependencies = new Set<string>();
  for (const c of suite.cases) if (c.location && c.location.file !== file) dependencies.add(c.location.file);
  for (const p of suite.prompts) if (p.prompt.file !== file) dependencies.add(p.prompt.file);
  return { kind: 'suite', id: suiteNodeId(file), label: suiteLabel(suite), description: relative(root, file), file, suiteKind: suite.kind, cases, dependencies: [...dependencies].sort() };
}

/** A suite that could not be loaded: shown with its error, without cases. */
export function brokenSuiteNode(file: string, root: string, kind: EvalSuite['kind'], error: string): SuiteNode {
  return { kind: 'suite', id: suiteNodeId(file), label: path.basename(file), description: relative(root, file), file, suiteKind: kind, cases: [], dependencies: [], error };
}

/** The models a prompt of the suite runs on without overrides: the suite's, else the prompt's own. */
export function modelsOf(suite: EvalSuite, prompt: EvalPrompt): string[] {
  if (suite.models.length > 0) return [...new Set(suite.models)];
  return [prompt.prompt.model ?? DEFAULT_MODEL];
}

/** The case runs code: a javascript assertion (nested ones too), an assertion's transform, or the case's transform. */
export function caseNeedsCode(suite: EvalSuite, c: EvalCase): boolean {
  return c.options?.transform !== undefined || specsNeedCode(suite.defaultAssert) || specsNeedCode(c.assert);
}

function specsNeedCode(specs: readonly AssertionSpec[]): boolean {
  return specs.some((s) => CODE_TYPES.has(parseAssertionType(s.type).base) || s.transform !== undefined || (s.assert ? specsNeedCode(s.assert) : false));
}

/** A source location (1-based, end exclusive) as a 0-based range; a point location spans its line. */
export function rangeOf(location: SourceLocation | undefined): NodeRange | undefined {
  if (!location) return undefined;
  const startLine = Math.max(0, location.line - 1);
  const startCharacter = Math.max(0, location.column - 1);
  if (location.endLine === undefined) return { startLine, startCharacter, endLine: startLine + 1, endCharacter: 0 };
  return { startLine, startCharacter, endLine: Math.max(startLine, location.endLine - 1), endCharacter: Math.max(0, (location.endColumn ?? 1) - 1) };
}

function suiteLabel(suite: EvalSuite): string {
  if (suite.kind === 'promptfoo') return suite.description ?? path.basename(suite.file);
  const prompt = suite.prompts[0];
  return prompt?.prompt.name ?? prompt?.id ?? path.basename(suite.file);
}

/** `name=Bob, shop=Florist` (the id, shown as the label, left out), cut to about 60 characters. */
function varsPreview(vars: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(vars)) {
    if (key === 'id') continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
    parts.push(`${key}=${text.replace(/\s+/g, ' ')}`);
  }
  const joined = parts.join(', ');
  return joined.length > 60 ? `${joined.slice(0, 59)}…` : joined;
}

function relative(root: string, file: string): string {
  const rel = path.relative(root, file);
  return rel && !rel.startsWith('..') ? rel.split(path.sep).join('/') : file;
}

// From the items a person picked in the Test Explorer to the suites handed to runEval: each suite keeps the
// picked cases only (and the picked prompts and models), so a case id shared by two files never runs twice;
// "all models" adds the configured models to each suite's own; in an untrusted workspace cases that run code
// are held back with a reason. Every picked leaf becomes a unit that waits for its records. No `vscode` here.
import type { CaseRecord, EvalSuite } from '../../core/evals/types';
import { caseNeedsCode, caseNodeId, DEFAULT_MODEL, modelsOf, targetNodeId, type CaseNode, type EvalNode, type SuiteNode } from './evalTree';

export type RunMode = 'own' | 'allModels' | 'noCache';

/** What was picked in one suite: case id → the picked target ids, or 'all' of the case. */
export type SuitePick = Map<string, Set<string> | 'all'>;

/** One picked leaf: a case, or a prompt × model of a case. Its outcome is known when `expected` records came. */
export interface RunUnit {
  nodeId: string;
  suite: string;
  caseId: string;
  expected: number;
  records: CaseRecord[];
}

export interface PlannedRun {
  suites: EvalSuite[];
  units: Map<string, RunUnit>;
  /** Picked nodes that will not run, with the reason (code in an untrusted workspace, a suite that fails to load, a case edited away). */
  held: Array<{ nodeId: string; suite: string; reason: string; kind: 'errored' | 'skipped' }>;
}

export const UNTRUSTED_CODE_REASON =
  'Not run: this case runs code (a javascript assertion or a transform), and Promptyard runs no code from a workspace you have not trusted. Trust the workspace (Workspaces: Manage Workspace Trust), then run it again.';

/** The picked leaves per suite file: `include` (everything when undefined) minus `exclude`. */
export function pickNodes(include: readonly EvalNode[], exclude: ReadonlySet<string>, suiteOf: (file: string) => SuiteNode | undefined): Map<string, SuitePick> {
  const picks = new Map<string, SuitePick>();
  const pickOf = (suite: string) => picks.get(suite) ?? picks.set(suite, new Map()).get(suite)!;
  const addCase = (pick: SuitePick, node: CaseNode) => {
    if (exclude.has(node.id)) return;
    const targets = node.targets.filter((t) => !exclude.has(t.id));
    pick.set(node.caseId, targets.length === node.targets.length ? 'all' : new Set(targets.map((t) => t.id)));
  };
  for (const node of include) {
    if (exclude.has(node.id)) continue;
    if (node.kind === 'suite') {
      const pick = pickOf(node.file);
      for (const c of node.cases) addCase(pick, c);
    } else if (node.kind === 'case') {
      if (!exclude.has(node.suite)) addCase(pickOf(node.suite), node);
    } else {
      const caseNode = suiteOf(node.suite)?.cases.find((c) => c.caseId === node.caseId);
      if (exclude.has(node.suite) || (caseNode && exclude.has(caseNode.id))) continue;
      const pick = pickOf(node.suite);
      const current = pick.get(node.caseId);
      if (current === 'all') continue;
      pick.set(node.caseId, new Set([...(current ?? []), node.id]));
    }
  }
  return picks;
}

export interface PlanOptions {
  mode: RunMode;
  trusted: boolean;
  /** Models added to every suite's own with 'allModels'. */
  configuredModels?: readonly string[];
}

/** `loaded`: each picked suite loaded again now (a string: why it could not be). */
export function planRun(picks: ReadonlyMap<string, SuitePick>, loaded: ReadonlyMap<string, EvalSuite | string>, options: PlanOptions): PlannedRun {
  const planned: PlannedRun = { suites: [], units: new Map(), held: [] };
  for (const [file, pick] of picks) {
    const suite = loaded.get(file);
    if (suite === undefined || typeof suite === 'string') {
      for (const caseId of pick.keys()) planned.held.push({ nodeId: caseNodeId(file, caseId), suite: file, reason: suite ?? 'The suite could not be read.', kind: 'errored' });
      continue;
    }
    const picked = planSuite(suite, pick, options, planned);
    if (picked) planned.suites.push(picked);
  }
  return planned;
}

function planSuite(suite: EvalSuite, pick: SuitePick, options: PlanOptions, planned: PlannedRun): EvalSuite | undefined {
  const file = suite.file;
  const byId = new Map(suite.cases.map((c) => [c.id, c]));
  const cases = [];
  const promptIds = new Set<string>();
  const modelIds = new Set<string>();
  let everyTarget = true;
  for (const [caseId, targets] of pick) {
    const c = byId.get(caseId);
    if (!c) {
      planned.held.push({ nodeId: caseNodeId(file, caseId), suite: file, reason: `The case ${caseId} is no longer in ${file}.`, kind: 'skipped' });
      continue;
    }
    if (!options.trusted && caseNeedsCode(suite, c)) {
      planned.held.push({ nodeId: caseNodeId(file, caseId), suite: file, reason: UNTRUSTED_CODE_REASON, kind: 'errored' });
      continue;
    }
    cases.push(c);
    if (targets !== 'all') {
      everyTarget = false;
      for (const id of targets) {
        const [promptId, modelId] = splitTarget(id, file, caseId);
        promptIds.add(promptId);
        modelIds.add(modelId);
      }
    }
  }
  if (cases.length === 0) return undefined;
  let prompts = suite.prompts;
  let models = suite.models;
  if (!everyTarget && options.mode !== 'allModels') {
    // Some case runs only some of its targets: keep the prompts and models any picked target uses.
    const keepAll = [...pick.values()].some((t) => t === 'all');
    if (!keepAll) {
      prompts = prompts.filter((p) => promptIds.has(p.id));
      if (models.length > 0) models = models.filter((m) => modelIds.has(m));
    }
  }
  if (options.mode === 'allModels') {
    const own = models.length > 0 ? models : prompts.map((p) => p.prompt.model).filter((m): m is string => m !== undefined);
    models = [...new Set([...own, ...(options.configuredModels ?? [])])];
  }
  const repeats = Math.max(1, Math.floor(suite.options.repeat ?? 1));
  const pairs = prompts.length * Math.max(1, models.length);
  for (const c of cases) {
    const targets = pick.get(c.id)!;
    const caseNode = caseNodeId(file, c.id);
    const unitIds = options.mode === 'allModels' || !hasTargets(suite) ? [caseNode] : targets === 'all' ? allTargets(suite, c.id) : [...targets];
    const perUnit = unitIds.length === 1 && unitIds[0] === caseNode ? pairs * repeats : repeats;
    for (const nodeId of unitIds) planned.units.set(nodeId, { nodeId, suite: file, caseId: c.id, expected: perUnit, records: [] });
  }
  return { ...suite, prompts, models, cases };
}

/** The unit a record belongs to: its prompt × model leaf, else its case (a default-model leaf matches by prompt). */
export function unitOf(record: CaseRecord, units: ReadonlyMap<string, RunUnit>): RunUnit | undefined {
  const file = record.suiteFile;
  return (
    units.get(targetNodeId(file, record.caseId, record.promptId, record.modelId)) ??
    units.get(caseNodeId(file, record.caseId)) ??
    units.get(targetNodeId(file, record.caseId, record.promptId, DEFAULT_MODEL))
  );
}

/** The tree shows the suite's cases with prompt × model leaves (evalTree.ts decides the same way). */
function hasTargets(suite: EvalSuite): boolean {
  return allTargets(suite, '').length > 1;
}

function allTargets(suite: EvalSuite, caseId: string): string[] {
  return suite.prompts.flatMap((p) => modelsOf(suite, p).map((m) => targetNodeId(suite.file, caseId, p.id, m)));
}

/** A target id's prompt and model (prompt ids hold no `@`). */
function splitTarget(id: string, file: string, caseId: string): [string, string] {
  const rest = id.slice(`${file}#${caseId}#`.length);
  const at = rest.indexOf('@');
  return [rest.slice(0, at), rest.slice(at + 1)];
}

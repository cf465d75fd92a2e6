// The work of a run, enumerated lazily (never held as a list): suites × cases × repeats × prompts × models.
// Case-major order, so the prompts and models of one case (a select-best group) run close together. The
// shard split is made on the group, the filter on each item, and items already finished (resume) are left out.
import type { ModelParameters } from '../../../shared/types';
import type { PartialSet } from '../../prompts/partials';
import type { PriceLookup } from '../../providers/catalog';
import type { ResolvedModel } from '../../providers/registry';
import { GROUP_TYPES, parseAssertionType } from '../assertions/registry';
import type { AssertionSpec, CaseRecord, EvalCase, EvalPrompt, EvalSuite, Grader } from '../types';
import type { WorkFilter } from './filter';
import { groupKey, shardOf, workKeyer, type Shard } from './keys';

export interface PlannedModel {
  modelId: string;
  resolved: ResolvedModel;
  /** Its price in the catalog; undefined when it has none. */
  price?: PriceLookup;
  /** The suite's parameter overrides for this model. */
  parameters?: ModelParameters;
}

export interface PlannedPrompt {
  prompt: EvalPrompt;
  partials: PartialSet;
  models: PlannedModel[];
}


export interface PlannedSuite {
  suite: EvalSuite;
  /** Suite path relative to the workspace (keys, run meta). */
  path: string;
  /** The suite file's folder: relative `file://` values of its assertions resolve against it. */
  baseDir: string;
  prompts: PlannedPrompt[];
  repeats: number;
  /** The grader of the suite's model-graded assertions. */
  grader?: Grader;
  /** Some case has a group assertion (select-best). */
  groupSpecs: boolean;
}

export interface PlanItem {
  key: string;
  /** groupKey() of the item's case and repeat; computed only when a shard or a group assertion needs it. */
  group: string;
  suite: PlannedSuite;
  case: EvalCase;
  /** specsOf(suite, case) and the group assertions among them. */
  specs: AssertionSpec[];
  groupSpecs: AssertionSpec[];
  repeat: number;
  prompt: PlannedPrompt;
  model: PlannedModel;
}

export interface PlanSelection {
  filter?: WorkFilter;
  shard?: Shard;
  /** Keys finished in an earlier invocation of the run. */
  done?: ReadonlySet<string>;
}

const NONE: AssertionSpec[] = [];

/** A case's assertions: the suite's defaults first, then its own (arrays shared where they can be). */
export function specsOf(suite: EvalSuite, c: EvalCase): AssertionSpec[] {
  if (suite.defaultAssert.length === 0) return c.assert;
  return c.assert.length === 0 ? suite.defaultAssert : [...suite.defaultAssert, ...c.assert];
}

/** The group assertions (select-best) among a case's specs. */
export function groupSpecsOf(specs: readonly AssertionSpec[]): AssertionSpec[] {
  return specs.some(isGroupSpec) ? specs.filter(isGroupSpec) : NONE;
}

function isGroupSpec(spec: AssertionSpec): boolean {
  return GROUP_TYPES.has(parseAssertionType(spec.type).base);
}

/** How many items of an item's group (its case and repeat, over prompts and models) this run still runs. */
export function pendingInGroup(item: PlanItem, selection: PlanSelection): number {
  let n = 0;
  for (const prompt of item.suite.prompts) {
    for (const model of prompt.models) {
      const key = keyOf(item.suite, item.case, item.repeat, prompt, model);
      if (selection.filter && !selection.filter({ caseId: item.case.id, description: item.case.description, promptId: prompt.prompt.id, modelId: model.modelId })) continue;
      if (!selection.done?.has(key)) n++;
    }
  }
  return n;
}

/**
 * Where an item's prompt × model stands in plan order within its suite (the order of the suite's prompts,
 * then of their models). A select-best group lists its outputs in this order, not in the order the calls
 * happened to finish, so "output 1" names the same model in every run.
 */
export function planOrder(suite: PlannedSuite, record: Pick<CaseRecord, 'promptId' | 'promptVersion' | 'promptSha256' | 'modelId'>): number {
  let order = 0;
  for (const { prompt, models } of suite.prompts) {
    for (const model of models) {
      if (prompt.id === record.promptId && prompt.version === record.promptVersion && prompt.sha256 === record.promptSha256 && model.modelId === record.modelId) return order;
      order++;
    }
  }
  return order;
}

export interface EnumerateOptions {
  /** Leave out items finished before (selection.done). */
  skipDone: boolean;
  /** Only the items of this provider. */
  provider?: string;
  /** false: items get no key (''), for a pass that does not need them; default true. */
  keys?: boolean;
}

/** The run's items in the shard that pass the filter, in plan order. */
export function* enumerate(suites: readonly PlannedSuite[], selection: PlanSelection, options: EnumerateOptions): Generator<PlanItem> {
  const { skipDone, provider } = options;
  const withKeys = options.keys !== false || (skipDone && (selection.done?.size ?? 0) > 0);
  for (const suite of suites) {
    const grouped = suite.groupSpecs;
    for (const planned of suite.suite.cases) {
      const specs = specsOf(suite.suite, planned);
      const groupSpecs = grouped ? groupSpecsOf(specs) : NONE;
      const hasGroup = groupSpecs.length > 0;
      for (let repeat = 0; repeat < suite.repeats; repeat++) {
        const group = selection.shard || hasGroup ? groupKey(suite.path, planned.id, repeat) : '';
        if (selection.shard && shardOf(group, selection.shard.count) !== selection.shard.index) continue;
        for (const prompt of suite.prompts) {
          for (const model of prompt.models) {
            if (provider !== undefined && model.resolved.provider.name !== provider) continue;
            if (selection.filter && !selection.filter({ caseId: planned.id, description: planned.description, promptId: prompt.prompt.id, modelId: model.modelId })) continue;
            const key = withKeys ? keyOf(suite, planned, repeat, prompt, model) : '';
            if (skipDone && selection.done?.has(key)) continue;
            yield { key, group, suite, case: planned, specs, groupSpecs, repeat, prompt, model };
          }
        }
      }
    }
  }
}

/** The keyer of each suite × prompt × model (keyed by the planned model, which belongs to one suite and prompt). */
const keyers = new WeakMap<PlannedModel, { suite: PlannedSuite; prompt: PlannedPrompt; key: (caseId: string, repeat: number) => string }>();

function keyOf(suite: PlannedSuite, planned: EvalCase, repeat: number, prompt: PlannedPrompt, model: PlannedModel): string {
  let keyer = keyers.get(model);
  if (!keyer || keyer.suite !== suite || keyer.prompt !== prompt) {
    const p = prompt.prompt;
    keyer = { suite, prompt, key: workKeyer({ suite: suite.path, promptId: p.id, promptVersion: p.version, promptSha256: p.sha256, modelId: model.modelId }) };
    keyers.set(model, keyer);
  }
  return keyer.key(planned.id, repeat);
}

/** Provider names of the plan, in first-use order. */
export function providersOf(suites: readonly PlannedSuite[]): string[] {
  const names = new Set<string>();
  for (const s of suites) for (const p of s.prompts) for (const m of p.models) names.add(m.resolved.provider.name);
  return [...names];
}

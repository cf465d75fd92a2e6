// From loaded suites to a plan: which models each prompt runs on (--model, else the suite's, else the
// prompt's own, else the default model), each resolved once (a bad id or a missing key fails here, before
// anything is sent), the partials of each prompt, each suite's grader and repeats.
import path from 'node:path';
import type { PromptyardConfig } from '../../config';
import { loadPartials, type PartialSet } from '../../prompts/partials';
import type { ProviderRegistry, ResolvedModel } from '../../providers/registry';
import { defaultModelId } from '../../runPrompt';
import { MODEL_GRADED_TYPES, parseAssertionType } from '../assertions/registry';
import { createGrader } from '../grading/grader';
import type { AssertionSpec, EvalSuite, RunPlan } from '../types';
import { suitePath } from './keys';
import { groupSpecsOf, type PlannedPrompt, type PlannedSuite } from './plan';

export interface SetupInputs {
  workspace: string;
  suites: readonly EvalSuite[];
  registry: ProviderRegistry;
  config: PromptyardConfig;
  plan: RunPlan;
}

export async function planSuites(inputs: SetupInputs): Promise<PlannedSuite[]> {
  const { registry, config, plan } = inputs;
  let fallback: Promise<string> | undefined;
  const defaultModel = () => (fallback ??= defaultModelId(config, registry));
  const resolved = new Map<string, Promise<ResolvedModel>>();
  const resolve = (id: string) => {
    let r = resolved.get(id);
    if (!r) resolved.set(id, (r = registry.resolve(id)));
    return r;
  };
  const partialSets = new Map<string, Promise<PartialSet>>();
  const partialsOf = (file: string) => {
    const dir = path.dirname(path.resolve(file));
    let p = partialSets.get(dir);
    if (!p) partialSets.set(dir, (p = loadPartials({ fromFile: path.resolve(file) })));
    return p;
  };

  const out: PlannedSuite[] = [];
  for (const suite of inputs.suites) {
    const prompts: PlannedPrompt[] = [];
    for (const prompt of suite.prompts) {
      const ids = plan.models?.length ? plan.models : suite.models.length ? suite.models : [prompt.prompt.model ?? (await defaultModel())];
      const models = [];
      for (const modelId of unique(ids)) {
        const parameters = suite.modelSettings?.[modelId]?.parameters;
        const price = registry.catalog.lookup(modelId);
        models.push({ modelId, resolved: await resolve(modelId), ...(price ? { price } : {}), ...(parameters ? { parameters } : {}) });
      }
      prompts.push({ prompt, partials: await partialsOf(prompt.prompt.file), models });
    }
    const graded = needsGrader(suite.defaultAssert) || suite.cases.some((c) => needsGrader(c.assert));
    const groupSpecs = groupSpecsOf(suite.defaultAssert).length > 0 || suite.cases.some((c) => groupSpecsOf(c.assert).length > 0);
    const graderModel = plan.graderModelId ?? suite.graderModelId ?? (graded ? config.defaultModel ?? prompts[0]?.models[0]?.modelId ?? (await defaultModel()) : undefined);
    out.push({
      suite,
      path: suitePath(inputs.workspace, suite.file),
      baseDir: path.dirname(path.resolve(suite.file)),
      prompts,
      groupSpecs,
      repeats: Math.max(1, Math.floor(plan.repeat ?? suite.options.repeat ?? 1)),
      ...(graderModel ? { grader: createGrader({ registry, defaultModelId: graderModel }) } : {}),
    });
  }
  return out;
}

function needsGrader(specs: readonly AssertionSpec[]): boolean {
  return specs.some((s) => MODEL_GRADED_TYPES.has(parseAssertionType(s.type).base) || (s.assert ? needsGrader(s.assert) : false));
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.trim()).filter(Boolean))];
}

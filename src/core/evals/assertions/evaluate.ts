// Runs assertions as promptfoo does: the family of the type, after the `transform` of the output and the
// value's `file://` and `{{var}}` resolution; `not-` inverts; `assert-set` nests; a case's result is the
// weighted mean of the scores (weight 0: reported, not counted), passing when every counted assertion
// passes, or when the score reaches the set's `threshold`. Never throws: a problem is an errored result.
import { renderValue } from '../grading/template';
import type { AssertionContext, AssertionSpec, GradingResult } from '../types';
import { ASSERT_SET, assertionFor, CODE_TYPES, GROUP_TYPES, knownAssertionTypes, parseAssertionType } from './registry';
import { levenshteinWithin } from './levenshtein';
import { errored, errorMessage, num } from './result';
import { applyTransform } from './transform';
import { isFileRef, loadFileValue } from './valueFiles';
import { expectedText } from './values';

export interface AssertionsOutcome {
  pass: boolean;
  /** Weighted mean of the counted scores, 0..1 (1 when nothing counts). */
  score: number;
  reason: string;
  /** One per spec, in order. */
  results: GradingResult[];
  /** Weighted mean score per `metric` name. */
  metrics: Record<string, number>;
}

export async function evaluateAssertion(spec: AssertionSpec, ctx: AssertionContext): Promise<GradingResult> {
  const label = (r: GradingResult): GradingResult => ({ ...r, assertion: spec.type, ...(spec.metric ? { metric: spec.metric } : {}) });
  try {
    if (typeof spec.type !== 'string' || spec.type === '') return label(errored('The assertion has no type; add e.g. `type: contains`.'));
    if (ctx.signal?.aborted) return label(errored(`The ${spec.type} assertion was not run: the run was cancelled.`));
    const { base, inverse } = parseAssertionType(spec.type);
    if (base === ASSERT_SET) {
      if (inverse) return label(errored('not-assert-set is not an assertion: put not- on the assertions inside the set.'));
      return label(await assertSet(spec, ctx));
    }
    const family = assertionFor(base);
    if (!family) return label(errored(unknownTypeMessage(spec.type)));
    let output = ctx.output;
    if (spec.transform) {
      const transformed = await applyTransform(spec.transform, output, ctx);
      if ('error' in transformed) return label(transformed.error);
      output = transformed.output;
    }
    const value = await resolveValue(spec, base, ctx);
    if ('error' in value) return label(value.error);
    const result = await family({ ...spec, value: value.value }, output === ctx.output ? ctx : { ...ctx, output });
    return label(inverse ? invert(result, base) : result);
  } catch (e) {
    return label(errored(`The ${spec.type} assertion failed to run: ${errorMessage(e)}.`));
  }
}

/** Runs every assertion (concurrently; results in order) and combines them. select-best specs are left to selectBest(). */
export async function evaluateAssertions(specs: AssertionSpec[], ctx: AssertionContext, options: { threshold?: number } = {}): Promise<AssertionsOutcome> {
  const own = specs.filter((s) => !GROUP_TYPES.has(parseAssertionType(s.type).base));
  const results = await Promise.all(own.map((spec) => evaluateAssertion(spec, ctx)));
  return aggregateResults(
    own.map((spec, i) => ({ spec, result: results[i]! })),
    options.threshold,
  );
}

/** Combines results as promptfoo does; the runner also uses it to add select-best results to a case. */
export function aggregateResults(entries: Array<{ spec: AssertionSpec; result: GradingResult }>, threshold?: number): AssertionsOutcome {
  const results = entries.map((e) => e.result);
  const counted = entries.filter((e) => (e.spec.weight ?? 1) !== 0);
  let total = 0;
  let weights = 0;
  const metricSums = new Map<string, { sum: number; weight: number }>();
  for (const { spec, result } of entries) {
    const weight = spec.weight ?? 1;
    total += result.score * weight;
    weights += weight;
    if (spec.metric) {
      const m = metricSums.get(spec.metric) ?? { sum: 0, weight: 0 };
      // a metric-only (weight 0) assertion still reports its metric
      const w = weight === 0 ? 1 : weight;
      metricSums.set(spec.metric, { sum: m.sum + result.score * w, weight: m.weight + w });
    }
  }
  const metrics: Record<string, number> = {};
  for (const [name, m] of metricSums) metrics[name] = m.weight > 0 ? m.sum / m.weight : 0;
  if (counted.length === 0) {
    const reason = entries.length === 0 ? 'No assertions.' : 'No assertion counts toward the result (all have weight 0).';
    return { pass: true, score: 1, reason, results, metrics };
  }
  const score = weights > 0 ? total / weights : 0;
  if (threshold !== undefined) {
    const pass = score >= threshold;
    return { pass, score, reason: `Weighted score ${num(score)} ${pass ? 'reaches' : 'is below'} the threshold ${num(threshold)}.`, results, metrics };
  }
  const failures = counted.filter((e) => !e.result.pass);
  if (failures.length === 0) return { pass: true, score, reason: `All ${counted.length} assertions passed.`, results, metrics };
  const first = failures[0]!;
  const reason = `${failures.length} of ${counted.length} assertions failed; ${first.spec.type}: ${first.result.reason}`;
  return { pass: false, score, reason, results, metrics };
}

async function assertSet(spec: AssertionSpec, ctx: AssertionContext): Promise<GradingResult> {
  const inner = spec.assert;
  if (!Array.isArray(inner) || inner.length === 0) return errored('assert-set needs a list of assertions under `assert:`.');
  let setCtx = ctx;
  if (spec.transform) {
    const transformed = await applyTransform(spec.transform, ctx.output, ctx);
    if ('error' in transformed) return transformed.error;
    setCtx = { ...ctx, output: transformed.output };
  }
  const outcome = await evaluateAssertions(inner, setCtx, { threshold: spec.threshold });
  return { pass: outcome.pass, score: outcome.score, reason: `assert-set: ${outcome.reason}`, componentResults: outcome.results };
}

async function resolveValue(spec: AssertionSpec, base: string, ctx: AssertionContext): Promise<{ value: unknown } | { error: GradingResult }> {
  let value = spec.value;
  // GitHub Models evaluators template their own value; code reads its own files (as a module).
  if (base.startsWith('gh-')) return { value };
  if (isFileRef(value)) {
    if (CODE_TYPES.has(base)) return { value };
    try {
      value = await loadFileValue(value, ctx.baseDir);
    } catch (e) {
      return { error: errored(`The value of ${spec.type} cannot be read from ${value}: ${errorMessage(e)}.`) };
    }
    return { value };
  }
  if (!mayHoldTemplate(value)) return { value };
  const vars: Record<string, unknown> = { ...ctx.vars };
  const expected = expectedText(ctx.expected);
  if (expected !== undefined && !('expected' in vars)) vars.expected = expected;
  const rendered = renderValue(value, vars);
  if ('problem' in rendered) return { error: errored(`The value of ${spec.type} is a template that cannot be rendered: ${rendered.problem}`) };
  return rendered;
}

function mayHoldTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value).includes('{{');
  return false;
}

/** `not-`: the opposite pass and score 1 - score; results that could not be judged stay failures. */
export function invert(result: GradingResult, base: string): GradingResult {
  if (result.errored) return result;
  const pass = !result.pass;
  const reason = pass
    ? `not-${base} passes because the ${base} check failed: ${result.reason}`
    : `not-${base} fails because the ${base} check passed: ${result.reason}`;
  return { ...result, pass, score: 1 - result.score, reason };
}

export function unknownTypeMessage(type: string): string {
  const { base, inverse } = parseAssertionType(type);
  const known = knownAssertionTypes();
  const near = known
    .map((k) => ({ k, d: levenshteinWithin(base, k, 3) }))
    .filter((x) => x.d <= 3)
    .sort((a, b) => a.d - b.d)[0];
  const hint = near ? ` Did you mean ${inverse ? 'not-' : ''}${near.k}?` : ` Known types: ${known.join(', ')}.`;
  return `Unknown assertion type '${type}'.${hint}`;
}

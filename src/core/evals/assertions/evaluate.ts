// Runs assertions as promptfoo does: the family of the type, after the `transform` of the output and the
// value's `file://` and `{{var}}` resolution; `not-` inverts; `assert-set` nests; a case's result is the
// weighted mean of the scores (weight 0: reported, not counted), passing when every counted assertion
// passes, or when the score reaches the set's `threshold`. Never throws: a problem is an errored result.
import { renderValue } from '../grading/template';
import type { AssertionContext, AssertionFn, AssertionSpec, GradingResult } from '../types';
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
  return evaluateNow(spec, ctx);
}

/**
 * One assertion, without a promise when nothing in it waits: most deterministic families are synchronous, and
 * a run grades every case, so the common path allocates no promise. Never throws.
 */
function evaluateNow(spec: AssertionSpec, ctx: AssertionContext): GradingResult | Promise<GradingResult> {
  try {
    if (typeof spec.type !== 'string' || spec.type === '') return label(spec, errored('The assertion has no type; add e.g. `type: contains`.'));
    if (ctx.signal?.aborted) return label(spec, errored(`The ${spec.type} assertion was not run: the run was cancelled.`));
    const inverse = spec.type.startsWith('not-');
    const base = inverse ? spec.type.slice(4) : spec.type;
    if (base === ASSERT_SET) {
      if (inverse) return label(spec, errored('not-assert-set is not an assertion: put not- on the assertions inside the set.'));
      return assertSet(spec, ctx).then((r) => label(spec, r), (e: unknown) => failedToRun(spec, e));
    }
    const family = assertionFor(base);
    if (!family) return label(spec, errored(unknownTypeMessage(spec.type)));
    // A transform or a value read from a file waits; everything else is decided here.
    if (spec.transform || (isFileRef(spec.value) && !base.startsWith('gh-') && !CODE_TYPES.has(base))) {
      return evaluateAsync(spec, ctx, family, base, inverse).catch((e: unknown) => failedToRun(spec, e));
    }
    const value = resolveInlineValue(spec, base, ctx);
    if ('error' in value) return label(spec, value.error);
    const result = family(value.value === spec.value ? spec : { ...spec, value: value.value }, ctx);
    if (isPromiseLike(result)) {
      return Promise.resolve(result).then(
        (r) => label(spec, inverse ? invert(r, base) : r),
        (e: unknown) => failedToRun(spec, e),
      );
    }
    return label(spec, inverse ? invert(result, base) : result);
  } catch (e) {
    return failedToRun(spec, e);
  }
}

async function evaluateAsync(spec: AssertionSpec, ctx: AssertionContext, family: AssertionFn, base: string, inverse: boolean): Promise<GradingResult> {
  let output = ctx.output;
  if (spec.transform) {
    const transformed = await applyTransform(spec.transform, output, ctx);
    if ('error' in transformed) return label(spec, transformed.error);
    output = transformed.output;
  }
  const value = await resolveValue(spec, base, ctx);
  if ('error' in value) return label(spec, value.error);
  const result = await family({ ...spec, value: value.value }, output === ctx.output ? ctx : { ...ctx, output });
  return label(spec, inverse ? invert(result, base) : result);
}

/** A result as reported: the assertion's type as written, and its metric. */
function label(spec: AssertionSpec, r: GradingResult): GradingResult {
  const out: GradingResult = { ...r, assertion: spec.type };
  if (spec.metric) out.metric = spec.metric;
  return out;
}

function failedToRun(spec: AssertionSpec, e: unknown): GradingResult {
  return label(spec, errored(`The ${spec.type} assertion failed to run: ${errorMessage(e)}.`));
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Runs every assertion (concurrently; results in order) and combines them. select-best specs are left to selectBest(). */
export async function evaluateAssertions(specs: AssertionSpec[], ctx: AssertionContext, options: { threshold?: number } = {}): Promise<AssertionsOutcome> {
  return evaluateAssertionsNow(specs, ctx, options);
}

/**
 * evaluateAssertions() without a promise when every assertion was decided at once (the runner's path).
 * `ungrouped`: the caller knows no spec is a group assertion (select-best), so none is looked for.
 */
export function evaluateAssertionsNow(specs: AssertionSpec[], ctx: AssertionContext, options: { threshold?: number; ungrouped?: boolean } = {}): AssertionsOutcome | Promise<AssertionsOutcome> {
  const own = options.ungrouped || !specs.some(isGroupSpec) ? specs : specs.filter((s) => !isGroupSpec(s));
  const results: Array<GradingResult | Promise<GradingResult>> = new Array(own.length);
  let waiting = false;
  for (let i = 0; i < own.length; i++) {
    const r = evaluateNow(own[i]!, ctx);
    results[i] = r;
    if (r instanceof Promise) waiting = true;
  }
  if (!waiting) return aggregate(own, results as GradingResult[], options.threshold);
  return Promise.all(results).then((done) => aggregate(own, done, options.threshold));
}

function isGroupSpec(spec: AssertionSpec): boolean {
  const type = spec.type;
  if (typeof type !== 'string') return false;
  return GROUP_TYPES.has(type.startsWith('not-') ? type.slice(4) : type);
}

/** Combines results as promptfoo does; the runner also uses it to add select-best results to a case. */
export function aggregateResults(entries: Array<{ spec: AssertionSpec; result: GradingResult }>, threshold?: number): AssertionsOutcome {
  return aggregate(
    entries.map((e) => e.spec),
    entries.map((e) => e.result),
    threshold,
  );
}

/** aggregateResults() over specs and their results side by side (results[i] is the result of specs[i]). */
function aggregate(specs: readonly AssertionSpec[], results: GradingResult[], threshold?: number): AssertionsOutcome {
  let counted = 0;
  let total = 0;
  let weights = 0;
  let metricSums: Map<string, { sum: number; weight: number }> | undefined;
  let failures = 0;
  let firstFailure = -1;
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    const result = results[i]!;
    const weight = spec.weight ?? 1;
    total += result.score * weight;
    weights += weight;
    if (weight !== 0) {
      counted++;
      if (!result.pass) {
        failures++;
        if (firstFailure < 0) firstFailure = i;
      }
    }
    if (spec.metric) {
      metricSums ??= new Map();
      const m = metricSums.get(spec.metric) ?? { sum: 0, weight: 0 };
      // a metric-only (weight 0) assertion still reports its metric
      const w = weight === 0 ? 1 : weight;
      metricSums.set(spec.metric, { sum: m.sum + result.score * w, weight: m.weight + w });
    }
  }
  const metrics: Record<string, number> = {};
  if (metricSums) for (const [name, m] of metricSums) metrics[name] = m.weight > 0 ? m.sum / m.weight : 0;
  if (counted === 0) {
    const reason = specs.length === 0 ? 'No assertions.' : 'No assertion counts toward the result (all have weight 0).';
    return { pass: true, score: 1, reason, results, metrics };
  }
  const score = weights > 0 ? total / weights : 0;
  if (threshold !== undefined) {
    const pass = score >= threshold;
    return { pass, score, reason: `Weighted score ${num(score)} ${pass ? 'reaches' : 'is below'} the threshold ${num(threshold)}.`, results, metrics };
  }
  if (failures === 0) return { pass: true, score, reason: `All ${counted} assertions passed.`, results, metrics };
  const reason = `${failures} of ${counted} assertions failed; ${specs[firstFailure]!.type}: ${results[firstFailure]!.reason}`;
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
  const value = spec.value;
  // GitHub Models evaluators template their own value; code reads its own files (as a module).
  if (base.startsWith('gh-')) return { value };
  if (isFileRef(value)) {
    if (CODE_TYPES.has(base)) return { value };
    try {
      return { value: await loadFileValue(value, ctx.baseDir) };
    } catch (e) {
      return { error: errored(`The value of ${spec.type} cannot be read from ${value}: ${errorMessage(e)}.`) };
    }
  }
  return resolveInlineValue(spec, base, ctx);
}

/** A value that is not a file: as written, or rendered when it holds a `{{var}}` template. */
function resolveInlineValue(spec: AssertionSpec, base: string, ctx: AssertionContext): { value: unknown } | { error: GradingResult } {
  const value = spec.value;
  if (base.startsWith('gh-') || isFileRef(value) || !mayHoldTemplate(value)) return { value };
  const vars: Record<string, unknown> = { ...ctx.vars };
  const expected = expectedText(ctx.expected);
  if (expected !== undefined && !('expected' in vars)) vars.expected = expected;
  const rendered = renderValue(value, vars);
  if ('problem' in rendered) return { error: errored(`The value of ${spec.type} is a template that cannot be rendered: ${rendered.problem}`) };
  return rendered;
}

/** Some text inside the value (a string, or one in a list or object) holds `{{`. */
function mayHoldTemplate(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (typeof value !== 'object' || value === null) return false;
  // Deep structures are rare: let JSON answer for them (it also sees keys).
  if (depth > 8) return JSON.stringify(value).includes('{{');
  if (Array.isArray(value)) {
    for (const item of value) if (mayHoldTemplate(item, depth + 1)) return true;
    return false;
  }
  for (const key of Object.keys(value)) {
    if (key.includes('{{') || mayHoldTemplate((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
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

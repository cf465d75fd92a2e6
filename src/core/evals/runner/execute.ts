// One work item: render the prompt with the case's variables (the core render path), take the response
// from the cache or call the model once (the SDK retries inside that call; we only watch its attempts),
// then grade the output with the case's assertions. The item ends as one CaseRecord, whatever happens;
// only a cancelled run leaves an item without one (it is not finished, and --resume runs it).
import type { ChatMessage, ChatResult, ProviderErrorKind } from '../../../shared/types';
import { isPromptyardError, ProviderError } from '../../errors';
import { renderPrompt } from '../../prompts/render';
import type { AttemptInfo, ChatRequest } from '../../providers/types';
import { buildChatRequest } from '../../runPrompt';
import { aggregateResults, evaluateAssertionsNow, type AssertionsOutcome } from '../assertions/evaluate';
import { applyTransform } from '../assertions/transform';
import { responseCacheKey } from '../cache/cacheKey';
import type { ResponseCache } from '../cache/responseCache';
import type { AssertionContext, AssertionSpec, CaseRecord, CodeRunner, Grader, GradingResult } from '../types';
import { estimateCallUsd } from './budget';
import type { Permit } from './limiter';
import type { PlanItem } from './plan';

export interface ExecuteContext {
  cache?: ResponseCache;
  grader?: Grader;
  codeRunner?: CodeRunner;
  allowCode: boolean;
  codeTimeoutMs?: number;
  signal: AbortSignal;
}

export type PreparedItem =
  | { item: PlanItem; ok: true; messages: ChatMessage[]; request: ChatRequest; cacheKey?: string; estimateUsd?: number }
  | { item: PlanItem; ok: false; message: string };

/** The item's call was cut short by cancellation: the item is not finished. */
export class ItemCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ItemCancelled';
  }
}

/** Renders the item and builds its request; `withCacheKey` false skips the cache key (nothing to look up). */
export function prepareItem(item: PlanItem, withCacheKey: boolean): PreparedItem {
  let messages: ChatMessage[];
  try {
    messages = renderPrompt(item.prompt.prompt.prompt, item.case.vars, { partials: item.prompt.partials });
  } catch (e) {
    return { item, ok: false, message: isPromptyardError(e) ? e.format() : String(e) };
  }
  const request = buildChatRequest(item.prompt.prompt.prompt, messages, item.model.resolved.model, item.model.parameters);
  // Built field by field: this runs twice per item (survey and dispatch), spreads would allocate each time.
  const prepared: Extract<PreparedItem, { ok: true }> = { item, ok: true, messages, request };
  if (withCacheKey) prepared.cacheKey = responseCacheKey(item.model.resolved.provider.name, request, item.repeat);
  const estimateUsd = estimateCallUsd(item.model.price, messages, request.parameters);
  if (estimateUsd !== undefined) prepared.estimateUsd = estimateUsd;
  return prepared;
}

/**
 * What the survey needs of an item: its cache key (when asked) and its estimated price. Renders like
 * prepareItem() but builds no request; undefined when the item cannot be rendered (it will cost nothing).
 */
export function surveyItem(item: PlanItem, withCacheKey: boolean): { cacheKey?: string; estimateUsd?: number } | undefined {
  if (withCacheKey) {
    const prepared = prepareItem(item, true);
    return prepared.ok ? prepared : undefined;
  }
  let messages: ChatMessage[];
  try {
    messages = renderPrompt(item.prompt.prompt.prompt, item.case.vars, { partials: item.prompt.partials });
  } catch {
    return undefined;
  }
  const prompt = item.prompt.prompt.prompt;
  const parameters = item.model.parameters ? { ...prompt.modelParameters, ...item.model.parameters } : prompt.modelParameters;
  const estimateUsd = estimateCallUsd(item.model.price, messages, parameters);
  return estimateUsd === undefined ? {} : { estimateUsd };
}

export interface CallOutcome {
  result?: ChatResult;
  error?: { kind: ProviderErrorKind; message: string };
  cached: boolean;
  /** HTTP attempts (undefined for providers without HTTP, 0 for a cached result). */
  attempts?: number;
}

export async function cachedResult(prepared: Extract<PreparedItem, { ok: true }>, cache: ResponseCache): Promise<ChatResult | undefined> {
  return prepared.cacheKey ? cache.get(prepared.cacheKey) : undefined;
}

/** One model call; rate-limit answers and successes go to the provider's limiter through `permit`. */
export async function callModel(prepared: Extract<PreparedItem, { ok: true }>, ctx: ExecuteContext, permit?: Permit): Promise<CallOutcome> {
  let attempts = 0;
  const onAttempt = (a: AttemptInfo) => {
    attempts++;
    permit?.observe(a);
  };
  let outcome: CallOutcome;
  try {
    const result = await prepared.item.model.resolved.provider.complete(prepared.request, { signal: ctx.signal, onAttempt });
    if (ctx.cache && prepared.cacheKey) ctx.cache.put(prepared.cacheKey, result);
    outcome = { result, cached: false };
  } catch (e) {
    if (ctx.signal.aborted) throw new ItemCancelled();
    if (!attempts && e instanceof ProviderError && e.attempts) attempts = e.attempts;
    const error = e instanceof ProviderError ? { kind: e.kind, message: e.format() } : { kind: 'server' as const, message: `the call failed unexpectedly: ${e instanceof Error ? e.message : String(e)}` };
    outcome = { error, cached: false };
  }
  if (attempts) outcome.attempts = attempts;
  return outcome;
}

/** What a graded item keeps until its select-best group is complete. */
export interface GradedItem {
  record: CaseRecord;
  entries: Array<{ spec: AssertionSpec; result: GradingResult }>;
  ctx?: AssertionContext;
}

/**
 * Grades an item's output into its record. Synchronous when nothing in the grading waits (no transform, no
 * model-graded or code assertion, no value file): a run grades every case, and the promises would cost more
 * than the checks. Returns a promise otherwise.
 */
export function gradeItem(prepared: PreparedItem, outcome: CallOutcome | undefined, ctx: ExecuteContext): GradedItem | Promise<GradedItem> {
  const { item } = prepared;
  const base = baseRecord(item);
  if (!prepared.ok) {
    return { record: { ...base, error: { kind: 'render', message: prepared.message }, pass: false, score: 0, results: [], cost: 0, cached: false, finishedAt: isoNow() }, entries: [] };
  }
  const result = outcome?.result;
  const callFields: Pick<CaseRecord, 'cached' | 'attempts'> = { cached: outcome?.cached ?? false };
  if (outcome?.attempts !== undefined) callFields.attempts = outcome.attempts;
  if (!result) {
    const error = outcome?.error ?? { kind: 'server' as const, message: 'the model call returned nothing' };
    return { record: { ...base, ...callFields, error, pass: false, score: 0, results: [], cost: 0, finishedAt: isoNow() }, entries: [] };
  }
  const c = item.case;
  const suiteGrader = item.suite.grader ?? ctx.grader;
  const grader = c.options?.provider && suiteGrader ? withDefaultModel(suiteGrader, c.options.provider) : suiteGrader;
  const output = outputText(result);
  const actx: AssertionContext = { output, result, vars: c.vars, messages: prepared.messages, allowCode: ctx.allowCode, baseDir: item.suite.baseDir, signal: ctx.signal, cached: callFields.cached };
  if (c.expected !== undefined) actx.expected = c.expected;
  if (grader) actx.grader = grader;
  if (ctx.codeRunner) actx.codeRunner = ctx.codeRunner;
  if (prepared.request.tools) actx.tools = prepared.request.tools;
  if (ctx.codeTimeoutMs) actx.codeTimeoutMs = ctx.codeTimeoutMs;
  const finish = (outcomeOf: AssertionsOutcome, entries: GradedItem['entries']): GradedItem => {
    if (ctx.signal.aborted) throw new ItemCancelled();
    const callCost = callFields.cached ? 0 : result.cost?.total ?? 0;
    const record = base as CaseRecord;
    record.cached = callFields.cached;
    if (callFields.attempts !== undefined) record.attempts = callFields.attempts;
    record.output = output; // as the model answered; a case's transform only changes what the assertions see
    record.pass = outcomeOf.pass;
    record.score = outcomeOf.score;
    record.results = outcomeOf.results;
    record.latencyMs = result.latencyMs;
    record.usage = result.usage;
    record.cost = callCost + gradingCost(outcomeOf.results);
    record.finishedAt = isoNow();
    markAssertionError(record);
    return { record, entries, ctx: actx };
  };
  if (c.options?.transform) return gradeTransformed(item, c.options.transform, actx, finish);
  const evaluated = evaluateAssertionsNow(item.specs, actx, { threshold: c.threshold, ungrouped: item.groupSpecs.length === 0 });
  if (evaluated instanceof Promise) return evaluated.then((o) => finish(o, groupEntries(item, o)));
  return finish(evaluated, groupEntries(item, evaluated));
}

/** A case with a `transform`: its assertions judge the transformed output. */
async function gradeTransformed(
  item: PlanItem,
  transform: string,
  actx: AssertionContext,
  finish: (outcome: AssertionsOutcome, entries: GradedItem['entries']) => GradedItem,
): Promise<GradedItem> {
  const transformed = await applyTransform(transform, actx.output, actx);
  if ('error' in transformed) {
    const failure = { ...transformed.error, assertion: 'transform' };
    return finish({ pass: false, score: 0, reason: failure.reason, results: [failure], metrics: {} }, []);
  }
  actx.output = transformed.output;
  const outcome = await evaluateAssertionsNow(item.specs, actx, { threshold: item.case.threshold });
  return finish(outcome, groupEntries(item, outcome));
}

/** Adds group results (select-best) to a graded item and judges the case again with them. */
export function withGroupResults(graded: GradedItem, extra: Array<{ spec: AssertionSpec; result: GradingResult }>, threshold: number | undefined): CaseRecord {
  const entries = [...graded.entries, ...extra];
  const outcome = aggregateResults(entries, threshold);
  const record: CaseRecord = {
    ...graded.record,
    pass: outcome.pass,
    score: outcome.score,
    results: outcome.results,
    cost: graded.record.cost + gradingCost(extra.map((e) => e.result)),
  };
  delete record.error;
  markAssertionError(record);
  return record;
}

/** For a case with group assertions: its other specs beside their results, to judge it again later. */
function groupEntries(item: PlanItem, outcome: AssertionsOutcome): GradedItem['entries'] {
  if (item.groupSpecs.length === 0) return [];
  return item.specs.filter((s) => !item.groupSpecs.includes(s)).map((spec, i) => ({ spec, result: outcome.results[i]! }));
}

let isoSecond = Number.NaN;
let isoPrefix = '';

/**
 * new Date().toISOString(): the date and time to the second is formatted once per second, the milliseconds
 * appended (`2026-12-04T11:56:54.` + `536Z`). Exactly the same text for any time after 1970.
 */
export function isoNow(now = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== isoSecond || now < 0) {
    const iso = new Date(now).toISOString();
    if (now < 0 || iso.length !== 24) return iso;
    isoSecond = second;
    isoPrefix = iso.slice(0, 20);
  }
  const ms = now - second * 1000;
  return `${isoPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

/** The identity part of an item's record, in the field order records are written with. */
function baseRecord(item: PlanItem): Omit<CaseRecord, 'pass' | 'score' | 'results' | 'cost' | 'cached' | 'finishedAt'> {
  const c = item.case;
  const p = item.prompt.prompt;
  const base = { key: item.key, promptId: p.id } as Omit<CaseRecord, 'pass' | 'score' | 'results' | 'cost' | 'cached' | 'finishedAt'>;
  if (p.version !== undefined) base.promptVersion = p.version;
  base.modelId = item.model.modelId;
  base.caseId = c.id;
  base.repeat = item.repeat;
  base.promptSha256 = p.sha256;
  base.suiteFile = item.suite.suite.file;
  if (c.description !== undefined) base.description = c.description;
  base.vars = c.vars;
  if (c.location) base.location = c.location;
  return base;
}

/** The text assertions judge: the reply's text, or its tool calls as JSON when it only called tools. */
function outputText(result: ChatResult): string {
  if (result.text || result.toolCalls.length === 0) return result.text;
  return JSON.stringify(result.toolCalls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments })));
}

function gradingCost(results: readonly GradingResult[]): number {
  let total = 0;
  for (const r of results) {
    if (r.gradingCost !== undefined) total += r.gradingCost;
    else if (r.componentResults) total += gradingCost(r.componentResults);
  }
  return total;
}

/** An assertion that could not be judged makes the case an error of kind 'assertion'. */
function markAssertionError(record: CaseRecord): void {
  if (record.error) return;
  const broken = record.results.find((r) => r.errored);
  if (broken) record.error = { kind: 'assertion', message: `${broken.assertion ?? 'assertion'}: ${broken.reason}` };
}

function withDefaultModel(grader: Grader, modelId: string): Grader {
  return {
    defaultModelId: modelId,
    complete: (messages, options) => grader.complete(messages, { ...options, modelId: options?.modelId ?? modelId }),
    embed: (texts, options) => grader.embed(texts, options),
  };
}

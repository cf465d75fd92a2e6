// The eval engine's contracts: suites (what to run), assertions (how to judge), records (what happened)
// and events (how a host watches a run). The CLI and the editor's Test Explorer both consume these.
import type { ChatMessage, ChatResult, ModelParameters, ProviderErrorKind, ResponseFormat, SourceLocation, ToolDefinition, Usage } from '../../shared/types';
import type { PromptFile } from '../prompts/promptFile';

// ---------------------------------------------------------------- assertions

/** An assertion as written, in promptfoo's vocabulary (`type` may carry the `not-` prefix). */
export interface AssertionSpec {
  type: string;
  value?: unknown;
  threshold?: number;
  weight?: number;
  metric?: string;
  /** A JavaScript expression applied to the output before this assertion (code: needs allowCode). */
  transform?: string;
  /** Grader model id for model-graded assertions (`provider/model`), else the suite's grader. */
  provider?: string;
  /** Custom grading prompt for model-graded assertions. */
  rubricPrompt?: string;
  config?: Record<string, unknown>;
  /** `assert-set`: the nested assertions. */
  assert?: AssertionSpec[];
  location?: SourceLocation;
}

export interface GradingResult {
  pass: boolean;
  /** 0..1. */
  score: number;
  /** A sentence a person can act on: what was expected, what came. */
  reason: string;
  /** The assertion's type as written (with `not-`) and its metric name. */
  assertion?: string;
  metric?: string;
  /** For assert-set, and for graders that grade in parts. */
  componentResults?: GradingResult[];
  /** Tokens and cost spent grading (model-graded assertions). */
  gradingUsage?: Usage;
  gradingCost?: number;
  /** Expected vs actual, when a diff helps (the editor shows it). */
  expected?: string;
  actual?: string;
  /**
   * The assertion could not be judged (unknown type, bad value, code refused or failed, grader error):
   * always a failure, which `not-` does not turn into a pass.
   */
  errored?: boolean;
}

/** Model access for model-graded assertions: any configured model can grade. */
export interface Grader {
  /** The model used when an assertion names none. */
  readonly defaultModelId: string;
  complete(messages: ChatMessage[], options?: { modelId?: string; responseFormat?: ResponseFormat; signal?: AbortSignal }): Promise<ChatResult>;
  embed(texts: string[], options?: { modelId?: string; signal?: AbortSignal }): Promise<number[][]>;
}

/** Runs untrusted JavaScript (javascript assertions, transforms) isolated, with a time limit. */
export interface CodeRunner {
  /**
   * Runs `code` as the body of an async function whose parameters are the keys of `args` (JSON values;
   * assertions/scriptBody.ts turns a promptfoo one-line expression into such a body) and resolves to its
   * JSON result; rejects on timeout (CodeTimeoutError), error, or abort.
   */
  run(code: string, args: Record<string, unknown>, options: { timeoutMs: number; signal?: AbortSignal }): Promise<unknown>;
}

export interface AssertionContext {
  /** The model's text output (after any transform). */
  output: string;
  /** The whole model result (latency, cost, finish reason, tool calls, usage); absent when grading a bare output. */
  result?: ChatResult;
  vars: Record<string, unknown>;
  /** The rendered messages the output answers. */
  messages: ChatMessage[];
  /** GitHub Models `expected` of the case, when it has one. */
  expected?: unknown;
  grader?: Grader;
  /** The host says whether code (javascript assertions, transforms) may run: false in untrusted workspaces. */
  allowCode: boolean;
  codeRunner?: CodeRunner;
  /** Folder that relative `file://` values resolve against. */
  baseDir: string;
  signal?: AbortSignal;
  /** The prompt's tools (is-valid-openai-tools-call checks tool calls against their schemas). */
  tools?: ToolDefinition[];
  /** The result came from the response cache, so its latency says nothing about this run. */
  cached?: boolean;
  /** Time limit of one javascript assertion or transform in ms; default 5000. */
  codeTimeoutMs?: number;
}

/** One assertion family: a pure function of its inputs (model-graded ones call the grader). */
export type AssertionFn = (spec: AssertionSpec, ctx: AssertionContext) => GradingResult | Promise<GradingResult>;

// ---------------------------------------------------------------- suites

/** One prompt under test: a parsed prompt file plus the identity its records carry. */
export interface EvalPrompt {
  /** Stable id (prompt id, or a label for promptfoo raw prompts). */
  id: string;
  /** Released version, when the prompt came from the registry (`id@1.2.0`). */
  version?: string;
  /** sha256 of the prompt content (line endings normalized). */
  sha256: string;
  prompt: PromptFile;
}

export interface EvalCase {
  /** Stable within its suite: the testData row / promptfoo test index, or its `id` if given. */
  id: string;
  description?: string;
  vars: Record<string, unknown>;
  /** GitHub Models `expected`. */
  expected?: unknown;
  assert: AssertionSpec[];
  /** Where the case is written (testData row, dataset line, promptfoo test). */
  location?: SourceLocation;
  /** Per-case overrides (promptfoo `options`): an output transform, and `provider` the grader model id. */
  options?: { transform?: string; provider?: string };
  /**
   * promptfoo test `threshold`: the case passes when the weighted mean score of its assertions (suite
   * defaultAssert included) reaches it, instead of when every assertion passes.
   */
  threshold?: number;
}

/** How one model of a suite runs (promptfoo provider `label` and `config`). */
export interface EvalModelSettings {
  /** The name the suite gives it (promptfoo `label`), for reports. */
  label?: string;
  /** Sampling parameters that override each prompt's own `modelParameters` for this model. */
  parameters?: ModelParameters;
  location?: SourceLocation;
}

export interface EvalSuite {
  /** The file the suite was read from. */
  file: string;
  kind: 'prompt-file' | 'promptfoo' | 'prompty';
  prompts: EvalPrompt[];
  /** promptfoo `description`, or the prompt file's name. */
  description?: string;
  /** Model ids to run; empty means each prompt's own model (or the default model). */
  models: string[];
  /** Per model id in `models`: label and parameter overrides, when the suite sets them. */
  modelSettings?: Record<string, EvalModelSettings>;
  cases: EvalCase[];
  /** Assertions applied to every case (GitHub Models `evaluators`, promptfoo `defaultTest.assert`). */
  defaultAssert: AssertionSpec[];
  /** promptfoo `evaluateOptions` and friends. */
  options: { repeat?: number; maxConcurrency?: number; delayMs?: number };
  /** Grader model for model-graded assertions, when the suite names one. */
  graderModelId?: string;
}

// ---------------------------------------------------------------- runs

/** One unit of work: prompt (version) × model × case × repeat. `key` is its stable identity in a run. */
export interface WorkItem {
  key: string;
  promptId: string;
  promptVersion?: string;
  modelId: string;
  caseId: string;
  repeat: number;
}

export interface CaseRecord extends WorkItem {
  promptSha256: string;
  suiteFile: string;
  description?: string;
  vars: Record<string, unknown>;
  location?: SourceLocation;
  /** The model's output text; absent when the call failed. */
  output?: string;
  /** A typed failure of the model call (the case is failed, never dropped). */
  error?: { kind: ProviderErrorKind | 'render' | 'assertion'; message: string };
  pass: boolean;
  score: number;
  results: GradingResult[];
  latencyMs?: number;
  usage?: Usage;
  /** US dollars for the model call plus grading. */
  cost: number;
  cached: boolean;
  /** HTTP attempts made for the model call (1 + retries). */
  attempts?: number;
  finishedAt: string;
}

export interface RunMeta {
  runId: string;
  createdAt: string;
  /** The command line or editor action that started it, without secrets. */
  origin: string;
  suites: string[];
  promptVersions: { id: string; version?: string; sha256: string }[];
  models: string[];
  total: number;
  /** `i/n` when the run is one shard of a larger one. */
  shard?: string;
  estimate?: CostEstimate;
  status: 'running' | 'complete' | 'stopped' | 'cancelled';
  stoppedReason?: string;
  /** How the work was chosen, so `--resume` plans the same work. */
  plan?: RunPlan;
  /** Repeats per case (the most of any suite) when above 1: summaries of the run keep stability. */
  repeats?: number;
  /** A hash of every case's content (vars, expectations, assertions): resume and merge refuse other cases. */
  casesDigest?: string;
  /** Run ids merged into this one (`promptyard eval merge`). */
  mergedFrom?: string[];
}

/** The choices that decide a run's work besides its suites, as given when it started. */
export interface RunPlan {
  /** Model ids run instead of the suites' own (`--model`). */
  models?: string[];
  /** Released prompt versions run instead of the working files (`--versions id@1.0.0,id@all`). */
  versions?: string[];
  /** `--filter` patterns. */
  filter?: string[];
  /** Repeats per case (`--repeat`), when given. */
  repeat?: number;
  /** Datasets appended to every suite (`--dataset`), relative to the workspace. */
  datasets?: string[];
  /** Dataset records that can't be read are errors (`--strict`). */
  strict?: boolean;
  /** Grader model for model-graded assertions (`--grader`). */
  graderModelId?: string;
}

export interface CostEstimate {
  /** US dollars, for the uncached work; undefined parts of the work have no known price. */
  usd: number;
  unpricedModels: string[];
  calls: number;
  cachedCalls: number;
}

/**
 * One prompt version × model. `cases = passed + failed + errors`: `failed` ran and missed an assertion,
 * `errors` carry a typed `error` (the model call, rendering or an assertion could not complete).
 * Latency figures leave out cached results (their latency says nothing about this run).
 */
export interface RunSummaryRow {
  promptId: string;
  promptVersion?: string;
  modelId: string;
  cases: number;
  passed: number;
  failed: number;
  errors: number;
  /** passed / cases, 0..1. */
  passRate: number;
  meanScore: number;
  latencyP50?: number;
  latencyP95?: number;
  /** Latency distribution in ms; every row of a summary shares the same bounds. */
  latencyHistogram?: LatencyHistogram;
  inputTokens: number;
  outputTokens: number;
  cost: number;
}

/** `counts[i]` results took between `bounds[i]` and `bounds[i + 1]` ms (bounds has one more entry). */
export interface LatencyHistogram {
  bounds: number[];
  counts: number[];
}

/** A failed or errored case as the summary keeps it: enough to list it and point at its source. */
export interface FailedCase {
  key: string;
  promptId: string;
  promptVersion?: string;
  modelId: string;
  caseId: string;
  repeat: number;
  description?: string;
  suiteFile: string;
  location?: SourceLocation;
  status: 'failed' | 'error';
  /** The first failing assertion's type as written, or the error kind. */
  assertion?: string;
  /** Its reason, or the error message (truncated). */
  reason: string;
}

export interface RunSummary {
  runId: string;
  rows: RunSummaryRow[];
  total: number;
  passed: number;
  failed: number;
  errors: number;
  cost: number;
  durationMs: number;
  /** Per case key: passes / repeats, when repeats > 1. */
  stability?: Record<string, number>;
  /** The first failed cases in key order (a bounded list, so a summary stays small). */
  failures?: FailedCase[];
  /** Failed cases beyond `failures`. */
  failuresOmitted?: number;
}

/** What a host sees while a run goes on (`for await (const event of runEval(...))`). */
export type EvalEvent =
  | { type: 'plan'; meta: RunMeta; pending: number; skipped: number }
  | { type: 'started'; item: WorkItem }
  | { type: 'result'; record: CaseRecord }
  | { type: 'progress'; done: number; total: number; cost: number }
  | { type: 'stopped'; reason: 'max-cost' | 'cancelled' | 'error'; message: string }
  | { type: 'done'; summary: RunSummary; meta: RunMeta };

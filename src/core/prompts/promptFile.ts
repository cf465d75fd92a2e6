// The prompt file model: `*.prompt.yml` / `*.prompt.yaml` in the GitHub Models format, plus the optional
// keys Promptyard adds (`id`, `version`, `inputs`, `tools`, `assert` on a test row) that `gh models` ignores.
import type { JsonSchema, ModelParameters, ResponseFormat, SourceLocation, ToolDefinition } from '../../shared/types';

/** Roles a prompt file may use; tool turns only appear at run time. */
export type PromptRole = 'system' | 'user' | 'assistant';
export const PROMPT_ROLES: readonly PromptRole[] = ['system', 'user', 'assistant'];

/** How YAML wrote a scalar; decides how offsets inside its value map back to the file. */
export type ScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

/** A point of a template that maps to a known place in the file: `offset` into the template text. */
export interface TextAnchor {
  offset: number;
  line: number;
  column: number;
}

/**
 * Where a message's template text came from, kept so that render errors point into the file.
 * `yaml-scalar`: the raw source of the YAML scalar (quotes and block header included) and where it starts.
 * `text`: the template was copied or converted from plain text (a `.prompty` body, a partial file);
 * the anchors map template offsets to file positions, text after an anchor advances from it.
 */
export type ContentSource =
  | { kind: 'yaml-scalar'; style: ScalarStyle; raw: string; line: number; column: number }
  | { kind: 'text'; anchors: TextAnchor[] };

export interface PromptMessage {
  role: PromptRole;
  /** A Handlebars template. */
  content: string;
  /** Where the content scalar starts (for a block scalar, its `|` or `>` header). */
  location?: SourceLocation;
  source?: ContentSource;
}

export type InputType = 'string' | 'number' | 'boolean' | 'object' | 'array';
export const INPUT_TYPES: readonly InputType[] = ['string', 'number', 'boolean', 'object', 'array'];

export interface InputSpec {
  type?: InputType;
  description?: string;
  default?: unknown;
  /** Default true when there is no default value. */
  required?: boolean;
  /** Promptyard: the value never comes from users (exempt from the prompt-injection warnings). */
  trusted?: boolean;
  location?: SourceLocation;
}

/** A promptfoo assertion; only its shape is checked here, `type` is an open vocabulary. */
export interface Assertion {
  type: string;
  value?: unknown;
  threshold?: number;
  weight?: number;
  metric?: string;
  transform?: string;
  /** Grader for model-graded assertions: a `provider/model` id (or a promptfoo provider id, mapped by the eval loader). */
  provider?: string;
  /** Custom grading prompt for model-graded assertions. */
  rubricPrompt?: string;
  /** Options of the assertion family, passed through. */
  config?: Record<string, unknown>;
  /** `type: assert-set`: the nested assertions. */
  assert?: Assertion[];
}
export const ASSERTION_KEYS = ['type', 'value', 'threshold', 'weight', 'metric', 'transform', 'provider', 'rubricPrompt', 'config', 'assert'] as const;

/** An external dataset named by `datasets:` (JSONL, CSV or YAML), relative to the prompt file. */
export interface DatasetRef {
  path: string;
  location?: SourceLocation;
}
export const DATASET_EXTENSIONS = ['.jsonl', '.csv', '.tsv', '.yaml', '.yml', '.json'] as const;

export interface TestDataRow {
  /** Template variables of the row (every key but `expected` and `assert`). */
  vars: Record<string, unknown>;
  expected?: unknown;
  assert?: Assertion[];
  location?: SourceLocation;
}

export type StringCheck = 'equals' | 'contains' | 'startsWith' | 'endsWith';
export const STRING_CHECKS: readonly StringCheck[] = ['equals', 'contains', 'startsWith', 'endsWith'];

export const BUILTIN_EVALUATORS = [
  'github/similarity',
  'github/coherence',
  'github/fluency',
  'github/relevance',
  'github/groundedness',
] as const;
export type BuiltinEvaluatorName = (typeof BUILTIN_EVALUATORS)[number];

export interface LlmChoice {
  choice: string;
  score: number;
}

export interface StringEvaluator {
  name: string;
  string: Partial<Record<StringCheck, string>>;
  location?: SourceLocation;
}

export interface LlmEvaluator {
  name: string;
  llm: { modelId: string; prompt: string; systemPrompt?: string; choices: LlmChoice[] };
  location?: SourceLocation;
}

export interface BuiltinEvaluator {
  name: string;
  uses: BuiltinEvaluatorName;
  location?: SourceLocation;
}

export type Evaluator = StringEvaluator | LlmEvaluator | BuiltinEvaluator;

export interface PromptFile {
  /** Stable id; defaults to the file name without its extension. */
  id: string;
  /** The path the prompt was read from (or the name given to the parser). */
  file: string;
  name?: string;
  description?: string;
  /** Semver of this prompt; set when released. */
  version?: string;
  /** `provider/model`; absent means the configured default model. */
  model?: string;
  modelParameters?: ModelParameters;
  responseFormat?: ResponseFormat;
  messages: PromptMessage[];
  inputs?: Record<string, InputSpec>;
  tools?: ToolDefinition[];
  testData?: TestDataRow[];
  evaluators?: Evaluator[];
  /** Promptyard: datasets whose rows are cases too, after `testData`. */
  datasets?: DatasetRef[];
}

export const PROMPT_FILE_SUFFIXES = ['.prompt.yml', '.prompt.yaml'] as const;
export const PROMPTY_SUFFIX = '.prompty';

/** `prompts/summarize.prompt.yml` → `summarize`. */
export function idFromFileName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  for (const suffix of [...PROMPT_FILE_SUFFIXES, PROMPTY_SUFFIX]) {
    if (base.toLowerCase().endsWith(suffix)) return base.slice(0, -suffix.length);
  }
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

export function isPromptFileName(file: string): boolean {
  const lower = file.toLowerCase();
  return PROMPT_FILE_SUFFIXES.some((s) => lower.endsWith(s));
}

/** Ids name folders of released versions, so they stay portable. */
export const PROMPT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** OpenAI's rule for response format and tool names. */
export const SCHEMA_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Semantic Versioning 2.0.0, the official pattern. */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function isJsonSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

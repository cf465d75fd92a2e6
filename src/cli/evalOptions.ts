// The flags of `promptyard eval`, checked and typed. Every mistake is a usage error (exit 2) that says
// what to write instead.
import path from 'node:path';
import { PromptyardError } from '../core/errors';
import { parseModelId } from '../shared/modelId';
import type { CommandArgs } from './context';

export const REPORT_EXTENSIONS = ['.json', '.xml', '.html'] as const;

export interface EvalCliOptions {
  files: string[];
  models?: string[];
  /** Released versions to compare (`--versions id@1.0.0,id@all`). */
  versions?: string[];
  grader?: string;
  filter: string[];
  repeat?: number;
  datasets: string[];
  strict: boolean;
  concurrency?: number;
  /** Time limit of one javascript assertion or transform, in ms. */
  codeTimeoutMs?: number;
  cache: boolean;
  cacheTtlMs?: number;
  maxCost?: number;
  shard?: string;
  resume?: string;
  outputs: string[];
  baseline?: string;
  /** 0..1 */
  minPassRate?: number;
  json: boolean;
}

/** Flags that choose the work of a run: a resumed run keeps its own, so they can't be given with --resume. */
const PLAN_FLAGS = ['model', 'versions', 'grader', 'filter', 'repeat', 'dataset', 'strict', 'shard'] as const;

export function parseEvalOptions(args: CommandArgs, cwd: string): EvalCliOptions {
  const v = args.values;
  const list = (name: string): string[] => {
    const raw = v[name];
    const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    return items.filter((x): x is string => typeof x === 'string');
  };
  const str = (name: string): string | undefined => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
  const resume = str('resume');
  if (resume !== undefined) {
    const given = PLAN_FLAGS.filter((f) => v[f] !== undefined);
    if (given.length || args.positionals.length) {
      const what = [...args.positionals.slice(0, 1), ...given.map((f) => `--${f}`)].join(', ');
      throw usage(`--resume goes on with the run as it started, so ${what} can't be given with it`, 'Drop them, or start a new run without --resume.');
    }
  }
  const models = list('model').flatMap((m) => m.split(',')).map((m) => m.trim()).filter(Boolean);
  for (const id of models) if (!parseModelId(id)) throw usage(`--model '${id}' is not a model id`, 'Write provider/model, e.g. openai/gpt-4o-mini; `promptyard models` lists them.');
  const versions = list('versions').flatMap((m) => m.split(',')).map((m) => m.trim()).filter(Boolean);
  for (const ref of versions) {
    if (!/^[^@\s]+@[^@\s]+$/.test(ref)) throw usage(`--versions '${ref}' is not id@version`, 'Write id@1.2.0, id@production or id@all, e.g. --versions summarize@1.0.0,summarize@1.1.0.');
  }
  const grader = str('grader');
  if (grader !== undefined && !parseModelId(grader)) throw usage(`--grader '${grader}' is not a model id`, 'Write provider/model, e.g. openai/gpt-4o-mini.');
  const outputs = list('output');
  for (const file of outputs) {
    const ext = path.extname(file).toLowerCase();
    if (!(REPORT_EXTENSIONS as readonly string[]).includes(ext)) {
      throw usage(`--output ${file}: unknown report format '${ext || '(none)'}'`, 'Use .json (JSON), .xml (JUnit XML) or .html (a self-contained report).');
    }
  }
  const cacheTtlDays = number(str('cache-ttl'), '--cache-ttl', { min: 0, hint: 'Give the days a cached response stays valid, e.g. --cache-ttl 7.' });
  return {
    files: args.positionals.map((f) => path.resolve(cwd, f)),
    ...(models.length ? { models } : {}),
    ...(versions.length ? { versions } : {}),
    ...(grader ? { grader } : {}),
    filter: list('filter'),
    ...optional('repeat', number(str('repeat'), '--repeat', { min: 1, integer: true, hint: 'Give how many times each case runs, e.g. --repeat 3.' })),
    datasets: list('dataset').map((f) => path.resolve(cwd, f)),
    strict: v.strict === true,
    ...optional('concurrency', number(str('concurrency'), '--concurrency', { min: 1, integer: true, hint: 'Give the calls in flight per provider, e.g. --concurrency 16.' })),
    ...optional('codeTimeoutMs', number(str('code-timeout'), '--code-timeout', { min: 1, integer: true, hint: 'Give milliseconds, e.g. --code-timeout 10000.' })),
    cache: v['no-cache'] !== true,
    ...optional('cacheTtlMs', cacheTtlDays === undefined ? undefined : cacheTtlDays * 86_400_000),
    ...optional('maxCost', number(str('max-cost'), '--max-cost', { min: 0, hint: 'Give US dollars, e.g. --max-cost 2.50.', strip: /^\$/ })),
    ...optional('shard', str('shard')),
    ...optional('resume', resume),
    outputs: outputs.map((f) => path.resolve(cwd, f)),
    ...optional('baseline', str('baseline')),
    ...optional('minPassRate', passRate(str('min-pass-rate'))),
    json: v.json === true,
  };
}

function optional<K extends string, T>(key: K, value: T | undefined): Partial<Record<K, T>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, T>);
}

function number(raw: string | undefined, flag: string, o: { min: number; integer?: boolean; hint: string; strip?: RegExp }): number | undefined {
  if (raw === undefined) return undefined;
  const text = o.strip ? raw.trim().replace(o.strip, '') : raw.trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n < o.min || (o.integer && !Number.isInteger(n))) {
    throw usage(`${flag} '${raw}' is not ${o.integer ? 'a whole number' : 'a number'} of at least ${o.min}`, o.hint);
  }
  return n;
}

/** `0.9`, `90%` or `90`: a share of cases that must pass. */
export function passRate(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  const percent = text.endsWith('%');
  const n = Number(percent ? text.slice(0, -1) : text);
  const value = percent || n > 1 ? n / 100 : n;
  if (text === '' || !Number.isFinite(n) || value < 0 || value > 1) {
    throw usage(`--min-pass-rate '${raw}' is not a pass rate`, 'Give a share from 0 to 1 or a percentage, e.g. --min-pass-rate 0.9 or 90%.');
  }
  return value;
}

export function usage(message: string, hint: string): PromptyardError {
  return new PromptyardError('usage', message, { hint, exitCode: 2 });
}

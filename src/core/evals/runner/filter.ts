// --filter: which work a run takes. A pattern is a case-insensitive substring, or a JavaScript regular
// expression written `/…/flags`. `case:`, `prompt:` or `model:` in front limits it to that field (a case
// matches on its id or its description); without one it matches any of them. Patterns on the same field are
// alternatives; patterns on different fields must all match. So `--filter model:mini --filter prompt:greet
// --filter prompt:sum` runs the prompts greet and summarize on mini models.
import { PromptyardError } from '../../errors';

export type FilterField = 'case' | 'prompt' | 'model' | 'any';

export interface FilterTarget {
  caseId: string;
  description?: string;
  promptId: string;
  modelId: string;
}

export type WorkFilter = (target: FilterTarget) => boolean;

const FIELDS = ['case', 'prompt', 'model'] as const;

export function parseFilters(patterns: readonly string[]): WorkFilter | undefined {
  if (patterns.length === 0) return undefined;
  const groups = new Map<FilterField, Array<(text: string) => boolean>>();
  for (const raw of patterns) {
    const { field, pattern } = splitField(raw);
    const test = compile(pattern, raw);
    const list = groups.get(field) ?? [];
    list.push(test);
    groups.set(field, list);
  }
  return (t) => {
    for (const [field, tests] of groups) {
      const texts = textsOf(field, t);
      if (!tests.some((test) => texts.some(test))) return false;
    }
    return true;
  };
}

/** Whether the filter could keep items of this prompt and model (the case still decides). */
export function filterMentions(patterns: readonly string[], field: 'prompt' | 'model'): boolean {
  return patterns.some((p) => splitField(p).field === field);
}

function splitField(raw: string): { field: FilterField; pattern: string } {
  for (const field of FIELDS) {
    if (raw.toLowerCase().startsWith(`${field}:`)) return { field, pattern: raw.slice(field.length + 1) };
  }
  return { field: 'any', pattern: raw };
}

function textsOf(field: FilterField, t: FilterTarget): string[] {
  const caseTexts = t.description ? [t.caseId, t.description] : [t.caseId];
  switch (field) {
    case 'case':
      return caseTexts;
    case 'prompt':
      return [t.promptId];
    case 'model':
      return [t.modelId];
    default:
      return [...caseTexts, t.promptId, t.modelId];
  }
}

function compile(pattern: string, raw: string): (text: string) => boolean {
  const re = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (re) {
    let regex: RegExp;
    try {
      regex = new RegExp(re[1]!, re[2]!.replace(/[gy]/g, ''));
    } catch (e) {
      throw new PromptyardError('invalid-filter', `--filter '${raw}' is not a valid regular expression: ${(e as Error).message}`, {
        hint: 'Fix the expression, or drop the slashes to match the text as it is.',
        exitCode: 2,
      });
    }
    return (text) => regex.test(text);
  }
  if (pattern === '') {
    throw new PromptyardError('invalid-filter', `--filter '${raw}' is empty`, { hint: 'Give a text or /regex/ after the field, e.g. --filter case:refund.', exitCode: 2 });
  }
  const needle = pattern.toLowerCase();
  return (text) => text.toLowerCase().includes(needle);
}

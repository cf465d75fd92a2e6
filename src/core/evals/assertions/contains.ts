// contains, icontains and their -any / -all forms: substring checks, the `i` forms ignoring case.
import type { AssertionFn, AssertionSpec, GradingResult } from '../types';
import { errored, failed, listWords, passed, quote } from './result';
import { listValue, textValue } from './values';

function needle(spec: AssertionSpec, type: string): string | GradingResult {
  const text = textValue(spec.value);
  if (text === undefined || text === '') return errored(`${type} needs a non-empty text value to look for; add \`value:\`.`);
  return text;
}

function needles(spec: AssertionSpec, type: string): string[] | GradingResult {
  const list = listValue(spec.value);
  if (!list || list.length === 0) {
    return errored(`${type} needs a list of texts (a YAML list or comma-separated text) as its value.`);
  }
  return list;
}

function containsOne(ignoreCase: boolean): AssertionFn {
  const type = ignoreCase ? 'icontains' : 'contains';
  return (spec, ctx) => {
    const text = needle(spec, type);
    if (typeof text !== 'string') return text;
    const found = ignoreCase ? ctx.output.toLowerCase().includes(text.toLowerCase()) : ctx.output.includes(text);
    const how = ignoreCase ? ' (ignoring case)' : '';
    return found
      ? passed(`Output contains ${quote(text)}${how}.`)
      : failed(`Output does not contain ${quote(text)}${how}; got ${quote(ctx.output)}.`);
  };
}

function containsSome(ignoreCase: boolean, mode: 'any' | 'all'): AssertionFn {
  const type = `${ignoreCase ? 'i' : ''}contains-${mode}`;
  return (spec, ctx) => {
    const list = needles(spec, type);
    if (!Array.isArray(list)) return list;
    const haystack = ignoreCase ? ctx.output.toLowerCase() : ctx.output;
    const found = list.filter((n) => haystack.includes(ignoreCase ? n.toLowerCase() : n));
    const missing = list.filter((n) => !found.includes(n));
    const how = ignoreCase ? ' (ignoring case)' : '';
    if (mode === 'any') {
      return found.length > 0
        ? passed(`Output contains ${quote(found[0]!)}${how}, one of ${list.length} expected texts.`)
        : failed(`Output contains none of ${listWords(list.map((n) => quote(n)))}${how}; got ${quote(ctx.output)}.`);
    }
    return missing.length === 0
      ? passed(`Output contains all ${list.length} expected texts${how}.`)
      : failed(`Output is missing ${listWords(missing.map((n) => quote(n)))}${how} (${found.length} of ${list.length} found); got ${quote(ctx.output)}.`);
  };
}

export const contains = containsOne(false);
export const icontains = containsOne(true);
export const containsAny = containsSome(false, 'any');
export const containsAll = containsSome(false, 'all');
export const icontainsAny = containsSome(true, 'any');
export const icontainsAll = containsSome(true, 'all');

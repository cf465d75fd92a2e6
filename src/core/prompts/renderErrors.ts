// Turns whatever a template run throws into an InputError located in the file, with what to do next.
import { InputError, PromptyardError } from '../errors';
import type { Diagnostic } from '../../shared/types';
import type { TemplateProblem } from './handlebarsEnv';
import { locate, type TemplateOrigin } from './origins';
import type { PartialSet } from './partials';
import type { PartialRef } from './template';
import { mustacheSpan, planTemplate } from './template';
import { offsetOfLineColumn } from './sourceMap';
import { collectReferences } from './variables';

function located(origin: TemplateOrigin, start: number, end: number, code: string, message: string, hint: string): InputError {
  const diagnostic: Diagnostic = { severity: 'error', code, message, location: locate(origin, start, end) };
  return new InputError([diagnostic], hint);
}

export function problemError(problem: TemplateProblem, origin: TemplateOrigin): InputError {
  const hint =
    problem.code === 'unknown-helper'
      ? 'Use a built-in helper, or remove the arguments to insert a variable.'
      : `Fix the template in ${origin.label}.`;
  return located(origin, problem.start, problem.end, problem.code, `${problem.message} (${origin.label})`, hint);
}

export function missingPartialError(ref: PartialRef, origin: TemplateOrigin, partials: PartialSet): InputError {
  const where = partials.dir ? ` in ${partials.dir}` : '';
  const known = [...partials.partials.keys()];
  const list = known.length ? ` Known partials: ${known.join(', ')}.` : '';
  return located(
    origin,
    ref.start,
    ref.end,
    'missing-partial',
    `Partial "${ref.name}" is not defined (${origin.label}).${list}`,
    `Create prompts/partials/${ref.name}.hbs (or .md, .txt)${where}, or pass the folder that holds it.`,
  );
}

export function partialCycleError(ref: PartialRef, origin: TemplateOrigin, chain: string[]): InputError {
  return located(
    origin,
    ref.start,
    ref.end,
    'partial-cycle',
    `Partial "${ref.name}" includes itself: ${[...chain, ref.name].join(' → ')}.`,
    'Break the cycle: a partial may not include, directly or not, a partial that includes it.',
  );
}

export function missingVariableError(origin: TemplateOrigin, pathStart: number, pathEnd: number, path: string, topLevel: boolean): InputError {
  const { start, end } = mustacheSpan(origin.text, pathStart, pathEnd);
  const root = path.replace(/^(\.\.\/)+|^\.\/|^this\./, '').split(/[./]/)[0] ?? path;
  if (!topLevel) {
    return located(
      origin,
      start,
      end,
      'missing-variable',
      `"${path}" is not set on the current item of an {{#each}} or {{#with}} block (${origin.label}).`,
      'Check the data passed for that list or object, or guard the field with {{#if}}.',
    );
  }
  return located(
    origin,
    start,
    end,
    'missing-variable',
    `Variable "${path}" is not set (${origin.label}).`,
    `Pass it with --var ${root}=value or add "${root}" to inputs with a default.`,
  );
}

const NOT_DEFINED = /^"(.*)" not defined in /;

/** Maps an error thrown by a compiled template (or a partial it called) to a typed error. */
export function renderFailure(e: unknown, origin: TemplateOrigin, context: Record<string, unknown>): PromptyardError {
  if (e instanceof PromptyardError) return e;
  const err = e as { message?: unknown; lineNumber?: unknown; column?: unknown; endLineNumber?: unknown; endColumn?: unknown };
  const message = typeof err?.message === 'string' ? err.message : String(e);
  const plan = planTemplate(origin.text);
  if (typeof err?.lineNumber === 'number' && typeof err.column === 'number') {
    const start = offsetOfLineColumn(origin.text, err.lineNumber, err.column);
    const end =
      typeof err.endLineNumber === 'number' && typeof err.endColumn === 'number'
        ? offsetOfLineColumn(origin.text, err.endLineNumber, err.endColumn)
        : start + 1;
    if (NOT_DEFINED.test(message)) {
      const refs = plan.ast ? collectReferences(plan.ast, origin) : [];
      const topLevel = refs.some((r) => r.start === start);
      return missingVariableError(origin, start, end, origin.text.slice(start, end) || 'variable', topLevel);
    }
    return located(origin, start, end, 'template-error', `${message.replace(/ - \d+:\d+$/, '')} (${origin.label}).`, `Fix the template in ${origin.label}.`);
  }
  const partial = /^The partial (.+) could not be found$/.exec(message);
  if (partial) {
    const message = `Partial "${partial[1]}" is not defined (${origin.label}).`;
    return located(origin, 0, 0, 'missing-partial', message, 'Create the partial in prompts/partials/ or pass the folder that holds it.');
  }
  // A helper argument such as {{#if user.name}} reads through a missing object and throws a TypeError:
  // find the first top-level path that the variables don't hold.
  for (const ref of plan.ast ? collectReferences(plan.ast, origin) : []) {
    const missingAt = firstMissing(context, ref.path);
    if (missingAt >= 0) {
      const path = ref.path.slice(0, missingAt + 1).join('.');
      return missingVariableError(origin, ref.start, ref.end, path, true);
    }
  }
  const inOperator = /^Cannot use 'in' operator to search for '(.*)' in (.*)$/s.exec(message);
  if (inOperator) {
    return located(
      origin,
      0,
      0,
      'render-failed',
      `Cannot render ${origin.label}: the template reads "${inOperator[1]}" from the value ${JSON.stringify(inOperator[2])}, which is not an object.`,
      'Pass an object with that field there, or use the value itself with {{this}}.',
    );
  }
  return located(
    origin,
    0,
    0,
    'render-failed',
    `Cannot render ${origin.label}: ${message}.`,
    'Check that every object and list the template reads through is passed with the shape it expects.',
  );
}

/** Index of the first part of a path missing before its last part (reading through it throws), or -1. */
function firstMissing(context: Record<string, unknown>, path: string[]): number {
  let value: unknown = context;
  for (let i = 0; i < path.length - 1; i++) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, path[i]!)) return i;
    value = (value as Record<string, unknown>)[path[i]!];
  }
  return value === null || value === undefined ? path.length - 2 : -1;
}

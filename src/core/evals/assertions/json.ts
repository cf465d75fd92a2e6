// is-json: the whole output is JSON; contains-json: JSON objects or arrays appear somewhere in it.
// Both optionally validate against a JSON Schema given as the value.
import type { ValidateFunction } from 'ajv';
import type { AssertionFn, AssertionSpec, GradingResult } from '../types';
import { compileJsonSchema, formatErrors, schemaFromValue } from './jsonSchema';
import { findJsonValues } from './jsonScan';
import { clip, errored, failed, passed, quote } from './result';

/** The compiled schema of the value, undefined without one, or the errored result explaining why it can't be used. */
function validatorOf(spec: AssertionSpec, type: string): ValidateFunction | undefined | GradingResult {
  const { schema, problem } = schemaFromValue(spec.value);
  if (problem) return errored(`${type} cannot check the output: ${problem}.`);
  if (!schema) return undefined;
  const compiled = compileJsonSchema(schema);
  if ('problem' in compiled) return errored(`${type} cannot check the output: ${compiled.problem}. Fix the schema in the assertion's value.`);
  return compiled.validate;
}

export const isJson: AssertionFn = (spec, ctx) => {
  const validate = validatorOf(spec, 'is-json');
  if (validate && typeof validate !== 'function') return validate;
  let parsed: unknown;
  try {
    parsed = JSON.parse(ctx.output);
  } catch (e) {
    const fenced = /^\s*```/.test(ctx.output) ? ' It is wrapped in a Markdown code fence: ask for raw JSON (responseFormat: json_object) or use contains-json.' : '';
    const detail = e instanceof Error ? e.message : String(e);
    return failed(`Output is not valid JSON (${detail}); got ${quote(ctx.output)}.${fenced}`);
  }
  if (!validate) return passed('Output is valid JSON.');
  if (validate(parsed)) return passed('Output is valid JSON and matches the schema.');
  return failed(`Output is JSON but does not match the schema: ${formatErrors(validate.errors ?? [])}.`, { actual: ctx.output });
};

export const containsJson: AssertionFn = (spec, ctx) => {
  const validate = validatorOf(spec, 'contains-json');
  if (validate && typeof validate !== 'function') return validate;
  const values = findJsonValues(ctx.output);
  if (values.length === 0) return failed(`Output contains no JSON object or array; got ${quote(ctx.output)}.`);
  if (!validate) return passed(`Output contains JSON: ${clip(JSON.stringify(values[0]))}.`);
  for (const value of values) {
    if (validate(value)) return passed(`Output contains JSON that matches the schema: ${clip(JSON.stringify(value))}.`);
  }
  validate(values[0]);
  const errors = formatErrors(validate.errors ?? []);
  const reason =
    values.length === 1
      ? `Output contains JSON that does not match the schema: ${errors}.`
      : `None of the ${values.length} JSON values in the output matches the schema; the first fails with: ${errors}.`;
  return failed(reason, { actual: ctx.output });
};

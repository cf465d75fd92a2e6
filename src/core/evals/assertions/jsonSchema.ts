// JSON Schema for is-json and contains-json: the schema read from the assertion value (an object, or JSON or
// YAML text), checked against its meta-schema, compiled once per distinct schema text. Drafts 04 to 07 use
// Ajv's default, 2019-09 and 2020-12 their own Ajv. `format` keywords are not checked (no format plugin).
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import { parse as parseYaml } from 'yaml';
import { isRecord } from './values';

export type CompiledSchema = { validate: ValidateFunction } | { problem: string };

type AjvLike = Pick<Ajv, 'compile' | 'validateSchema' | 'errors'>;
const OPTIONS = { strict: false, allErrors: true, logger: false, addUsedSchema: false, validateFormats: false } as const;
let draft7: AjvLike | undefined;
let draft2019: AjvLike | undefined;
let draft2020: AjvLike | undefined;

function ajvFor(schema: Record<string, unknown>): AjvLike {
  const dialect = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (dialect.includes('2020-12')) return (draft2020 ??= new Ajv2020(OPTIONS));
  if (dialect.includes('2019-09')) return (draft2019 ??= new Ajv2019(OPTIONS));
  return (draft7 ??= new Ajv(OPTIONS));
}

/** The schema an assertion value holds: undefined when there is none, a problem when it can't be read. */
export function schemaFromValue(value: unknown): { schema?: Record<string, unknown>; problem?: string } {
  if (value === undefined || value === null || value === '') return {};
  if (isRecord(value)) return { schema: value };
  if (typeof value === 'boolean') return { schema: value ? {} : { not: {} } };
  if (typeof value !== 'string') return { problem: 'the JSON Schema must be an object (or JSON or YAML text holding one)' };
  let parsed: unknown;
  try {
    parsed = parseYaml(value);
  } catch (e) {
    return { problem: `the JSON Schema text is neither JSON nor YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  if (!isRecord(parsed)) return { problem: 'the JSON Schema text does not hold an object' };
  return { schema: parsed };
}

const cache = new Map<string, CompiledSchema>();
const MAX_CACHED = 500;

export function compileJsonSchema(schema: Record<string, unknown>): CompiledSchema {
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) return hit;
  const compiled = compile(schema);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

function compile(schema: Record<string, unknown>): CompiledSchema {
  const ajv = ajvFor(schema);
  try {
    if (ajv.validateSchema(schema) !== true) {
      return { problem: `the JSON Schema is invalid: ${formatErrors(ajv.errors ?? [], 'schema')}` };
    }
    return { validate: ajv.compile(schema) };
  } catch (e) {
    return { problem: `the JSON Schema is invalid: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The first few validation errors, each with where it is: `at /age: must be integer`. */
export function formatErrors(errors: ErrorObject[], root = 'output', max = 3): string {
  const parts = errors.slice(0, max).map((e) => {
    const where = e.instancePath ? `${root}${e.instancePath}` : root;
    const params = e.params as { allowedValues?: unknown[]; additionalProperty?: string };
    const extra =
      Array.isArray(params.allowedValues) ? ` (${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')})`
      : params.additionalProperty ? ` ('${params.additionalProperty}')`
      : '';
    return `${where} ${e.message ?? 'is invalid'}${extra}`;
  });
  const more = errors.length > max ? ` and ${errors.length - max} more` : '';
  return `${parts.join('; ')}${more}`;
}

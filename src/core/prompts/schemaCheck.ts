// Checks that a JSON Schema written in a prompt file (response schema, tool parameters) is itself valid
// against the draft-07 meta-schema, the same check schemas/prompt.schema.json makes in the editor.
import Ajv from 'ajv';

let ajv: Ajv | undefined;

/** A sentence saying what is wrong, or undefined when the schema is valid (or names a meta-schema we don't know). */
export function jsonSchemaProblem(schema: object): string | undefined {
  ajv ??= new Ajv({ strict: false, allErrors: false });
  try {
    if (ajv.validateSchema(schema) === true) return undefined;
  } catch {
    return undefined;
  }
  const first = ajv.errors?.[0];
  if (!first) return 'it is not a valid JSON Schema';
  const where = first.instancePath ? `at ${first.instancePath}` : 'at its root';
  const allowed = (first.params as { allowedValues?: unknown[] } | undefined)?.allowedValues;
  const values = Array.isArray(allowed) ? ` (one of ${allowed.join(', ')})` : '';
  return `it is not a valid JSON Schema: ${where}, ${first.message ?? 'invalid'}${values}`;
}

// The JSON Schema of prompts/prompts.lock.json. schemas/prompts-lock.schema.json is this object written out
// (a unit test keeps the two equal), so the editor, CI and the Python and Java loaders share one contract.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

const SEMVER = String.raw`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`;
const TIMESTAMP = String.raw`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`;

export const LOCK_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://promptyard.dev/schemas/prompts-lock.schema.json',
  title: 'Promptyard prompt lock file (prompts/prompts.lock.json)',
  description: 'Released versions and labels of the prompts of a workspace. Format: docs/prompt-registry.md.',
  type: 'object',
  required: ['lockfileVersion', 'prompts'],
  additionalProperties: false,
  properties: {
    lockfileVersion: { description: 'Format version of this file; readers refuse versions they do not know.', const: 1 },
    prompts: {
      description: 'One entry per prompt id.',
      type: 'object',
      propertyNames: { $ref: '#/definitions/id' },
      additionalProperties: { $ref: '#/definitions/prompt' },
    },
  },
  definitions: {
    id: {
      description: 'Prompt id: also the folder name of its snapshots, so no path separators and no "..".',
      type: 'string',
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$',
      not: { pattern: String.raw`\.\.` },
    },
    semver: { description: 'Semantic Versioning 2.0.0.', type: 'string', pattern: SEMVER },
    label: { description: 'Label name: a letter first.', type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$', not: { enum: ['latest', 'all'] } },
    timestamp: { description: 'ISO 8601 date and time.', type: 'string', pattern: TIMESTAMP },
    prompt: {
      type: 'object',
      required: ['file', 'versions', 'labels'],
      additionalProperties: false,
      properties: {
        file: {
          description: 'The prompt file, relative to the workspace root, with "/" separators.',
          type: 'string',
          minLength: 1,
          pattern: String.raw`^(?!/)(?![A-Za-z]:)(?!(.*/)?\.\.(/|$))[^\\]+$`,
        },
        versions: {
          description: 'Released versions; the snapshot of each is prompts/.versions/<id>/<version>.prompt.yml.',
          type: 'object',
          propertyNames: { $ref: '#/definitions/semver' },
          additionalProperties: { $ref: '#/definitions/version' },
        },
        labels: {
          description: 'Label name to version.',
          type: 'object',
          propertyNames: { $ref: '#/definitions/label' },
          additionalProperties: { $ref: '#/definitions/semver' },
        },
        history: {
          description: 'Every move of each label, oldest first.',
          type: 'object',
          propertyNames: { $ref: '#/definitions/label' },
          additionalProperties: { type: 'array', items: { $ref: '#/definitions/move' } },
        },
      },
    },
    version: {
      type: 'object',
      required: ['sha256', 'createdAt', 'message'],
      additionalProperties: false,
      properties: {
        sha256: { description: 'sha256 (lowercase hex) of the snapshot bytes with CRLF replaced by LF.', type: 'string', pattern: '^[0-9a-f]{64}$' },
        createdAt: { $ref: '#/definitions/timestamp' },
        message: { type: 'string' },
        commit: { description: 'The git commit HEAD pointed at when the version was released.', type: 'string', pattern: '^[0-9a-f]{7,64}$' },
        author: { type: 'string' },
      },
    },
    move: {
      type: 'object',
      required: ['from', 'to', 'at', 'by'],
      additionalProperties: false,
      properties: {
        from: { description: 'The version before the move; null when the label was new.', oneOf: [{ $ref: '#/definitions/semver' }, { type: 'null' }] },
        to: { $ref: '#/definitions/semver' },
        at: { $ref: '#/definitions/timestamp' },
        by: { type: 'string' },
        action: { enum: ['label', 'promote', 'rollback'] },
      },
    },
  },
} as const;

let validator: ValidateFunction | undefined;

/** The first schema error of a parsed lock file, or undefined when it fits the schema. */
export function lockSchemaError(value: unknown): ErrorObject | undefined {
  validator ??= new Ajv({ strict: true, allErrors: false }).compile(LOCK_SCHEMA);
  return validator(value) ? undefined : (validator.errors?.[0] ?? undefined);
}

// The generated services read prompts/prompts.lock.json with their own code (they cannot import ours); each
// restates the fields it reads. This keeps those fields tied to schemas/prompts-lock.schema.json: every field a
// stack's loader reads must be one the schema requires, at the level the loader reads it, and a loader that
// stops reading one fails here too.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/prompts-lock.schema.json'), 'utf8')) as {
  required: string[];
  definitions: Record<string, { required?: string[] }>;
};

/** Where each field lives in the lock, by the schema. */
const REQUIRED = {
  lockfileVersion: schema.required,
  prompts: schema.required,
  versions: schema.definitions.prompt!.required ?? [],
  labels: schema.definitions.prompt!.required ?? [],
  sha256: schema.definitions.version!.required ?? [],
};

const LOADERS: Record<string, string> = {
  express: 'templates/express/files/src/registry.ts',
  fastapi: 'templates/fastapi/files/app/prompts.py',
  spring: 'templates/spring/files/src/main/java/app/PromptStore.java.hbs',
};

describe('the lock file fields the generated services read', () => {
  for (const [field, required] of Object.entries(REQUIRED)) {
    it(`the schema requires "${field}" where the loaders read it`, () => {
      assert.ok(required.includes(field), `${field} is not required by schemas/prompts-lock.schema.json any more: update the three loaders`);
    });
  }

  for (const [stack, file] of Object.entries(LOADERS)) {
    it(`${stack} (${file}) reads each of them`, () => {
      const source = readFileSync(path.join(ROOT, file), 'utf8');
      for (const field of Object.keys(REQUIRED)) {
        assert.match(source, new RegExp(`["'.]${field}\\b|\\b${field}\\s*[:?]`), `${file} does not read "${field}"`);
      }
      assert.match(source, /lockfileVersion[^\n]*1\b|1\s*\)?\s*[!=]==?\s*[^\n]*lockfileVersion/, `${file} checks lockfileVersion 1`);
    });
  }
});

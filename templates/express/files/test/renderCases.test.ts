// promptyard's shared render cases: this service renders every one exactly as promptyard does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createRenderer } from '../src/render.js';

interface RenderCase {
  name: string;
  template: string;
  variables: Record<string, unknown>;
  expected: string;
  partials?: Record<string, string>;
}

const cases = JSON.parse(readFileSync(new URL('./render-cases.json', import.meta.url), 'utf8')) as RenderCase[];

test('there are shared render cases', () => {
  assert.ok(cases.length >= 20);
});

for (const c of cases) {
  test(`render case: ${c.name}`, () => {
    assert.equal(createRenderer(c.partials ?? {})(c.template, c.variables), c.expected);
  });
}

test('a missing variable is an error (strict)', () => {
  assert.throws(() => createRenderer({})('Hi {{name}}', {}), /"name" not defined/);
});

// The example suites in prompts/ and prompts/evals/ must keep working: each one loads as `promptyard eval`
// loads it (engine assertion types, strict datasets) without an error or a warning, has cases, every one of
// its assertions passes the pre-run check, and every case renders with every prompt of the suite.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { knownAssertionTypes } from '../../../src/core/evals/assertions/registry';
import { discoverSuites } from '../../../src/core/evals/suites/discover';
import { loadSuite } from '../../../src/core/evals/suites/loadSuite';
import type { EvalSuite } from '../../../src/core/evals/types';
import { loadPartials } from '../../../src/core/prompts/partials';
import { renderPrompt } from '../../../src/core/prompts/render';

const PROMPTS = path.resolve(__dirname, '../../../prompts');
const SUITE_NAME = /(\.prompt\.ya?ml|\.prompty|^promptfooconfig\.ya?ml)$/;

/** Files under `dir` whose names say they may be suites, `.versions/` and `partials/` left out. */
function suiteNamedFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '.versions' || entry.name === 'partials' ? [] : suiteNamedFiles(full);
    return SUITE_NAME.test(entry.name) ? [full] : [];
  });
}

describe('example suites in prompts/', () => {
  const loaded = new Map<string, EvalSuite>();

  before(async () => {
    for (const { file, kind } of await discoverSuites(PROMPTS)) {
      const { suite, diagnostics } = await loadSuite(file, { assertionTypes: knownAssertionTypes(), strict: true });
      assert.deepEqual(diagnostics.filter((d) => d.severity !== 'info'), [], path.relative(PROMPTS, file));
      assert.equal(suite.kind, kind, path.relative(PROMPTS, file));
      loaded.set(file, suite);
    }
  });

  it('are all found, in prompts/ and in prompts/evals/ (where every prompt is a suite)', () => {
    const files = [...loaded.keys()];
    for (const file of suiteNamedFiles(path.join(PROMPTS, 'evals'))) assert.ok(files.includes(file), `${path.relative(PROMPTS, file)} is found as a suite`);
    assert.ok(files.filter((f) => path.dirname(f) === PROMPTS).length >= 3, 'suites in prompts/');
    assert.ok(files.filter((f) => path.dirname(f) === path.join(PROMPTS, 'evals')).length >= 3, 'suites in prompts/evals/');
  });

  it('load without errors or warnings, each with cases', () => {
    for (const [file, suite] of loaded) assert.ok(suite.cases.length > 0, `${path.relative(PROMPTS, file)} has cases`);
  });

  it('exercise deterministic and model-graded checks', () => {
    const types = new Set([...loaded.values()].flatMap((s) => [...s.defaultAssert, ...s.cases.flatMap((c) => c.assert)]).flatMap(function all(a): string[] {
      return [a.type.replace(/^not-/, ''), ...(a.assert ?? []).flatMap(all)];
    }));
    for (const type of ['contains', 'regex', 'is-json', 'javascript', 'llm-rubric', 'factuality', 'gh-string', 'gh-llm', 'gh-builtin']) assert.ok(types.has(type), type);
  });

  it('render every case with every prompt of its suite', async () => {
    for (const [file, suite] of loaded) {
      for (const { prompt } of suite.prompts) {
        const partials = await loadPartials({ fromFile: prompt.file });
        for (const c of suite.cases) {
          assert.doesNotThrow(() => renderPrompt(prompt, c.vars, { partials }), `${path.relative(PROMPTS, file)}: case ${c.id} on ${prompt.id}`);
        }
      }
    }
  });
});

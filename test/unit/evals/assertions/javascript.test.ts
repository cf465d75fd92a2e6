// javascript assertions and transforms through the real worker-thread code runner.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scriptBody } from '../../../../src/core/evals/assertions/scriptBody';
import { createCodeRunner, type PooledCodeRunner } from '../../../../src/core/evals/grading/codeRunner';
import type { AssertionContext } from '../../../../src/core/evals/types';
import { assertFail, assertPass, run } from './helpers';

describe('assertions: javascript and transform', function () {
  this.timeout(20_000);
  let runner: PooledCodeRunner;
  let code: Partial<AssertionContext>;
  before(() => {
    runner = createCodeRunner({ poolSize: 2 });
    code = { allowCode: true, codeRunner: runner, vars: { city: 'Paris' } };
  });
  after(() => runner.dispose());

  it('reads one line as an expression, declarations then a final expression, and several lines as a body', () => {
    assert.equal(scriptBody('output.length > 3;'), 'return (\noutput.length > 3\n);');
    assert.equal(scriptBody("const s = 'a;b'; s === output"), "const s = 'a;b';\nreturn (\ns === output\n);");
    assert.equal(scriptBody('const x = 1;\nreturn x;'), 'const x = 1;\nreturn x;');
  });

  it('a true result passes and a false one fails naming the code', async () => {
    assertPass(await run({ type: 'javascript', value: 'output.includes(context.vars.city)' }, 'It is Paris', code));
    assertFail(await run({ type: 'javascript', value: 'output.length < 5' }, 'It is Paris', code), /javascript returned false: "output.length < 5"/);
  });

  it('renders {{vars}} into the code, as promptfoo does', async () => {
    assertPass(await run({ type: 'javascript', value: 'output.length >= {{min}}' }, 'Paris', { ...code, vars: { min: 5 } }));
    assertFail(await run({ type: 'javascript', value: 'output.length >= {{min}}' }, 'Paris', { ...code, vars: { min: 6 } }), /returned false: "output.length >= 6"/);
  });

  it('a number is a score: above 0 passes, or at the threshold when set', async () => {
    const r = await run({ type: 'javascript', value: '0.4' }, 'x', code);
    assert.deepEqual([r.pass, r.score], [true, 0.4]);
    assertFail(await run({ type: 'javascript', value: '0.4', threshold: 0.5 }, 'x', code), /score 0\.4, not at least 0\.5/);
  });

  it('an object is taken as { pass, score, reason }', async () => {
    const body = 'const words = output.split(" ").length;\nreturn { pass: words <= 3, score: 3 / words, reason: `${words} words` };';
    const r = await run({ type: 'javascript', value: body }, 'one two three four five six', code);
    assert.deepEqual([r.pass, r.score, r.reason], [false, 0.5, '6 words']);
  });

  it('a body without return, a throw and a bad return type are errored failures', async () => {
    const none = await run({ type: 'javascript', value: 'const x = 1;\nx > 0;' }, 'x', code);
    assertFail(none, /returned nothing: .*end it with `return …`/);
    assert.equal(none.errored, true);
    assertFail(await run({ type: 'javascript', value: 'JSON.parse(output).a === 1' }, 'not json', code), /javascript assertion failed: SyntaxError: .*JSON/);
    assertFail(await run({ type: 'javascript', value: '"yes"' }, 'x', code), /must return a boolean, a number or \{ pass, score, reason \}; it returned "\\"yes\\""/);
  });

  it('an endless loop is killed at its time limit and fails only that assertion', async () => {
    const started = Date.now();
    const [looping, fine] = await Promise.all([
      run({ type: 'javascript', value: '(() => { while (true) {} })()' }, 'x', { ...code, codeTimeoutMs: 200 }),
      run({ type: 'javascript', value: 'output === "x"' }, 'x', { ...code, codeTimeoutMs: 200 }),
    ]);
    const elapsed = Date.now() - started;
    assertFail(looping, /stopped after 200 ms, its time limit/);
    assert.equal(looping.errored, true);
    assertPass(fine);
    assert.ok(elapsed < 2000, `took ${elapsed} ms`);
    const asyncLoop = await run({ type: 'javascript', value: 'await null;\nwhile (true) {}' }, 'x', { ...code, codeTimeoutMs: 200 });
    assertFail(asyncLoop, /stopped after 200 ms/);
    assertPass(await run({ type: 'javascript', value: 'true' }, 'x', code), /returned true/);
  });

  it('is refused, never run, when the host does not allow code', async () => {
    let ran = false;
    const spy = { run: async () => ((ran = true), true) };
    const r = await run({ type: 'javascript', value: 'true' }, 'x', { allowCode: false, codeRunner: spy });
    assertFail(r, /not run: this workspace is not trusted, so the host refused to run code/);
    assert.equal(r.errored, true);
    assert.equal(ran, false);
    assert.equal((await run({ type: 'not-javascript', value: 'false' }, 'x', { allowCode: false, codeRunner: spy })).pass, false);
  });

  it('cannot reach our process: no process, require, environment or eval', async () => {
    process.env.PROMPTYARD_TEST_CANARY = 'sk-canary-123';
    try {
      const body = 'return [typeof process, typeof require, typeof setTimeout, typeof globalThis.fetch].join(",");';
      const probe = await runner.run(body, { output: '' }, { timeoutMs: 1000 });
      assert.equal(probe, 'undefined,undefined,undefined,undefined');
      await assert.rejects(runner.run('return this.constructor.constructor("return process")().env', {}, { timeoutMs: 1000 }), /Code generation from strings disallowed/);
    } finally {
      delete process.env.PROMPTYARD_TEST_CANARY;
    }
  });

  it('loads a module from file://, with a named export', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'py-js-'));
    writeFileSync(path.join(dir, 'check.js'), 'module.exports = (output, context) => output === context.vars.city;\nmodule.exports.short = (output) => ({ pass: output.length < 3, score: 1, reason: "length " + output.length });\n');
    assertPass(await run({ type: 'javascript', value: 'file://check.js' }, 'Paris', { ...code, baseDir: dir }));
    assertFail(await run({ type: 'javascript', value: 'file://check.js:short' }, 'Paris', { ...code, baseDir: dir }), /length 5/);
    assertFail(await run({ type: 'javascript', value: 'file://missing.js' }, 'Paris', { ...code, baseDir: dir }), /could not be read: ENOENT/);
  });

  describe('transform', () => {
    it('rewrites the output before the assertion', async () => {
      assertPass(await run({ type: 'equals', value: 'PARIS', transform: 'output.trim().toUpperCase()' }, '  paris ', code));
      assertPass(await run({ type: 'equals', value: { city: 'Paris' }, transform: '({ city: JSON.parse(output).answer })' }, '{"answer": "Paris"}', code));
      assertFail(await run({ type: 'contains', value: 'Lyon', transform: 'output.toLowerCase()' }, 'PARIS', code), /does not contain "Lyon"; got "paris"/);
    });
    it('is refused when code may not run, and reports a throw', async () => {
      const r = await run({ type: 'contains', value: 'a', transform: 'output' }, 'a', { allowCode: false });
      assertFail(r, /transform was not run: this workspace is not trusted/);
      assertFail(await run({ type: 'contains', value: 'a', transform: 'output.nope.x' }, 'a', code), /transform failed: TypeError/);
      assertFail(await run({ type: 'contains', value: 'a', transform: 'const x = 1;\nx;' }, 'a', code), /transform returned nothing/);
    });
  });
});

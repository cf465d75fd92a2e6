// The worker-thread code runner on its own: limits, pooling, cancellation, disposal.
import assert from 'node:assert/strict';
import { CodeRunError, CodeTimeoutError, createCodeRunner, type PooledCodeRunner } from '../../../../src/core/evals/grading/codeRunner';

describe('code runner', function () {
  this.timeout(20_000);
  let runner: PooledCodeRunner;
  beforeEach(() => (runner = createCodeRunner({ poolSize: 2, memoryMb: 32 })));
  afterEach(() => runner.dispose());

  it('returns JSON values and undefined', async () => {
    assert.deepEqual(await runner.run('return { n: a + b, list: [a, b] };', { a: 1, b: 2 }, { timeoutMs: 1000 }), { n: 3, list: [1, 2] });
    assert.equal(await runner.run('return;', {}, { timeoutMs: 1000 }), undefined);
  });

  it('runs more tasks than workers, queued, each with its own limit', async () => {
    const tasks = Array.from({ length: 10 }, (_, i) => runner.run('let s = 0; for (let k = 0; k < 1e5; k++) s += k; return i;', { i }, { timeoutMs: 2000 }));
    assert.deepEqual(await Promise.all(tasks), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('stops sync and async endless loops at the limit and keeps working afterwards', async () => {
    for (const body of ['while (true) {}', 'await null;\nwhile (true) {}', 'for (;;) { await Promise.resolve(); }']) {
      const started = Date.now();
      await assert.rejects(runner.run(body, {}, { timeoutMs: 150 }), (e: unknown) => e instanceof CodeTimeoutError && e.timeoutMs === 150);
      assert.ok(Date.now() - started < 1500, `${body} took ${Date.now() - started} ms`);
    }
    assert.equal(await runner.run('return 1;', {}, { timeoutMs: 1000 }), 1);
  });

  it('fails a run that exhausts its heap, and only that run', async () => {
    const hog = runner.run('const a = []; for (;;) a.push(new Array(1e5).fill(Math.random()));', {}, { timeoutMs: 15_000 });
    await assert.rejects(hog, (e: unknown) => e instanceof CodeRunError && /ran out of memory \(the limit is 32 MB\)/.test(e.message));
    assert.equal(await runner.run('return "alive";', {}, { timeoutMs: 1000 }), 'alive');
  });

  it('reports what user code throws, with its error name', async () => {
    await assert.rejects(runner.run('throw new RangeError("too far");', {}, { timeoutMs: 1000 }), /RangeError: too far/);
    await assert.rejects(runner.run('return 1;', { big: 10n } as Record<string, unknown>, { timeoutMs: 1000 }), /arguments are not JSON/);
    await assert.rejects(runner.run('return 10n;', {}, { timeoutMs: 1000 }), /the returned value is not JSON/);
    assert.equal(await runner.run('return () => 1;', {}, { timeoutMs: 1000 }), undefined, 'a function is not JSON: nothing comes back');
  });

  it('cancels queued and running work on abort', async () => {
    const controller = new AbortController();
    const busy = [runner.run('while (true) {}', {}, { timeoutMs: 10_000, signal: controller.signal }), runner.run('while (true) {}', {}, { timeoutMs: 10_000, signal: controller.signal })];
    const queued = runner.run('return 1;', {}, { timeoutMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const settled = await Promise.allSettled([...busy, queued]);
    for (const s of settled) assert.match(s.status === 'rejected' ? String(s.reason) : 'resolved', /cancelled/);
    assert.ok(Date.now() - started < 2000);
    assert.equal(await runner.run('return 2;', {}, { timeoutMs: 1000 }), 2);
  });

  it('rejects everything after dispose', async () => {
    const pending = assert.rejects(runner.run('while (true) {}', {}, { timeoutMs: 10_000 }), /disposed/);
    await runner.dispose();
    await pending;
    await assert.rejects(runner.run('return 1;', {}, { timeoutMs: 1000 }), /disposed/);
  });
});

// The webview message router: thousands of malformed messages are dropped without a reply, a crash or a
// handler call; a valid request gets exactly one response; handler errors become error replies with hints.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PromptyardError } from '../../../src/core/errors';
import { silentLogger } from '../../../src/core/ports';
import { boundedSize, MessageRouter, type RequestHandlers } from '../../../src/extension/playground/router';
import type { HostToWebview, RequestMethod } from '../../../src/shared/protocol';

function harness(overrides: Partial<RequestHandlers> = {}) {
  const posted: HostToWebview[] = [];
  const calls: RequestMethod[] = [];
  let ready = 0;
  const handler = (method: RequestMethod) => (params: unknown) => {
    calls.push(method);
    return (overrides[method] as ((p: unknown) => unknown) | undefined)?.(params) ?? {};
  };
  const methods: RequestMethod[] = ['run/start', 'run/stop', 'models/list', 'keys/open', 'draft/save', 'draft/edit', 'feedback/add', 'code/copy', 'tools/fixture', 'history/clear'];
  const handlers = Object.fromEntries(methods.map((m) => [m, handler(m)])) as unknown as RequestHandlers;
  const router = new MessageRouter({ handlers, post: (m) => posted.push(m), onReady: () => ready++, logger: silentLogger });
  return { router, posted, calls, ready: () => ready };
}

const validDraft = { messages: [{ role: 'user', content: 'hi' }], variables: {}, modelIds: ['openai/gpt-4o-mini'], parameters: {} };

describe('extension playground message router', () => {
  it('drops thousands of malformed messages: no reply, no handler call, no throw', async () => {
    const h = harness();
    const junk: unknown[] = [
      null, undefined, 0, 'ready', [], [{ kind: 'ready' }], { kind: 'ready', extra: 1 },
      { kind: 'request' }, { kind: 'request', id: -1, method: 'models/list', params: {} },
      { kind: 'request', id: 1.5, method: 'models/list', params: {} },
      { kind: 'request', id: 1, method: 'nope/nope', params: {} },
      { kind: 'request', id: 1, method: 'toString', params: {} },
      { kind: 'request', id: 1, method: '__proto__', params: {} },
      { kind: 'request', id: 1, method: 'models/list', params: { refresh: 'yes' } },
      { kind: 'request', id: 1, method: 'models/list', params: {}, more: true },
      JSON.parse('{"kind":"request","id":1,"method":"run/start","params":{"draft":{"__proto__":{"polluted":1}}}}'),
      JSON.parse('{"kind":"request","id":1,"method":"run/start","params":{"draft":' + JSON.stringify({ ...validDraft, variables: JSON.parse('{"__proto__":"x"}') }) + '}}'),
      { kind: 'request', id: 1, method: 'run/start', params: { draft: { ...validDraft, messages: [{ role: 'user', content: 'x'.repeat(3_000_000) }] } } },
      { kind: 'request', id: 1, method: 'run/start', params: { draft: { ...validDraft, modelIds: ['a/1', 'b/2', 'c/3', 'd/4', 'e/5'] } } },
      { kind: 'request', id: 1, method: 'run/start', params: { draft: { ...validDraft, modelIds: ['not a model'] } } },
      { kind: 'request', id: 1, method: 'tools/fixture', params: { toolName: '../../etc/passwd' } },
      { kind: 'request', id: 1, method: 'feedback/add', params: { runId: 'r', columnId: 'c', rating: 'meh' } },
      { kind: 'request', id: 1, method: 'run/start', params: { draft: { ...validDraft, parameters: { temperature: Number.NaN } } } },
    ];
    for (const m of junk) h.router.receive(m);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        h.router.receive(value);
      }),
      { numRuns: 3_000, seed: 42 },
    );
    fc.assert(
      fc.property(fc.record({ kind: fc.constant('request'), id: fc.nat(), method: fc.constantFrom('run/start', 'draft/save', 'feedback/add', 'code/copy'), params: fc.object({ maxDepth: 4 }) }), (value) => {
        h.router.receive(value);
      }),
      { numRuns: 2_000, seed: 7 },
    );
    await h.router.idle();
    assert.equal(h.posted.length, 0);
    assert.deepEqual(h.calls, []);
    assert.equal(h.ready(), 0);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(h.router.dropped >= 5_000 + junk.length - 1);
  });

  it('answers a valid request once, with the handler result', async () => {
    const h = harness({ 'models/list': () => ({ models: [], providers: [] }) });
    h.router.receive({ kind: 'request', id: 7, method: 'models/list', params: { refresh: true } });
    h.router.receive({ kind: 'ready' });
    await h.router.idle();
    assert.deepEqual(h.posted, [{ kind: 'response', id: 7, result: { models: [], providers: [] } }]);
    assert.equal(h.ready(), 1);
  });

  it('turns a thrown error into an error reply with its hint, and redacts keys', async () => {
    const h = harness({
      'draft/save': () => {
        throw new PromptyardError('x', 'cannot write with sk-proj-abcdefghijklmnopqrstuvwxyz', { hint: 'Pick another folder.' });
      },
      'code/copy': () => {
        throw new TypeError('boom');
      },
    });
    h.router.receive({ kind: 'request', id: 1, method: 'draft/save', params: { draft: validDraft } });
    h.router.receive({ kind: 'request', id: 2, method: 'code/copy', params: { draft: validDraft, language: 'python' } });
    await h.router.idle();
    const byId = new Map(h.posted.map((p) => [(p as { id: number }).id, p]));
    assert.deepEqual(byId.get(1), { kind: 'response', id: 1, error: { message: 'cannot write with [REDACTED]', hint: 'Pick another folder.' } });
    const second = byId.get(2) as { error: { message: string; hint?: string } };
    assert.match(second.error.message, /boom/);
    assert.match(second.error.hint!, /Show Log/);
  });

  it('measures sizes without walking past the cap', () => {
    assert.equal(boundedSize({ a: 'xy' }, 100), 2 + 5 + 4);
    assert.equal(boundedSize({ a: 'x'.repeat(200) }, 100), undefined);
    const wide = Array.from({ length: 1_000_000 }, () => 0);
    assert.equal(boundedSize(wide, 2_000_000), undefined);
  });
});

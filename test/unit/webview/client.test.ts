// The webview's request/response client against a fake host: ids, replies, errors, stray messages,
// local refusal of what the host would drop, timeouts and notification subscriptions.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HostClient, HostRequestError } from '../../../webview-ui/src/host/client';
import { FakeHost, settle } from './support/fakeHost';
import { draftOf, MODELS } from './support/fixtures';

describe('webview host client', () => {
  it('gives each request a new id and resolves it with the matching reply, in any order', async () => {
    const host = new FakeHost();
    const client = new HostClient(host);
    const a = client.request('models/list', {});
    const b = client.request('history/clear', {});
    const [ra, rb] = host.requests();
    assert.ok(ra && rb);
    assert.notEqual(ra.id, rb.id);
    assert.deepEqual([ra.method, rb.method], ['models/list', 'history/clear']);
    host.receive({ kind: 'response', id: rb.id, result: { cleared: true } });
    host.receive({ kind: 'response', id: ra.id, result: MODELS });
    assert.deepEqual(await b, { cleared: true });
    assert.deepEqual(await a, MODELS);
    assert.equal(client.pendingCount, 0);
  });

  it('rejects with the host error message and hint', async () => {
    const host = new FakeHost();
    host.handle('draft/save', () => {
      throw Object.assign(new Error('The folder is read-only.'), { hint: 'Pick another folder.' });
    });
    const client = new HostClient(host);
    await assert.rejects(client.request('draft/save', { draft: draftOf() }), (e: unknown) => {
      assert.ok(e instanceof HostRequestError);
      assert.equal(e.message, 'The folder is read-only.');
      assert.equal(e.hint, 'Pick another folder.');
      return true;
    });
  });

  it('ignores replies with unknown ids and messages that are not the protocol', async () => {
    const host = new FakeHost();
    const client = new HostClient(host);
    let resolved: unknown;
    void client.request('run/stop', { runId: 'r1' }).then((r) => (resolved = r));
    const { id } = host.requests('run/stop')[0]!;
    for (const junk of [
      { kind: 'response', id: id + 100, result: { stopped: false } },
      { kind: 'response', id: String(id), result: { stopped: false } },
      { kind: 'response', id, error: 'not an object' },
      { kind: 'notification', method: 'run/delta' },
      null,
      'text',
      42,
      { kind: 'other', id },
    ]) {
      host.receive(junk);
    }
    await settle();
    assert.equal(resolved, undefined, 'no junk settles the request');
    assert.equal(client.pendingCount, 1);
    host.receive({ kind: 'response', id, result: { stopped: true } });
    await settle();
    assert.deepEqual(resolved, { stopped: true });
  });

  it('refuses, without sending, params the host schema would drop', async () => {
    const host = new FakeHost();
    const client = new HostClient(host);
    const bad = draftOf({ parameters: { temperature: 7 } });
    await assert.rejects(client.request('run/start', { draft: bad }), (e: unknown) => {
      assert.ok(e instanceof HostRequestError && e.local);
      assert.match(e.message, /temperature/);
      return true;
    });
    await assert.rejects(client.request('feedback/add', { runId: 'r 1', columnId: 'c1', rating: 'up' }), HostRequestError);
    assert.equal(host.sent.length, 0);
  });

  it('times out a request the host never answers', async () => {
    const client = new HostClient(new FakeHost());
    await assert.rejects(client.request('models/list', {}, { timeoutMs: 20 }), /did not answer models\/list/);
    assert.equal(client.pendingCount, 0);
  });

  it('delivers notifications to their subscribers until they unsubscribe', () => {
    const host = new FakeHost();
    const client = new HostClient(host);
    const seen: string[] = [];
    const off = client.on('run/delta', (p) => seen.push(p.text ?? ''));
    client.on('run/done', () => seen.push('done'));
    host.notify('run/delta', { runId: 'r', columnId: 'c', text: 'a' });
    off();
    host.notify('run/delta', { runId: 'r', columnId: 'c', text: 'b' });
    host.notify('models/changed', MODELS);
    assert.deepEqual(seen, ['a']);
  });

  it('says ready, and rejects what is pending when disposed', async () => {
    const host = new FakeHost();
    const client = new HostClient(host);
    client.ready();
    assert.deepEqual(host.sent, [{ kind: 'ready' }]);
    const pending = client.request('models/list', {});
    client.dispose();
    await assert.rejects(pending, /closed/);
  });

  it('is the only way to the host: one module calls acquireVsCodeApi', () => {
    const src = path.resolve(__dirname, '../../../webview-ui/src');
    const callers = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && /acquireVsCodeApi\s*\(/.test(readFileSync(path.join(src, f), 'utf8')))
      .map((f) => f.split(path.sep).join('/'));
    assert.deepEqual(callers, ['host/vscodeApi.ts']);
  });
});

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { rejected } from '../helpers';
import { CLASSIFY, makeWorkspace, type Workspace } from './helpers';

describe('registry read side: list, history, show, loadPrompt, diff', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = makeWorkspace();
    await ws.registry.release('prompts/summarize.prompt.yml', { message: 'first' });
    ws.write('prompts/summarize.prompt.yml', ws.read('prompts/summarize.prompt.yml').replace('temperature: 0.3', 'temperature: 0.5').replace('at most 5 bullet', 'at most 3 bullet'));
    await ws.registry.release('prompts/summarize.prompt.yml', { bump: 'minor', message: 'tighter' });
    await ws.registry.label('summarize', 'production', '1.0.0');
    await ws.registry.label('summarize', 'staging', '1.1.0');
  });
  afterEach(() => ws.cleanup());

  it('list: latest version, labels and status of each prompt, released or not', async () => {
    ws.write('prompts/summarize.prompt.yml', `${ws.read('prompts/summarize.prompt.yml')}# a trailing comment\n`);
    const rows = await ws.registry.list();
    assert.deepEqual(
      rows.map((r) => [r.id, r.latest, r.labels, r.status]),
      [
        ['classify', undefined, {}, 'never-released'],
        ['summarize', '1.1.0', { production: '1.0.0', staging: '1.1.0' }, 'changed'],
      ],
    );
    ws.write('prompts/summarize.prompt.yml', ws.read('prompts/.versions/summarize/1.1.0.prompt.yml'));
    assert.equal((await ws.registry.list()).find((r) => r.id === 'summarize')?.status, 'up-to-date');
    rmSync(ws.file('prompts/summarize.prompt.yml'));
    assert.equal((await ws.registry.list()).find((r) => r.id === 'summarize')?.status, 'file-missing');
  });

  it('history: releases and label moves, oldest first', async () => {
    const h = await ws.registry.history('summarize');
    assert.deepEqual(
      h.events.map((e) => (e.kind === 'release' ? `release ${e.version} ${e.message}` : `${e.label} ${e.from} → ${e.to}`)),
      ['release 1.0.0 first', 'release 1.1.0 tighter', 'production null → 1.0.0', 'staging null → 1.1.0'],
    );
    assert.deepEqual(h.versions.map((v) => [v.version, v.labels]), [
      ['1.0.0', ['production']],
      ['1.1.0', ['staging']],
    ]);
    assert.equal((await rejected(ws.registry.history('a/b'))).code, 'invalid-id');
  });

  it('show and loadPrompt resolve id@version, id@label, id@latest and id (production, else latest)', async () => {
    const shown = await ws.registry.show('summarize@staging');
    assert.equal(shown.version, '1.1.0');
    assert.equal(shown.text, ws.read('prompts/.versions/summarize/1.1.0.prompt.yml'));
    assert.deepEqual(shown.labels, ['staging']);
    assert.equal(shown.record.message, 'tighter');
    assert.equal((await ws.registry.loadPrompt('summarize')).version, '1.0.0', 'production');
    assert.equal((await ws.registry.loadPrompt('summarize@latest')).version, '1.1.0');
    const v = await ws.registry.loadPrompt('summarize@1.0.0');
    assert.equal(v.prompt.id, 'summarize');
    assert.equal(v.prompt.modelParameters?.temperature, 0.3);
    assert.equal(v.prompt.version, '1.0.0');
    assert.equal(v.sha256, JSON.parse(ws.read('prompts/prompts.lock.json')).prompts.summarize.versions['1.0.0'].sha256);
    await ws.registry.release('prompts/classify.prompt.yml');
    assert.equal((await ws.registry.loadPrompt('classify')).version, '0.3.0', 'no production label: the latest version');
    assert.equal((await rejected(ws.registry.loadPrompt('summarize@canary'))).code, 'unknown-label');
    assert.equal((await rejected(ws.registry.loadPrompt('summarize@2.0.0'))).code, 'unknown-version');
    assert.equal((await rejected(ws.registry.loadPrompt('other'))).code, 'unknown-prompt');
  });

  it('loadPrompt follows label moves made by another registry object (lock file changed on disk)', async () => {
    assert.equal((await ws.registry.loadPrompt('summarize@production')).version, '1.0.0');
    const { openRegistry } = await import('../../../../src/core/prompts/registry/registry');
    await openRegistry(ws.dir, { author: 'other' }).label('summarize', 'production', '1.1.0');
    assert.equal((await ws.registry.loadPrompt('summarize@production')).version, '1.1.0');
  });

  it('loadPrompt refuses an edited or missing snapshot', async () => {
    ws.write('prompts/.versions/summarize/1.0.0.prompt.yml', ws.read('prompts/.versions/summarize/1.0.0.prompt.yml').replace('0.3', '0.4'));
    const edited = await rejected(ws.registry.loadPrompt('summarize@1.0.0'));
    assert.equal(edited.code, 'snapshot-edited');
    assert.match(edited.hint ?? '', /git checkout -- prompts\/\.versions\/summarize\/1\.0\.0\.prompt\.yml/);
    rmSync(ws.file('prompts/.versions/summarize/1.1.0.prompt.yml'));
    assert.equal((await rejected(ws.registry.loadPrompt('summarize@1.1.0'))).code, 'snapshot-missing');
  });

  it('loadVersions: a list of references, or id@all, as eval prompts with id, version and sha256', async () => {
    const all = await ws.registry.loadVersions('summarize@all');
    assert.deepEqual(all.map((v) => v.version), ['1.0.0', '1.1.0']);
    const some = await ws.registry.loadVersions('summarize@1.1.0, summarize@production,summarize@1.0.0');
    assert.deepEqual(some.map((v) => `${v.id}@${v.version}`), ['summarize@1.1.0', 'summarize@1.0.0']);
    assert.ok(some.every((v) => /^[0-9a-f]{64}$/.test(v.sha256) && v.prompt.messages.length === 2));
    assert.equal(some[0]!.sourceFile, ws.file('prompts/summarize.prompt.yml'));
    assert.equal(some[0]!.prompt.file, ws.file('prompts/.versions/summarize/1.1.0.prompt.yml'));
    assert.equal((await rejected(ws.registry.loadVersions(' , '))).code, 'usage');
  });

  it('diff: model parameters and a changed message with a line diff', async () => {
    ws.write('prompts/classify.prompt.yml', CLASSIFY);
    const d = await ws.registry.diff('summarize@production', 'summarize@staging');
    assert.equal(d.identical, false);
    assert.deepEqual(d.fields, [{ path: 'modelParameters.temperature', kind: 'changed', before: 0.3, after: 0.5 }]);
    assert.equal(d.messages.length, 1);
    assert.equal(d.messages[0]!.kind, 'changed');
    assert.deepEqual(d.messages[0]!.lines.filter((l) => l.op !== 'equal'), [
      { op: 'delete', line: 'Answer with at most 5 bullet points.' },
      { op: 'insert', line: 'Answer with at most 3 bullet points.' },
    ]);
    assert.equal(d.unchangedMessages, 1);
    const same = await ws.registry.diff('summarize@1.0.0', 'summarize@production');
    assert.equal(same.identical, true);
  });
});

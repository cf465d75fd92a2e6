import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { casesDigest, groupKey, parseShard, shardOf, suitePath, workKey, workKeyer } from '../../../../src/core/evals/runner/keys';

const base = { suite: 'prompts/greet.prompt.yml', promptId: 'greet', promptSha256: 'abc', modelId: 'openai/gpt-4o-mini', caseId: 'c1', repeat: 0 };

describe('runner keys', () => {
  it('a work key is stable and depends on every part of the identity', () => {
    assert.equal(workKey(base), workKey({ ...base }));
    assert.match(workKey(base), /^[0-9a-f]{32}$/);
    const variants = [{ suite: 'other.prompt.yml' }, { promptId: 'x' }, { promptVersion: '1.0.0' }, { promptSha256: 'abd' }, { modelId: 'openai/gpt-4o' }, { caseId: 'c2' }, { repeat: 1 }];
    const keys = new Set([workKey(base), ...variants.map((v) => workKey({ ...base, ...v }))]);
    assert.equal(keys.size, variants.length + 1);
  });

  it('the keyer of a suite × prompt × model gives exactly the keys workKey gives', () => {
    for (const id of [base, { ...base, promptVersion: '1.2.0' }, { ...base, caseId: 'q"\\u2028x', repeat: 3 }]) {
      const { caseId, repeat, ...shared } = id;
      assert.equal(workKeyer(shared)(caseId, repeat), workKey(id));
    }
  });

  it('parts that contain separators do not collide', () => {
    assert.notEqual(workKey({ ...base, promptId: 'a|b', caseId: 'c' }), workKey({ ...base, promptId: 'a', caseId: 'b|c' }));
  });

  it('suite paths are relative to the workspace, with forward slashes', () => {
    assert.equal(suitePath('/w', '/w/prompts/a.prompt.yml'), 'prompts/a.prompt.yml');
    assert.equal(suitePath('/w', 'prompts/a.prompt.yml'), 'prompts/a.prompt.yml');
    assert.equal(suitePath('/w', '/elsewhere/a.prompt.yml'), path.resolve('/elsewhere/a.prompt.yml').split(path.sep).join('/'));
  });

  it('parses i/n shards and refuses anything else with a hint', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    assert.deepEqual(parseShard(' 1 / 1 '), { index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '1', '1/2/3', '-1/2']) {
      assert.throws(() => parseShard(bad), (e: Error & { exitCode?: number; hint?: string }) => e.exitCode === 2 && /--shard/.test(e.message) && /1\/4/.test(e.hint ?? ''), bad);
    }
  });

  it('splits groups over shards deterministically, every group in exactly one, evenly', () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) {
      const key = groupKey('s.prompt.yml', `c${i}`, 0);
      const shard = shardOf(key, 3);
      assert.equal(shard, shardOf(key, 3));
      assert.ok(shard >= 1 && shard <= 3);
      counts[shard - 1]!++;
    }
    for (const n of counts) assert.ok(n > 900 && n < 1100, `uneven split: ${counts.join(', ')}`);
  });

  it('the cases digest changes when any case changes, not when nothing does', () => {
    const cases = [
      { id: 'a', vars: { x: 1 }, assert: [{ type: 'equals', value: 'y' }] },
      { id: 'b', vars: { x: 2 }, assert: [] },
    ];
    const digest = casesDigest([{ path: 's', cases }]);
    assert.equal(casesDigest([{ path: 's', cases: structuredClone(cases) }]), digest);
    assert.notEqual(casesDigest([{ path: 's', cases: [cases[0]!, { ...cases[1]!, vars: { x: 3 } }] }]), digest);
    assert.notEqual(casesDigest([{ path: 's', cases: [{ ...cases[0]!, assert: [{ type: 'equals', value: 'z' }] }, cases[1]!] }]), digest);
    assert.notEqual(casesDigest([{ path: 't', cases }]), digest);
  });

  it('the cases digest is the sha256 of each suite path and case in turn, however many cases (runs stay resumable across versions)', () => {
    const suites = [
      { path: 's', cases: Array.from({ length: 3000 }, (_, i) => ({ id: `c${i}`, vars: { i, text: 'é'.repeat(i % 7) }, assert: [{ type: 'contains', value: String(i) }] })) },
      { path: 't', cases: [{ id: 'x', vars: {}, assert: [], expected: 'y', threshold: 0.5 }] },
    ];
    const reference = createHash('sha256');
    for (const s of suites) {
      reference.update(JSON.stringify(s.path));
      for (const c of s.cases as Array<Record<string, unknown>>) reference.update(JSON.stringify([c.id, c.vars, c.expected ?? null, c.assert, c.options ?? null, c.threshold ?? null]));
    }
    assert.equal(casesDigest(suites), reference.digest('hex').slice(0, 32));
  });
});

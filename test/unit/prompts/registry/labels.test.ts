import assert from 'node:assert/strict';
import { rejected } from '../helpers';
import { makeWorkspace, treeDigest, type Workspace } from './helpers';

async function releaseThree(ws: Workspace): Promise<void> {
  for (const t of ['0.1', '0.2', '0.3']) {
    ws.write('prompts/summarize.prompt.yml', ws.read('prompts/summarize.prompt.yml').replace(/temperature: [\d.]+/, `temperature: ${t}`));
    await ws.registry.release('prompts/summarize.prompt.yml');
  }
}

describe('registry labels: label, promote, rollback', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = makeWorkspace();
    await releaseThree(ws); // 1.0.0, 1.0.1, 1.0.2
  });
  afterEach(() => ws.cleanup());

  it('moves labels and records every move in the label history', async () => {
    assert.deepEqual(await ws.registry.label('summarize', 'staging', '1.0.2'), { id: 'summarize', label: 'staging', to: '1.0.2', action: 'label', changed: true });
    await ws.registry.label('summarize', 'production', '1.0.1');
    const promoted = await ws.registry.promote('summarize', 'staging', 'production');
    assert.deepEqual(promoted, { id: 'summarize', label: 'production', from: '1.0.1', to: '1.0.2', action: 'promote', changed: true });
    const rolled = await ws.registry.rollback('summarize');
    assert.equal(rolled.to, '1.0.1');
    assert.equal((await ws.registry.rollback('summarize', 'production')).to, '1.0.0');
    const entry = JSON.parse(ws.read('prompts/prompts.lock.json')).prompts.summarize;
    assert.deepEqual(entry.labels, { production: '1.0.0', staging: '1.0.2' });
    assert.deepEqual(
      entry.history.production.map((m: { from: string | null; to: string; action: string; by: string }) => [m.from, m.to, m.action, m.by]),
      [
        [null, '1.0.1', 'label', 'tester'],
        ['1.0.1', '1.0.2', 'promote', 'tester'],
        ['1.0.2', '1.0.1', 'rollback', 'tester'],
        ['1.0.1', '1.0.0', 'rollback', 'tester'],
      ],
    );
    assert.ok(entry.history.production.every((m: { at: string }) => /^2025-01-01T/.test(m.at)));
  });

  it('rolling back the first version is a clear error', async () => {
    await ws.registry.label('summarize', 'production', '1.0.0');
    const e = await rejected(ws.registry.rollback('summarize'));
    assert.equal(e.code, 'nothing-to-roll-back');
    assert.match(e.message, /summarize@production is at 1\.0\.0, the first released version/);
  });

  it('moving a label where it already is changes nothing', async () => {
    await ws.registry.label('summarize', 'production', '1.0.0');
    const before = treeDigest(ws.dir);
    const again = await ws.registry.label('summarize', 'production', '1.0.0');
    assert.equal(again.changed, false);
    assert.deepEqual(treeDigest(ws.dir), before);
  });

  it('unknown ids, versions and labels, bad names: clear errors and nothing written', async () => {
    await ws.registry.label('summarize', 'production', '1.0.1');
    const before = treeDigest(ws.dir);
    const cases: [Promise<unknown>, string, RegExp][] = [
      [ws.registry.label('summarize', 'production', '9.9.9'), 'unknown-version', /Released versions: 1\.0\.0, 1\.0\.1, 1\.0\.2/],
      [ws.registry.label('summarize', 'production', '1.0'), 'invalid-version', /MAJOR\.MINOR\.PATCH/],
      [ws.registry.label('nope', 'production', '1.0.0'), 'unknown-prompt', /prompts list/],
      [ws.registry.label('../evil', 'production', '1.0.0'), 'invalid-id', /no "\/" and no "\.\."/],
      [ws.registry.label('sum/marize', 'production', '1.0.0'), 'invalid-id', /letters, digits/],
      [ws.registry.label('summarize', 'latest', '1.0.0'), 'reserved-label', /id@latest/],
      [ws.registry.label('summarize', 'not a label', '1.0.0'), 'invalid-label', /starts with a letter/],
      [ws.registry.promote('summarize', 'staging', 'production'), 'unknown-label', /Its labels are production/],
      [ws.registry.promote('summarize', 'production', 'production'), 'usage', /--from staging --to production/],
      [ws.registry.rollback('summarize', 'canary'), 'unknown-label', /prompts label summarize canary/],
    ];
    for (const [promise, code, hint] of cases) {
      const e = await rejected(promise);
      assert.equal(e.code, code);
      assert.equal(e.exitCode, 2);
      assert.match(e.hint ?? '', hint);
    }
    assert.deepEqual(treeDigest(ws.dir), before);
  });
});

// The texts of the version confirmations and the choices they are built from, against core's semver.
import assert from 'node:assert/strict';
import { labelMove, orderLabels, previousOf, promoteQuestion, releaseChoices, releaseQuestion, rollbackQuestion } from '../../../src/extension/prompts/versionChanges';

describe('extension version confirmations', () => {
  it('says what a label move changes', () => {
    assert.equal(labelMove('production', '1.1.0', '1.2.0'), 'production: 1.1.0 → 1.2.0');
    assert.equal(labelMove('canary', undefined, '1.2.0'), 'canary: (new) → 1.2.0');
    assert.equal(promoteQuestion('tone', 'staging', 'production', '1.1.0', '1.2.0').question, 'Promote tone: production: 1.1.0 → 1.2.0?');
    assert.match(promoteQuestion('tone', 'staging', 'production', '1.1.0', '1.2.0').detail, /the version staging points at/);
    assert.equal(rollbackQuestion('tone', 'production', '1.2.0', '1.1.0').question, 'Roll back tone: production: 1.2.0 → 1.1.0?');
  });

  it('offers the next versions as the release computes them, and the file\'s own version for a first release', () => {
    assert.deepEqual(releaseChoices('1.2.3', undefined), [
      { bump: 'patch', version: '1.2.4' },
      { bump: 'minor', version: '1.3.0' },
      { bump: 'major', version: '2.0.0' },
    ]);
    assert.deepEqual(releaseChoices('2.0.0-rc.1', undefined).map((c) => c.version), ['2.0.0', '2.0.0', '2.0.0']);
    assert.deepEqual(releaseChoices(undefined, '0.3.0'), [{ version: '0.3.0' }]);
    assert.deepEqual(releaseChoices(undefined, undefined), [{ version: '1.0.0' }]);
    const q = releaseQuestion('tone', '1.1.0', '1.2.0');
    assert.equal(q.question, 'Release tone 1.2.0?');
    assert.match(q.detail, /^tone: 1\.1\.0 → 1\.2\.0$/m);
    assert.match(releaseQuestion('tone', undefined, '1.0.0').detail, /^tone: never released → 1\.0\.0$/m);
  });

  it('finds the version before another by precedence, and puts production first', () => {
    assert.equal(previousOf(['1.10.0', '1.2.0', '1.9.0', '2.0.0-rc.1'], '1.10.0'), '1.9.0');
    assert.equal(previousOf(['1.10.0', '2.0.0-rc.1', '2.0.0'], '2.0.0'), '2.0.0-rc.1');
    assert.equal(previousOf(['1.0.0', '1.1.0'], '1.0.0'), undefined);
    assert.deepEqual(orderLabels(['staging', 'canary', 'production']), ['production', 'canary', 'staging']);
  });
});

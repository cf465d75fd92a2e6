import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bumpVersion, compareSemver, highestVersion, isSemver, sortVersions } from '../../../../src/core/prompts/registry/semver';

describe('registry semver', () => {
  it('orders versions by precedence, prereleases below their release (the semver.org example)', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.2.0', '1.10.0', '2.0.0'];
    const shuffled = [...ordered].reverse();
    assert.deepEqual(sortVersions(shuffled), ordered);
    assert.equal(highestVersion(shuffled), '2.0.0');
    assert.equal(compareSemver('1.0.0+build.1', '1.0.0+build.2'), 0, 'build metadata does not count');
  });

  it('bumps like npm: a prerelease is finished by the bump that reaches it', () => {
    assert.equal(bumpVersion('1.2.3', 'patch'), '1.2.4');
    assert.equal(bumpVersion('1.2.3', 'minor'), '1.3.0');
    assert.equal(bumpVersion('1.2.3', 'major'), '2.0.0');
    assert.equal(bumpVersion('1.2.3-rc.1', 'patch'), '1.2.3');
    assert.equal(bumpVersion('1.3.0-rc.1', 'minor'), '1.3.0');
    assert.equal(bumpVersion('2.0.0-rc.1', 'major'), '2.0.0');
    assert.equal(bumpVersion('1.2.3-rc.1', 'major'), '2.0.0');
  });

  it('accepts semantic versions only', () => {
    for (const ok of ['0.0.1', '1.2.3-rc.1', '1.0.0+sha.5114f85']) assert.ok(isSemver(ok), ok);
    for (const bad of ['1.0', '01.0.0', 'v1.0.0', '1.0.0-', '', '1.0.0.0']) assert.ok(!isSemver(bad), bad);
  });

  it('a bump is always greater, and comparison is a total order (property)', () => {
    const version = fc.tuple(fc.nat(50), fc.nat(50), fc.nat(50), fc.option(fc.constantFrom('alpha', 'beta.1', 'rc.2', '1'), { nil: undefined })).map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre}` : ''}`);
    fc.assert(
      fc.property(version, version, fc.constantFrom('major' as const, 'minor' as const, 'patch' as const), (x, y, kind) => {
        assert.ok(compareSemver(bumpVersion(x, kind), x) > 0);
        assert.equal(Math.sign(compareSemver(x, y)), -Math.sign(compareSemver(y, x)));
      }),
    );
  });
});

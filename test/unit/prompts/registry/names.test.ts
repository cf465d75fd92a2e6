import assert from 'node:assert/strict';
import { assertId, assertLabel, parseRef } from '../../../../src/core/prompts/registry/names';
import { thrown } from '../helpers';

describe('registry names and references', () => {
  it('parses id, id@version, id@label and id@latest', () => {
    assert.deepEqual(parseRef('summarize').selector, { kind: 'default' });
    assert.deepEqual(parseRef('summarize@1.2.0').selector, { kind: 'version', version: '1.2.0' });
    assert.deepEqual(parseRef('summarize@2.0.0-rc.1').selector, { kind: 'version', version: '2.0.0-rc.1' });
    assert.deepEqual(parseRef('summarize@production').selector, { kind: 'label', label: 'production' });
    assert.deepEqual(parseRef('summarize@latest').selector, { kind: 'latest' });
    assert.equal(parseRef('my.prompt_v2@staging').id, 'my.prompt_v2');
  });

  it('refuses ids with path separators or "..", with a message that says why', () => {
    for (const [id, why] of [
      ['a/b', 'path separator'],
      ['a\\b', 'path separator'],
      ['..', ''],
      ['a..b', '".."'],
      ['../etc', 'path separator'],
      ['', ''],
    ] as const) {
      const e = thrown(() => assertId(id));
      assert.equal(e.code, 'invalid-id');
      assert.equal(e.exitCode, 2);
      assert.match(e.message, new RegExp(why.replace(/[.]/g, '\\.')));
      assert.match(e.hint ?? '', /letters, digits/);
    }
  });

  it('refuses bad versions and labels in references', () => {
    assert.equal(thrown(() => parseRef('x@1.0')).code, 'invalid-version');
    assert.equal(thrown(() => parseRef('x@')).code, 'invalid-ref');
    assert.equal(thrown(() => parseRef('x@all')).code, 'invalid-ref');
    assert.equal(thrown(() => parseRef('x@bad label')).code, 'invalid-ref');
    assert.equal(thrown(() => assertLabel('latest')).code, 'reserved-label');
    assert.equal(thrown(() => assertLabel('1.0.0')).code, 'invalid-label');
  });
});

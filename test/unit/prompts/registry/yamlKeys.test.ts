import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'yaml';
import { promptIdOf, scanTopLevel, setVersion, topLevelString } from '../../../../src/core/prompts/registry/yamlKeys';
import { CLASSIFY, SUMMARIZE } from './helpers';

describe('registry yamlKeys: reading and setting version and id in place', () => {
  it('the scanner finds simple top-level values and knows when a key is absent', () => {
    assert.equal(scanTopLevel(CLASSIFY, 'version')?.found?.value, '0.3.0');
    assert.deepEqual(scanTopLevel(SUMMARIZE, 'version'), { found: undefined });
    assert.equal(scanTopLevel("id: 'my-id'  # a comment\nmessages: []\n", 'id')?.found?.value, 'my-id');
  });

  it('the scanner gives up (undefined) on layouts it cannot be sure of', () => {
    for (const text of [
      '{version: 1.0.0, messages: []}\n',
      '"version": 1.0.0\n',
      'version: 1.0.0\n  continued\n',
      '  version: 1.0.0\n  messages: []\n',
      'version: &v 1.0.0\n',
      'version: |\n  1.0.0\n',
      '- a\n- b\n',
    ]) {
      assert.equal(scanTopLevel(text, 'version'), undefined, JSON.stringify(text));
    }
  });

  it('replaces the version value and nothing else, keeping quotes and comments', () => {
    assert.equal(setVersion(CLASSIFY, '0.3.1'), CLASSIFY.replace('version: 0.3.0', 'version: 0.3.1'));
    const quoted = 'name: x\nversion: "1.0.0" # released\nmessages: []\n';
    assert.equal(setVersion(quoted, '1.0.1'), 'name: x\nversion: "1.0.1" # released\nmessages: []\n');
    assert.equal(setVersion(CLASSIFY, '0.3.0'), CLASSIFY, 'same version: same text');
  });

  it('inserts a missing version after the description, keeping the comments and layout', () => {
    const out = setVersion(SUMMARIZE, '1.0.0');
    assert.equal(out, SUMMARIZE.replace('description: Summarizes a text.\n', 'description: Summarizes a text.\nversion: 1.0.0\n'));
  });

  it('keeps CRLF line endings when it inserts', () => {
    const crlf = 'name: x\r\nmessages:\r\n  - role: user\r\n    content: hi\r\n';
    assert.equal(setVersion(crlf, '1.0.0'), 'name: x\r\nversion: 1.0.0\r\nmessages:\r\n  - role: user\r\n    content: hi\r\n');
  });

  it('handles an indented root map, an empty version and a flow map through the parser', () => {
    assert.equal(setVersion('  name: x\n  messages: []\n', '2.0.0'), '  name: x\n  version: 2.0.0\n  messages: []\n');
    assert.equal(setVersion('name: x\nversion:\nmessages: []\n', '2.0.0'), 'name: x\nversion: 2.0.0\nmessages: []\n');
    assert.deepEqual(parse(setVersion('{name: x, messages: []}\n', '2.0.0')), { name: 'x', messages: [], version: '2.0.0' });
    assert.equal(setVersion('messages: []\n', '1.0.0'), 'version: 1.0.0\nmessages: []\n');
  });

  it('reads the id from the file, else from the file name', () => {
    assert.equal(promptIdOf('id: custom\nmessages: []\n', 'prompts/a.prompt.yml'), 'custom');
    assert.equal(promptIdOf('messages: []\n', 'prompts/a.prompt.yml'), 'a');
    assert.equal(topLevelString('{id: flow-id, messages: []}', 'id'), 'flow-id');
  });

  it('setVersion sets exactly the version, and the scanner agrees with the YAML parser (property)', () => {
    const key = fc.constantFrom('name', 'description', 'model', 'id', 'notes');
    const value = fc.constantFrom('plain', 'with space', '"quoted"', "'single'", 'x # comment', '1.0.0', '|\n  block\n  text', '\n  - a\n  - b');
    const entry = fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`);
    const version = fc.option(fc.constantFrom('0.1.0', '"2.0.0"', '1.0.0 # note'), { nil: undefined });
    const doc = fc.tuple(fc.uniqueArray(entry, { selector: (e) => e.split(':')[0], maxLength: 4 }), version, fc.nat(4), fc.boolean()).map(([entries, v, at, comment]) => {
      const lines = [...entries];
      if (v !== undefined) lines.splice(Math.min(at, lines.length), 0, `version: ${v}`);
      if (comment) lines.unshift('# header');
      lines.push('messages:', '  - role: user', '    content: hi');
      return `${lines.join('\n')}\n`;
    });
    fc.assert(
      fc.property(doc, (text) => {
        const parsed = parse(text) as Record<string, unknown>;
        const scan = scanTopLevel(text, 'version');
        if (scan) assert.equal(scan.found?.value, parsed.version === undefined ? undefined : String(parsed.version));
        const out = parse(setVersion(text, '9.8.7')) as Record<string, unknown>;
        assert.deepEqual(out, { ...parsed, version: '9.8.7' });
      }),
      { numRuns: 300 },
    );
  });
});

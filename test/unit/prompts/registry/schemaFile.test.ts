// schemas/prompts-lock.schema.json, loaded as the Python and Java loaders would, against lock files the
// registry really writes (with and without git, every kind of record), and against broken ones.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { makeWorkspace } from './helpers';

const schema = JSON.parse(readFileSync(path.join(__dirname, '../../../../schemas/prompts-lock.schema.json'), 'utf8')) as object;
const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);

function errors(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('schemas/prompts-lock.schema.json', () => {
  for (const git of [false, true]) {
    it(`accepts the lock files the registry writes (${git ? 'with' : 'without'} git)`, async () => {
      const ws = makeWorkspace({ git });
      try {
        await ws.registry.release('prompts/summarize.prompt.yml', { message: 'first' });
        ws.write('prompts/summarize.prompt.yml', ws.read('prompts/summarize.prompt.yml').replace('0.3', '0.5'));
        await ws.registry.release('prompts/summarize.prompt.yml', { version: '2.0.0-rc.1' });
        await ws.registry.release('prompts/classify.prompt.yml');
        await ws.registry.label('summarize', 'staging', '2.0.0-rc.1');
        await ws.registry.label('summarize', 'production', '1.0.0');
        await ws.registry.promote('summarize', 'staging', 'production');
        await ws.registry.rollback('summarize');
        const lock = JSON.parse(ws.read('prompts/prompts.lock.json'));
        assert.deepEqual(errors(lock), []);
        assert.equal(lock.prompts.summarize.versions['1.0.0'].commit !== undefined, git);
      } finally {
        ws.cleanup();
      }
    });
  }

  it('rejects what the registry would never write', () => {
    const version = { sha256: 'f'.repeat(64), createdAt: '2025-01-01T00:00:00.000Z', message: '' };
    const entry = (over: object) => ({ lockfileVersion: 1, prompts: { a: { file: 'prompts/a.prompt.yml', versions: { '1.0.0': version }, labels: {}, ...over } } });
    for (const [what, lock] of [
      ['a path separator in an id', { lockfileVersion: 1, prompts: { 'a/b': entry({}).prompts.a } }],
      ['.. in an id', { lockfileVersion: 1, prompts: { 'a..b': entry({}).prompts.a } }],
      ['a file outside the workspace', entry({ file: '../a.prompt.yml' })],
      ['an absolute file', entry({ file: '/etc/a.prompt.yml' })],
      ['a non-semver version', entry({ versions: { '1.0': version } })],
      ['a label named like a version', entry({ labels: { '1.0.0': '1.0.0' } })],
      ['the reserved label latest', entry({ labels: { latest: '1.0.0' } })],
      ['a short hash', entry({ versions: { '1.0.0': { ...version, sha256: 'abc' } } })],
      ['a history move without "by"', entry({ history: { production: [{ from: null, to: '1.0.0', at: '2025-01-01T00:00:00Z' }] } })],
      ['an unknown lockfileVersion', { ...entry({}), lockfileVersion: 2 }],
    ] as const) {
      assert.notDeepEqual(errors(lock), [], what);
    }
    assert.deepEqual(errors(entry({ history: { production: [{ from: null, to: '1.0.0', at: '2025-01-01T00:00:00Z', by: 'x' }] } })), []);
  });
});

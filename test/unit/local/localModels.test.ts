import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PromptyardError } from '../../../src/core/errors';
import {
  expandHome,
  LOCAL_MODEL_CATALOG,
  localModelsDir,
  RECOMMENDED_LOCAL_MODEL,
  resolveLocalModel,
} from '../../../src/core/providers/localModels';

const context = { cwd: '/work/project', home: '/home/ada', env: {} };

describe('local models: catalog and model ids', () => {
  it('has one recommended model with a pinned size and SHA-256', () => {
    assert.ok(LOCAL_MODEL_CATALOG.includes(RECOMMENDED_LOCAL_MODEL));
    for (const entry of LOCAL_MODEL_CATALOG) {
      assert.match(entry.sha256, /^[0-9a-f]{64}$/);
      assert.ok(Number.isSafeInteger(entry.sizeBytes) && entry.sizeBytes > 100_000_000);
      assert.match(entry.url, /^https:\/\/.+\.gguf$/);
      assert.ok(entry.file.endsWith('.gguf'));
      assert.match(entry.name, /^[a-z0-9.-]+$/);
    }
  });

  it('puts models in cacheDir, else $XDG_CACHE_HOME/promptyard/models, else ~/.cache/promptyard/models', () => {
    assert.equal(localModelsDir({ cacheDir: '~/models' }, context), '/home/ada/models');
    assert.equal(localModelsDir({ cacheDir: 'cache' }, context), '/work/project/cache');
    assert.equal(localModelsDir({}, { ...context, env: { XDG_CACHE_HOME: '/var/cache/ada' } }), '/var/cache/ada/promptyard/models');
    assert.equal(localModelsDir({}, { ...context, env: { XDG_CACHE_HOME: 'relative' } }), '/home/ada/.cache/promptyard/models');
    assert.equal(localModelsDir({}, context), '/home/ada/.cache/promptyard/models');
  });

  it('expands ~ only at the start', () => {
    assert.equal(expandHome('~', '/h'), '/h');
    assert.equal(expandHome('~/a.gguf', '/h'), join('/h', 'a.gguf'));
    assert.equal(expandHome('a/~/b', '/h'), 'a/~/b');
  });

  it('resolves local/default to the recommended download, or to local.model when set', () => {
    const recommended = resolveLocalModel('default', {}, context);
    assert.equal(recommended.kind, 'catalog');
    assert.equal(recommended.path, join('/home/ada/.cache/promptyard/models', RECOMMENDED_LOCAL_MODEL.file));
    if (recommended.kind === 'catalog') assert.equal(recommended.url, RECOMMENDED_LOCAL_MODEL.url);
    assert.deepEqual(resolveLocalModel('default', { model: 'models/mine.gguf' }, context), { kind: 'file', path: '/work/project/models/mine.gguf' });
  });

  it('resolves the recommended name, with downloadURL as a mirror', () => {
    const target = resolveLocalModel(RECOMMENDED_LOCAL_MODEL.name, { downloadURL: 'https://mirror.example/q.gguf', model: 'x.gguf' }, context);
    assert.equal(target.kind, 'catalog');
    if (target.kind === 'catalog') assert.equal(target.url, 'https://mirror.example/q.gguf');
  });

  it('resolves .gguf paths: relative to cwd, absolute, or from ~', () => {
    assert.deepEqual(resolveLocalModel('m/a.gguf', {}, context), { kind: 'file', path: '/work/project/m/a.gguf' });
    assert.deepEqual(resolveLocalModel('/opt/b.GGUF', {}, context), { kind: 'file', path: '/opt/b.GGUF' });
    assert.deepEqual(resolveLocalModel('~/c.gguf', {}, context), { kind: 'file', path: '/home/ada/c.gguf' });
  });

  it('rejects anything else with the accepted forms', () => {
    assert.throws(
      () => resolveLocalModel('llama3', {}, context),
      (e: unknown) => e instanceof PromptyardError && e.code === 'local-model-unknown' && e.exitCode === 2 && /local\/default/.test(e.hint ?? ''),
    );
  });
});

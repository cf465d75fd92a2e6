import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { contentSha256 } from '../../../../src/core/prompts/registry/hash';
import { lockTextProblem } from '../../../../src/core/prompts/registry/lockRead';
import { rejected } from '../helpers';
import { CLASSIFY, makeWorkspace, SUMMARIZE, treeDigest, type Workspace } from './helpers';

const LOCK = 'prompts/prompts.lock.json';

describe('registry release', () => {
  let ws: Workspace;
  afterEach(() => ws.cleanup());

  describe('without git', () => {
    beforeEach(() => {
      ws = makeWorkspace();
    });

    it('a first release is 1.0.0: snapshot with its version, lock record, version set in the file in place', async () => {
      const r = await ws.registry.release('prompts/summarize.prompt.yml', { message: 'first' });
      assert.equal(r.status, 'released');
      assert.equal(r.version, '1.0.0');
      assert.equal(r.previous, undefined);
      const expected = SUMMARIZE.replace('description: Summarizes a text.\n', 'description: Summarizes a text.\nversion: 1.0.0\n');
      assert.equal(ws.read('prompts/summarize.prompt.yml'), expected, 'only the version line is added; comments stay');
      assert.equal(ws.read('prompts/.versions/summarize/1.0.0.prompt.yml'), expected);
      const lock = JSON.parse(ws.read(LOCK));
      const record = lock.prompts.summarize.versions['1.0.0'];
      assert.equal(record.sha256, contentSha256(expected));
      assert.equal(record.message, 'first');
      assert.equal(record.author, 'tester');
      assert.equal(record.commit, undefined, 'no git: no commit');
      assert.match(record.createdAt, /^2025-01-01T00:00:\d\d\.000Z$/);
      assert.equal(lock.prompts.summarize.file, 'prompts/summarize.prompt.yml');
      assert.equal(lockTextProblem(ws.read(LOCK), LOCK), undefined);
      const snapshot = await rejected(ws.registry.release('prompts/.versions/summarize/1.0.0.prompt.yml'));
      assert.equal(snapshot.code, 'not-releasable');
      assert.match(snapshot.message, /is a released snapshot/);
    });

    it('a first release takes the version the file already says', async () => {
      const r = await ws.registry.release(ws.file('prompts/classify.prompt.yml'), { bump: 'major' });
      assert.equal(r.version, '0.3.0');
      assert.match(r.notes.join(), /--bump does not apply/);
      assert.equal(ws.read('prompts/classify.prompt.yml'), CLASSIFY, 'the file already said 0.3.0');
    });

    it('bumps patch by default, minor and major on request, and takes an explicit greater version', async () => {
      const edit = (n: number) => ws.write('prompts/summarize.prompt.yml', ws.read('prompts/summarize.prompt.yml').replace(/temperature: [\d.]+/, `temperature: 0.${n}`));
      await ws.registry.release('prompts/summarize.prompt.yml');
      const versions: string[] = [];
      for (const [n, options] of [
        [1, {}],
        [2, { bump: 'minor' as const }],
        [4, { bump: 'major' as const }],
        [5, { version: '2.5.0-rc.1' }],
        [6, {}],
      ] as const) {
        edit(n);
        const r = await ws.registry.release('prompts/summarize.prompt.yml', options);
        versions.push(r.version);
      }
      assert.deepEqual(versions, ['1.0.1', '1.1.0', '2.0.0', '2.5.0-rc.1', '2.5.0']);
      assert.match(ws.read('prompts/summarize.prompt.yml'), /\nversion: 2\.5\.0\n/);
      assert.match(ws.read('prompts/.versions/summarize/1.1.0.prompt.yml'), /temperature: 0\.2\n/);
    });

    it('releasing unchanged content is a no-op that says so, even when only the version line differs', async () => {
      await ws.registry.release('prompts/summarize.prompt.yml');
      const before = treeDigest(ws.dir);
      const again = await ws.registry.release('prompts/summarize.prompt.yml', { bump: 'major' });
      assert.equal(again.status, 'unchanged');
      assert.equal(again.version, '1.0.0');
      ws.write('prompts/summarize.prompt.yml', ws.read('prompts/summarize.prompt.yml').replace('version: 1.0.0', 'version: 7.0.0'));
      const edited = treeDigest(ws.dir);
      assert.equal((await ws.registry.release('prompts/summarize.prompt.yml')).status, 'unchanged');
      assert.deepEqual(treeDigest(ws.dir), edited);
      assert.notDeepEqual(before, edited);
    });

    it('CRLF files hash like their LF form and keep their line endings', async () => {
      ws.write('prompts/summarize.prompt.yml', SUMMARIZE.replace(/\n/g, '\r\n'));
      const r = await ws.registry.release('prompts/summarize.prompt.yml');
      const written = ws.read('prompts/summarize.prompt.yml');
      assert.ok(written.includes('version: 1.0.0\r\n'));
      assert.equal(r.sha256, contentSha256(written.replace(/\r\n/g, '\n')));
      ws.write('prompts/summarize.prompt.yml', written.replace(/\r\n/g, '\n'));
      assert.equal((await ws.registry.release('prompts/summarize.prompt.yml')).status, 'unchanged');
    });

    it('refuses an explicit version that is not greater, exists, or is not semver, writing nothing', async () => {
      await ws.registry.release('prompts/summarize.prompt.yml', { version: '1.2.0' });
      ws.write('prompts/summarize.prompt.yml', ws.read('prompts/summarize.prompt.yml').replace('0.3', '0.4'));
      const before = treeDigest(ws.dir);
      for (const [version, code] of [
        ['1.2.0', 'version-exists'],
        ['1.1.9', 'version-not-greater'],
        ['1.2', 'invalid-version'],
        ['v2.0.0', 'invalid-version'],
      ]) {
        const e = await rejected(ws.registry.release('prompts/summarize.prompt.yml', { version }));
        assert.equal(e.code, code);
        assert.equal(e.exitCode, 2);
      }
      assert.equal((await rejected(ws.registry.release('prompts/summarize.prompt.yml', { version: '2.0.0', bump: 'minor' }))).code, 'usage');
      assert.deepEqual(treeDigest(ws.dir), before);
    });

    it('refuses files with errors, .prompty files, files outside the workspace and invalid ids, writing nothing', async () => {
      ws.write('prompts/broken.prompt.yml', 'name: Broken\nmessages:\n  - role: user\n    content: "unclosed\n');
      ws.write('prompts/old.prompty', '---\nname: Old\n---\nuser:\nhi\n');
      ws.write('prompts/bad id.prompt.yml', 'messages:\n  - role: user\n    content: hi\n');
      const before = treeDigest(ws.dir);
      assert.equal((await rejected(ws.registry.release('prompts/broken.prompt.yml'))).code, 'yaml-syntax');
      assert.equal((await rejected(ws.registry.release('prompts/old.prompty'))).code, 'not-releasable');
      assert.equal((await rejected(ws.registry.release('/etc/hosts.prompt.yml'))).code, 'outside-workspace');
      assert.equal((await rejected(ws.registry.release('prompts/missing.prompt.yml'))).code, 'file-not-found');
      const badId = await rejected(ws.registry.release('prompts/bad id.prompt.yml'));
      assert.equal(badId.code, 'invalid-id');
      assert.match(badId.message, /^prompts\/bad id\.prompt\.yml cannot be released: 'bad id' is not a prompt id/);
      assert.match(badId.hint ?? '', /Give it an `id:` key/);
      assert.deepEqual(treeDigest(ws.dir), before);
    });

    it('two files with one id: the second release fails and names the first file', async () => {
      await ws.registry.release('prompts/summarize.prompt.yml');
      ws.write('prompts/other/summarize.prompt.yml', CLASSIFY);
      const e = await rejected(ws.registry.release('prompts/other/summarize.prompt.yml'));
      assert.equal(e.code, 'duplicate-id');
      assert.match(e.message, /already released from prompts\/summarize\.prompt\.yml/);
    });

    it('a moved file is followed: the lock records its new path', async () => {
      await ws.registry.release('prompts/summarize.prompt.yml');
      ws.write('prompts/moved/summarize.prompt.yml', ws.read('prompts/summarize.prompt.yml'));
      (await import('node:fs')).rmSync(ws.file('prompts/summarize.prompt.yml'));
      const r = await ws.registry.release('prompts/moved/summarize.prompt.yml');
      assert.equal(r.status, 'unchanged');
      assert.match(r.notes.join(), /new location/);
      assert.equal(JSON.parse(ws.read(LOCK)).prompts.summarize.file, 'prompts/moved/summarize.prompt.yml');
    });
  });

  describe('with git', () => {
    beforeEach(() => {
      ws = makeWorkspace({ git: true });
    });

    it('records the commit HEAD points at and the author from git config', async () => {
      const head = ws.git('rev-parse', 'HEAD');
      const r = await ws.registry.release('prompts/summarize.prompt.yml', { message: 'first' });
      assert.equal(r.commit, head);
      const record = JSON.parse(ws.read(LOCK)).prompts.summarize.versions['1.0.0'];
      assert.equal(record.commit, head);
      assert.equal(record.author, 'Ada Lovelace');
      ws.git('add', '-A');
      ws.git('commit', '-q', '-m', 'release summarize 1.0.0');
      ws.write('prompts/summarize.prompt.yml', ws.read('prompts/summarize.prompt.yml').replace('0.3', '0.9'));
      const second = await ws.registry.release('prompts/summarize.prompt.yml');
      assert.equal(second.commit, ws.git('rev-parse', 'HEAD'));
      assert.notEqual(second.commit, head);
    });

    it('a repository without commits records no commit', async () => {
      ws.cleanup();
      ws = makeWorkspace();
      ws.git('init', '-q');
      const r = await ws.registry.release('prompts/summarize.prompt.yml');
      assert.equal(r.commit, undefined);
      assert.ok(existsSync(ws.file('prompts/.versions/summarize/1.0.0.prompt.yml')));
      assert.equal(JSON.parse(readFileSync(ws.file(LOCK), 'utf8')).prompts.summarize.versions['1.0.0'].commit, undefined);
    });
  });
});

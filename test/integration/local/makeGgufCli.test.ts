// The generator also runs from the command line (for manual tries with the CLI or the extension).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildGguf } from '../../support/makeGguf';

const run = promisify(execFile);
const root = resolve(__dirname, '../../..');

describe('makeGguf command line', function () {
  this.timeout(20_000);

  it('writes the same bytes as the function for the same options', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'promptyard-gguf-'));
    try {
      const out = join(dir, 'cli.gguf');
      const script = join(root, 'test/support/makeGguf.ts');
      const { stdout } = await run(process.execPath, ['--import', 'tsx', script, out, '--seed', '9', '--ctx', '512', '--answer', 'one two'], { cwd: root });
      assert.match(stdout, /answers "one two"/);
      assert.ok((await readFile(out)).equals(buildGguf({ seed: 9, contextLength: 512, answer: 'one two' }).bytes));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// The layer rule of ARCHITECTURE.md, through ESLint with the project's own config.
import * as assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../..');

async function layerErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'promptyard/layers').map((m) => m.message);
}

describe('layer lint (promptyard/layers)', function () {
  this.timeout(30_000);

  it("refuses 'vscode' outside src/extension", async () => {
    for (const file of ['src/core/x.ts', 'src/shared/x.ts', 'src/cli/x.ts', 'webview-ui/src/x.ts']) {
      const errors = await layerErrors(file, "import * as vscode from 'vscode';\nexport const v = vscode;\n");
      assert.equal(errors.length, 1, `${file}: ${errors.join('; ')}`);
    }
    assert.deepEqual(await layerErrors('src/extension/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n"), []);
  });

  it('keeps src/shared free of imports and core free of hosts', async () => {
    assert.equal((await layerErrors('src/shared/x.ts', "import { x } from '../core/errors';\nexport const y = x;\n")).length, 1);
    assert.equal((await layerErrors('src/shared/x.ts', "import { readFile } from 'node:fs';\nexport const y = readFile;\n")).length, 1);
    assert.deepEqual(await layerErrors('src/shared/x.ts', "import { y } from './types';\nexport const z = y;\n"), []);
    assert.equal((await layerErrors('src/core/x.ts', "import { y } from '../cli/app';\nexport const z = y;\n")).length, 1);
    assert.equal((await layerErrors('src/core/x.ts', "export const load = () => import('../extension/extension');\n")).length, 1);
    assert.deepEqual(await layerErrors('src/core/x.ts', "import { y } from '../shared/types';\nexport const z = y;\n"), []);
  });

  it('lets webview-ui import only src/shared and browser packages', async () => {
    assert.equal((await layerErrors('webview-ui/src/x.ts', "import { y } from '../../src/core/errors';\nexport const z = y;\n")).length, 1);
    assert.equal((await layerErrors('webview-ui/src/x.ts', "import fs from 'node:fs';\nexport const z = fs;\n")).length, 1);
    assert.deepEqual(await layerErrors('webview-ui/src/x.ts', "import { y } from '../../src/shared/types';\nexport const z = y;\n"), []);
  });

  it('passes on the whole repository', async () => {
    const eslint = new ESLint({ cwd: root });
    const results = await eslint.lintFiles(['src', 'webview-ui/src']);
    const layer = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'promptyard/layers').map((m) => `${r.filePath}: ${m.message}`));
    assert.deepEqual(layer, []);
  });
});

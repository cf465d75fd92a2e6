// The Test Explorer's discovery in plain Node: which files become suites, the tree of each (ids, labels,
// 0-based ranges, prompt × model leaves), datasets as dependencies, broken files with their error, unsaved
// text read through readText, and a turn of the event loop between files.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverEvalTree, loadSuiteNode, suiteKindOf } from '../../../src/extension/testing/discovery';
import { caseNodeId, DEFAULT_MODEL, rangeOf, targetNodeId, type SuiteNode } from '../../../src/extension/testing/evalTree';

const GREET = `name: Greeter
model: openai/gpt-4o-mini
messages:
  - role: user
    content: "Greet {{name}}"
testData:
  - id: ada
    description: Greets Ada
    name: Ada
  - name: Bob
    assert:
      - type: javascript
        value: output.length > 2
datasets:
  - more.jsonl
`;

const PROMPTFOO = `description: Echo
prompts:
  - "Say {{word}}"
  - "Shout {{word}}"
providers:
  - openai/gpt-4o-mini
  - anthropic/claude-haiku-4-5
tests:
  - vars:
      word: hi
    options:
      transform: output.trim()
`;

describe('extension test discovery (plain Node)', () => {
  let dir: string;
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  const file = (rel: string) => path.join(dir, rel);

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'promptyard-discovery-'));
    write('prompts/greet.prompt.yml', GREET);
    write('prompts/more.jsonl', '{"name":"Cy"}\n{"name":"Di"}\n');
    write('prompts/plain.prompt.yml', 'model: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: hi\n');
    write('prompts/broken.prompt.yml', 'model: openai/gpt-4o-mini\nmessages: 3\ntestData:\n  - a: 1\n');
    write('promptfoo/promptfooconfig.yaml', PROMPTFOO);
    write('notes/config.yaml', 'name: not a suite\n');
    write('node_modules/dep/x.prompt.yml', GREET);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds prompt files with cases and promptfoo configs, skips the rest and node_modules', async () => {
    const seen: string[] = [];
    const { suites, stats } = await discoverEvalTree([dir], { onSuite: (s) => seen.push(s.file) });
    assert.deepEqual(
      suites.map((s) => s.description),
      ['promptfoo/promptfooconfig.yaml', 'prompts/broken.prompt.yml', 'prompts/greet.prompt.yml'],
    );
    assert.deepEqual([...seen].sort(), suites.map((s) => s.file).sort(), 'each suite is announced once');
    assert.equal(stats.suites, 3);
    assert.equal(stats.cases, 4 + 1);
  });

  it('builds a prompt file into cases with ids, labels, 0-based ranges, and its dataset as a dependency', async () => {
    const greet = (await discoverEvalTree([dir])).suites.find((s) => s.label === 'Greeter')!;
    assert.equal(greet.id, file('prompts/greet.prompt.yml'));
    assert.deepEqual(greet.dependencies, [file('prompts/more.jsonl')]);
    const [ada, bob, cy] = greet.cases;
    assert.equal(ada!.id, caseNodeId(greet.file, 'ada'));
    assert.equal(ada!.label, 'Greets Ada');
    assert.equal(ada!.description, 'ada');
    assert.deepEqual(ada!.range, { startLine: 6, startCharacter: 4, endLine: 9, endCharacter: 0 });
    assert.equal(bob!.caseId, 'row-2');
    assert.equal(bob!.description, 'name=Bob');
    assert.equal(bob!.needsCode, true, 'a javascript assertion runs code');
    assert.equal(ada!.needsCode, false);
    assert.equal(cy!.file, file('prompts/more.jsonl'), 'a dataset case lives in its dataset');
    assert.deepEqual(cy!.range, { startLine: 0, startCharacter: 0, endLine: 1, endCharacter: 0 });
    assert.ok(greet.cases.every((c) => c.targets.length === 0), 'one model: no model leaves');
  });

  it('gives each promptfoo case a leaf per prompt × model, and marks a transform as code', async () => {
    const foo = (await discoverEvalTree([dir])).suites.find((s) => s.suiteKind === 'promptfoo')!;
    assert.equal(foo.label, 'Echo');
    const [only] = foo.cases;
    assert.equal(only!.needsCode, true);
    assert.deepEqual(
      only!.targets.map((t) => t.label),
      ['prompt-1 · openai/gpt-4o-mini', 'prompt-1 · anthropic/claude-haiku-4-5', 'prompt-2 · openai/gpt-4o-mini', 'prompt-2 · anthropic/claude-haiku-4-5'],
    );
    assert.equal(only!.targets[1]!.id, targetNodeId(foo.file, 'test-1', 'prompt-1', 'anthropic/claude-haiku-4-5'));
  });

  it('shows a suite that fails to load with its error, without cases', async () => {
    const broken = (await discoverEvalTree([dir])).suites.find((s) => s.description === 'prompts/broken.prompt.yml')!;
    assert.equal(broken.cases.length, 0);
    assert.match(broken.error!, /^line 2: .*messages/);
  });

  it('reads through readText (unsaved editor text wins over the disk)', async () => {
    const edited = GREET.replace('description: Greets Ada', 'description: Greets Ada warmly');
    const readText = async (f: string) => (f === file('prompts/greet.prompt.yml') ? edited : (await import('node:fs/promises')).readFile(f, 'utf8'));
    const greet = (await discoverEvalTree([dir], { readText })).suites.find((s) => s.label === 'Greeter')!;
    assert.equal(greet.cases[0]!.label, 'Greets Ada warmly');
  });

  it('gives the event loop a turn once a slice is used (sliceMs 0: after every file) and stops when aborted', async () => {
    let turns = 0;
    await discoverEvalTree([dir], { sliceMs: 0, yieldNow: async () => void turns++ });
    assert.equal(turns, 3);
    turns = 0;
    await discoverEvalTree([dir], { sliceMs: 60_000, yieldNow: async () => void turns++ });
    assert.equal(turns, 0, 'within one slice the files load back to back');
    const controller = new AbortController();
    controller.abort();
    const { suites } = await discoverEvalTree([dir], { signal: controller.signal });
    assert.equal(suites.length, 0);
  });

  it('never loads two files in the same turn of the event loop when each slice is one file', async () => {
    // The texts are read during the search, so nothing but the explicit yield separates two loads.
    let turn = 0;
    let running = true;
    const tick = () => {
      turn++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const turns: number[] = [];
    try {
      await discoverEvalTree([dir], { sliceMs: 0, onSuite: () => turns.push(turn) });
    } finally {
      running = false;
    }
    assert.equal(turns.length, 3);
    assert.equal(new Set(turns).size, 3, `loads in turns ${turns.join(', ')}`);
  });

  it('tells a single file apart: a suite kind, or none for a prompt file without cases', async () => {
    assert.equal(await suiteKindOf(file('prompts/greet.prompt.yml')), 'prompt-file');
    assert.equal(await suiteKindOf(file('prompts/plain.prompt.yml')), undefined);
    assert.equal(await suiteKindOf(file('notes/config.yaml')), undefined);
    const node: SuiteNode = await loadSuiteNode(file('promptfoo/promptfooconfig.yaml'), dir, 'promptfoo');
    assert.equal(node.cases.length, 1);
  });

  it('maps source locations to ranges; a prompt without a model gets the default-model leaf id', () => {
    assert.deepEqual(rangeOf({ file: 'f', line: 3, column: 5, endLine: 6, endColumn: 1 }), { startLine: 2, startCharacter: 4, endLine: 5, endCharacter: 0 });
    assert.deepEqual(rangeOf({ file: 'f', line: 1, column: 1 }), { startLine: 0, startCharacter: 0, endLine: 1, endCharacter: 0 });
    assert.equal(rangeOf(undefined), undefined);
    assert.equal(DEFAULT_MODEL, 'default model');
  });
});

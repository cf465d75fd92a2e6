import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { discoverSuites } from '../../../../src/core/evals/suites/discover';
import { loadSuite } from '../../../../src/core/evals/suites/loadSuite';
import { at, inputError, memoryFiles, only } from './helpers';

describe('loadSuite: dispatch', () => {
  it('reads promptfoo configs by name or by their keys, in YAML or JSON', async () => {
    const readText = memoryFiles({
      'a/promptfooconfig.yml': 'prompts: [hi]\nproviders: [openai:gpt-4o-mini]\n',
      'a/evals.yaml': 'prompts: [hi]\ntests: [{vars: {}}]\n',
      'a/promptfooconfig.json': '{"prompts": ["hi {{x}}"], "tests": [{"vars": {"x": 1}}]}',
    });
    for (const file of ['a/promptfooconfig.yml', 'a/evals.yaml', 'a/promptfooconfig.json']) {
      assert.equal((await loadSuite(file, { readText })).suite.kind, 'promptfoo', file);
    }
  });

  it('refuses a dataset or another file given as the suite, saying what to pass', async () => {
    const dataset = await inputError(loadSuite('data/rows.csv'));
    assert.match(only(dataset.diagnostics, 'dataset-without-prompt').message, /is a dataset; it needs a prompt\. Pass the prompt file .+ --dataset data\/rows\.csv/);
    const other = await inputError(loadSuite('notes.txt'));
    assert.match(only(other.diagnostics, 'unsupported-file').message, /not a suite Promptyard reads/);
  });

  it('throws InputError for a missing suite file, with the next step in its hint', async () => {
    const error = await inputError(loadSuite('nowhere/x.prompt.yml', { readText: memoryFiles({}) }));
    assert.equal(error.code, 'file-not-found');
    assert.equal(error.exitCode, 2);
    assert.match(error.format(), /Suite file nowhere\/x\.prompt\.yml does not exist.+ Fix the suite and run again\.$/);
  });

  it('carries every diagnostic in the InputError, the first error as its message', async () => {
    const text = 'prompts: [file://a.txt]\nproviders: [python:x.py]\ntests: [file://b.csv]\n';
    const error = await inputError(loadSuite('promptfooconfig.yaml', { readText: memoryFiles({ 'promptfooconfig.yaml': text }) }));
    assert.deepEqual(error.diagnostics.map((d) => d.code), ['file-not-found', 'unsupported-provider', 'file-not-found']);
    assert.equal(error.message, error.diagnostics[0]!.message);
    assert.deepEqual(error.location && [error.location.line, error.location.column], [1, 11]);
    assert.match(error.hint ?? '', /\(2 more errors\)/);
  });

  it('fails a strict load on a bad dataset record that a normal load skips', async () => {
    const files = memoryFiles({ 'p.prompt.yml': 'messages:\n  - {role: user, content: "{{q}}"}\ndatasets: [rows.jsonl]\n', 'rows.jsonl': '{"q": 1}\nnot json\n' });
    const loose = await loadSuite('p.prompt.yml', { readText: files });
    assert.equal(loose.suite.cases.length, 1);
    assert.equal(only(loose.diagnostics, 'dataset-invalid-json').severity, 'warning');
    const strict = await inputError(loadSuite('p.prompt.yml', { readText: files, strict: true }));
    assert.deepEqual(at(only(strict.diagnostics, 'dataset-invalid-json')), [2, 1]);
  });
});

describe('discoverSuites', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'promptyard-discover-'));
    const files: Record<string, string> = {
      'prompts/with-tests.prompt.yml': 'messages: [{role: user, content: hi}]\ntestData:\n  - a: 1\n',
      'prompts/with-datasets.prompt.yaml': 'messages: [{role: user, content: hi}]\ndatasets: [rows.jsonl]\n',
      'prompts/no-tests.prompt.yml': 'messages: [{role: user, content: hi}]\n',
      'prompts/ask.prompty': '---\nsample:\n  q: hi\n---\nuser:\n{{q}}\n',
      'prompts/plain.prompty': '---\nname: x\n---\nuser:\nhi\n',
      'prompts/.versions/with-tests/1.0.0.prompt.yml': 'messages: [{role: user, content: hi}]\ntestData:\n  - a: 1\n',
      'evals/promptfooconfig.yaml': 'prompts: [hi]\n',
      'evals/other.yml': 'prompts: [hi]\nproviders: [openai:gpt-4o]\n',
      'evals/not-a-suite.yaml': 'prompts: [hi]\n',
      'node_modules/pkg/promptfooconfig.yaml': 'prompts: [hi]\n',
      '.git/x.prompt.yml': 'testData: []\n',
      '.promptyard/runs/x/promptfooconfig.yaml': 'prompts: [hi]\n',
    };
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), text);
    }
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('finds prompt files with cases, .prompty files with a sample and promptfoo configs, skipping tool folders', async () => {
    const found = await discoverSuites(dir);
    assert.deepEqual(found.map((s) => [path.relative(dir, s.file), s.kind]), [
      ['evals/other.yml', 'promptfoo'],
      ['evals/promptfooconfig.yaml', 'promptfoo'],
      ['prompts/ask.prompty', 'prompty'],
      ['prompts/with-datasets.prompt.yaml', 'prompt-file'],
      ['prompts/with-tests.prompt.yml', 'prompt-file'],
    ]);
  });
});

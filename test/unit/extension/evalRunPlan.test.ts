// From picked Test Explorer items to runEval's suites and back: whole suites, single cases and model leaves,
// excludes, cases that run code held back in an untrusted workspace, "all models", and records mapped to
// the leaf that waits for them.
import assert from 'node:assert/strict';
import { parsePromptFile } from '../../../src/core/prompts/parse';
import type { CaseRecord, EvalCase, EvalSuite } from '../../../src/core/evals/types';
import { caseNodeId, suiteNode, targetNodeId, type SuiteNode } from '../../../src/extension/testing/evalTree';
import { pickNodes, planRun, UNTRUSTED_CODE_REASON, unitOf, type SuitePick } from '../../../src/extension/testing/runPlan';

const FILE = '/ws/greet.prompt.yml';
const FOO = '/ws/promptfooconfig.yaml';

function promptSuite(): EvalSuite {
  const { prompt } = parsePromptFile('id: greet\nmodel: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: hi {{n}}\n', FILE);
  const cases: EvalCase[] = [
    { id: 'a', vars: { n: 1 }, assert: [{ type: 'contains', value: 'hi' }] },
    { id: 'b', vars: { n: 2 }, assert: [{ type: 'javascript', value: 'true' }] },
    { id: 'c', vars: { n: 3 }, assert: [] },
  ];
  return { file: FILE, kind: 'prompt-file', prompts: [{ id: 'greet', sha256: 'x', prompt: prompt! }], models: [], cases, defaultAssert: [], options: {} };
}

function fooSuite(): EvalSuite {
  const p = (id: string) => ({ id, sha256: id, prompt: parsePromptFile(`id: ${id}\nmessages:\n  - role: user\n    content: ${id}\n`, FOO).prompt! });
  return {
    file: FOO,
    kind: 'promptfoo',
    prompts: [p('p1'), p('p2')],
    models: ['openai/m1', 'openai/m2'],
    cases: [{ id: 't1', vars: {}, assert: [] }, { id: 't2', vars: {}, assert: [] }],
    defaultAssert: [],
    options: { repeat: 2 },
  };
}

function record(over: Partial<CaseRecord>): CaseRecord {
  return { key: 'k', promptId: 'greet', modelId: 'openai/gpt-4o-mini', caseId: 'a', repeat: 0, promptSha256: 'x', suiteFile: FILE, vars: {}, pass: true, score: 1, results: [], cost: 0, cached: false, finishedAt: '', ...over };
}

describe('extension run plan: picked items to suites and records to leaves', () => {
  const greet = promptSuite();
  const foo = fooSuite();
  const nodes = new Map<string, SuiteNode>([
    [FILE, suiteNode(greet, '/ws')],
    [FOO, suiteNode(foo, '/ws')],
  ]);
  const suiteOf = (f: string) => nodes.get(f);
  const loaded = new Map<string, EvalSuite | string>([
    [FILE, greet],
    [FOO, foo],
  ]);

  it('picks whole suites, single cases and model leaves, minus what is excluded', () => {
    const greetNode = nodes.get(FILE)!;
    const fooNode = nodes.get(FOO)!;
    const picks = pickNodes([greetNode, fooNode.cases[0]!.targets[3]!], new Set([caseNodeId(FILE, 'c')]), suiteOf);
    assert.deepEqual([...picks.get(FILE)!.keys()], ['a', 'b']);
    assert.deepEqual([...(picks.get(FOO)!.get('t1') as Set<string>)], [targetNodeId(FOO, 't1', 'p2', 'openai/m2')]);
    const excludedLeaf = pickNodes([fooNode], new Set([fooNode.cases[1]!.targets[0]!.id]), suiteOf).get(FOO)!;
    assert.equal(excludedLeaf.get('t1'), 'all');
    assert.equal((excludedLeaf.get('t2') as Set<string>).size, 3);
  });

  it('keeps only the picked cases of each suite; in an untrusted workspace cases that run code are held with the reason', () => {
    const picks = new Map<string, SuitePick>([[FILE, new Map([['a', 'all'], ['b', 'all'], ['gone', 'all']])]]);
    const planned = planRun(picks, loaded, { mode: 'own', trusted: false });
    assert.deepEqual(planned.suites.map((s) => s.cases.map((c) => c.id)), [['a']]);
    assert.deepEqual(planned.held.map((h) => [h.nodeId, h.kind]), [[caseNodeId(FILE, 'b'), 'errored'], [caseNodeId(FILE, 'gone'), 'skipped']]);
    assert.equal(planned.held[0]!.reason, UNTRUSTED_CODE_REASON);
    assert.match(UNTRUSTED_CODE_REASON, /Trust the workspace/);
    const trusted = planRun(picks, loaded, { mode: 'own', trusted: true });
    assert.deepEqual(trusted.suites[0]!.cases.map((c) => c.id), ['a', 'b']);
    assert.deepEqual([...trusted.units.keys()], [caseNodeId(FILE, 'a'), caseNodeId(FILE, 'b')]);
    assert.equal(trusted.units.get(caseNodeId(FILE, 'a'))!.expected, 1);
  });

  it('runs the picked prompt × model leaves, each waiting for its repeats', () => {
    const picks = new Map<string, SuitePick>([[FOO, new Map([['t1', new Set([targetNodeId(FOO, 't1', 'p2', 'openai/m2')])]])]]);
    const planned = planRun(picks, loaded, { mode: 'own', trusted: true });
    const suite = planned.suites[0]!;
    assert.deepEqual(suite.prompts.map((p) => p.id), ['p2']);
    assert.deepEqual(suite.models, ['openai/m2']);
    assert.deepEqual([...planned.units.values()].map((u) => [u.nodeId, u.expected]), [[targetNodeId(FOO, 't1', 'p2', 'openai/m2'), 2]]);
    const whole = planRun(new Map([[FOO, new Map([['t2', 'all' as const]])]]), loaded, { mode: 'own', trusted: true });
    assert.equal(whole.units.size, 4, 'a leaf per prompt × model');
  });

  it('"all models" adds the configured models to each suite\'s own and waits per case', () => {
    const planned = planRun(new Map([[FILE, new Map([['a', 'all' as const]])]]), loaded, { mode: 'allModels', trusted: true, configuredModels: ['anthropic/claude-haiku-4-5', 'openai/gpt-4o-mini'] });
    assert.deepEqual(planned.suites[0]!.models, ['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5']);
    assert.equal(planned.units.get(caseNodeId(FILE, 'a'))!.expected, 2);
    const foos = planRun(new Map([[FOO, new Map([['t1', 'all' as const]])]]), loaded, { mode: 'allModels', trusted: true, configuredModels: ['openai/m3'] });
    assert.deepEqual(foos.suites[0]!.models, ['openai/m1', 'openai/m2', 'openai/m3']);
    assert.deepEqual([...foos.units.values()].map((u) => [u.nodeId, u.expected]), [[caseNodeId(FOO, 't1'), 2 * 3 * 2]]);
  });

  it('a suite that no longer loads holds its picked cases with the reason', () => {
    const planned = planRun(new Map([[FILE, new Map([['a', 'all' as const]])]]), new Map([[FILE, 'Cannot load greet.prompt.yml: line 2: bad']]), { mode: 'own', trusted: true });
    assert.equal(planned.suites.length, 0);
    assert.deepEqual(planned.held, [{ nodeId: caseNodeId(FILE, 'a'), suite: FILE, reason: 'Cannot load greet.prompt.yml: line 2: bad', kind: 'errored' }]);
  });

  it('maps a record to its model leaf, else its case', () => {
    const planned = planRun(new Map([[FOO, new Map([['t1', 'all' as const]])], [FILE, new Map([['a', 'all' as const]])]]), loaded, { mode: 'own', trusted: true });
    assert.equal(unitOf(record({ suiteFile: FOO, caseId: 't1', promptId: 'p1', modelId: 'openai/m2' }), planned.units)!.nodeId, targetNodeId(FOO, 't1', 'p1', 'openai/m2'));
    assert.equal(unitOf(record({}), planned.units)!.nodeId, caseNodeId(FILE, 'a'));
    assert.equal(unitOf(record({ caseId: 'zz' }), planned.units), undefined);
  });
});

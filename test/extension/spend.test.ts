// Spend in the extension host, against the test LLM server started here standing in for OpenAI (priced
// models, through OPENAI_BASE_URL and OPENAI_API_KEY in the extension host's environment): the status bar's
// tokens and cost of playground and eval runs, the monthly budget's warnings at 80% and past 100%, the question
// before an eval run that would pass the budget, and the estimated cost shown before a run above
// promptyard.evals.confirmAboveUsd.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatTokens, formatUsd } from '../../src/extension/spend/budget';
import type { EvalTestingHooks, TestingHooks } from '../../src/extension/testingHooks';
import { startLlmServer, type LlmServer } from '../support/llmServer';
import { activated, FakeWebview, stubWindow, waitUntil } from './support/harness';

const config = () => vscode.workspace.getConfiguration('promptyard');
const MODEL = 'openai/gpt-4o';
const PRICED = `name: Priced
model: ${MODEL}
messages:
  - role: user
    content: "Name a fruit that starts with {{letter}}. [[reply: {{fruit}}]]"
testData:
  - id: apple
    letter: a
    fruit: apple
    assert:
      - type: equals
        value: apple
  - id: banana
    letter: b
    fruit: banana
    assert:
      - type: equals
        value: banana
`;

async function setting(key: string, value: unknown): Promise<void> {
  await config().update(key, value, vscode.ConfigurationTarget.Global);
  await waitUntil(() => JSON.stringify(config().get(key)) === JSON.stringify(value ?? config().inspect(key)?.defaultValue), `${key} to be ${String(value)}`);
}

interface Asked {
  message: string;
  modal: boolean;
  detail?: string;
  items: string[];
}

/** Records every warning; a modal question is answered with `answer` (undefined: dismissed). */
function recordWarnings(answer?: string): { asked: Asked[]; restore(): void } {
  const asked: Asked[] = [];
  const stub = stubWindow({
    showWarningMessage: async (message: string, ...rest: unknown[]) => {
      const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as vscode.MessageOptions) : undefined;
      const items = rest.filter((r): r is string => typeof r === 'string');
      const entry: Asked = { message, modal: options?.modal === true, items };
      if (options?.detail) entry.detail = options.detail;
      asked.push(entry);
      return entry.modal ? answer : undefined;
    },
  });
  return { asked, restore: stub.restore };
}

describe('spend: status bar, monthly budget and estimated cost', function () {
  this.timeout(60_000);
  let server: LlmServer;
  let hooks: TestingHooks;
  let evals: EvalTestingHooks;
  let folder: string;
  let priced: string;
  const saved = { base: process.env.OPENAI_BASE_URL, key: process.env.OPENAI_API_KEY };
  const webviews: FakeWebview[] = [];

  const playgroundCall = async () => {
    const w = new FakeWebview().attach(hooks);
    webviews.push(w);
    const draft = { messages: [{ role: 'user', content: 'Say hi. [[reply: Hi there, friend!]]' }], variables: {}, modelIds: [MODEL], parameters: {} };
    const { runId } = await w.request<{ runId: string }>('run/start', { draft });
    const done = await w.waitFor(() => w.notifications('run/done').find((d) => d.runId === runId));
    return done.result;
  };
  const calls = () => (evals.spend().today.playground?.calls ?? 0) + (evals.spend().today.evals?.calls ?? 0);

  before(async () => {
    ({ hooks } = await activated());
    evals = hooks.evals();
    server = await startLlmServer();
    process.env.OPENAI_BASE_URL = server.openaiBaseURL;
    process.env.OPENAI_API_KEY = 'sk-test-spend-0000';
    // A settings change rebuilds the providers, which read the environment again.
    await setting('requests.maxRetries', 1);
    await setting('budget.monthlyUsd', 0);
    await setting('evals.confirmAboveUsd', 100);
    folder = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'spend');
    priced = path.join(folder, 'priced.prompt.yml');
    mkdirSync(folder, { recursive: true });
    writeFileSync(priced, PRICED);
    await waitUntil(async () => (await evals.tree()).some((s) => s.id === priced), 'the priced suite in the tree', 15_000);
    await evals.resetSpend();
  });
  after(async () => {
    for (const w of webviews) w.dispose();
    rmSync(folder, { recursive: true, force: true });
    for (const [name, value] of [['OPENAI_BASE_URL', saved.base], ['OPENAI_API_KEY', saved.key]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await setting('budget.monthlyUsd', undefined);
    await setting('evals.confirmAboveUsd', undefined);
    await setting('requests.maxRetries', undefined);
    await evals.resetSpend();
    await server.close();
  });
  beforeEach(() => server.reset());

  it('shows today\'s tokens and cost of playground and eval runs in the status bar', async () => {
    assert.equal(evals.spend().text, '$(pulse) 0 tok · $0.00');
    const result = await playgroundCall();
    assert.ok(result.cost !== undefined && result.cost > 0, 'gpt-4o has a price');
    await waitUntil(() => calls() === 1, 'the playground call in the ledger');
    const afterPlayground = evals.spend();
    assert.deepEqual(afterPlayground.today.playground, { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens, usd: result.cost, calls: 1 });
    assert.equal(afterPlayground.text, `$(pulse) ${formatTokens(result.usage.inputTokens + result.usage.outputTokens)} tok · ${formatUsd(result.cost)}`);

    const log = await evals.run([priced], 'noCache');
    assert.deepEqual([...log.results.values()].map((r) => r.state), ['passed', 'passed']);
    assert.equal(server.chatRequests().length, 3);
    await waitUntil(() => calls() === 3, 'the eval calls in the ledger');
    const { today, text, monthUsd } = evals.spend();
    assert.equal(today.evals!.calls, 2);
    assert.ok(today.evals!.usd > 0 && today.evals!.inputTokens > 0);
    const tokens = today.playground!.inputTokens + today.playground!.outputTokens + today.evals!.inputTokens + today.evals!.outputTokens;
    assert.equal(text, `$(pulse) ${formatTokens(tokens)} tok · ${formatUsd(today.playground!.usd + today.evals!.usd)}`);
    assert.ok(Math.abs(monthUsd - (today.playground!.usd + today.evals!.usd)) < 1e-12);

    const infos: string[] = [];
    const stub = stubWindow({ showInformationMessage: async (m: string) => void infos.push(m) });
    try {
      await vscode.commands.executeCommand('promptyard.showSpend');
    } finally {
      stub.restore();
    }
    assert.match(infos[0]!, /Playground today: .* \(1 call\)\. Evals today: .* \(2 calls\)\. This month: <?\$0\.\d+ \(no monthly budget set\)\./);
  });

  it('warns when the month reaches 80% of the budget, once, and again past 100%', async () => {
    const warnings = recordWarnings();
    try {
      const perCall = evals.spend().today.playground!.usd;
      // After one more call of the same size the month is at 90% of this budget.
      await setting('budget.monthlyUsd', (evals.spend().monthUsd + perCall) / 0.9);
      const before = calls();
      await playgroundCall();
      await waitUntil(() => warnings.asked.length === 1, 'the 80% warning');
      assert.match(warnings.asked[0]!.message, /spent this month, 90% of your monthly budget of \$/);
      assert.equal(warnings.asked[0]!.modal, false);
      assert.deepEqual(warnings.asked[0]!.items, ['Show Spend']);

      // Just under 100% again: no second 80% warning this month.
      await setting('budget.monthlyUsd', (evals.spend().monthUsd + perCall) / 0.95);
      await playgroundCall();
      await waitUntil(() => calls() === before + 2, 'the second call in the ledger');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(warnings.asked.length, 1);

      await setting('budget.monthlyUsd', evals.spend().monthUsd + perCall / 2);
      await playgroundCall();
      await waitUntil(() => warnings.asked.length === 2, 'the 100% warning');
      assert.match(warnings.asked[1]!.message, /past your monthly budget of \$.*Eval runs will ask before they start/);
    } finally {
      warnings.restore();
    }
  });

  it('asks before an eval run that would pass the budget: declined, nothing is sent and no run is kept', async () => {
    await setting('budget.monthlyUsd', evals.spend().monthUsd + 1e-7);
    const declined = recordWarnings(undefined);
    let log;
    try {
      log = await evals.run([priced], 'noCache');
    } finally {
      declined.restore();
    }
    const modal = declined.asked.filter((a) => a.modal);
    assert.equal(modal.length, 1);
    assert.match(modal[0]!.message, /^This eval run would pass your monthly budget of \$[\d.]+: 2 model calls, estimated at <?\$0\.\d+, with <?\$0\.\d+ already spent this month\.$/);
    assert.deepEqual(modal[0]!.items, ['Run Anyway']);
    assert.equal(server.chatRequests().length, 0, 'nothing sent');
    assert.deepEqual([...log.results.values()].map((r) => r.state), ['skipped', 'skipped']);
    assert.ok(log.output.includes('Not run: the estimated cost was not confirmed.'));
    const workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    assert.equal(existsSync(path.join(workspace, '.promptyard/runs', log.runIds[0]!)), false, 'the declined run is not kept');

    const confirmed = recordWarnings('Run Anyway');
    try {
      log = await evals.run([priced], 'noCache');
    } finally {
      confirmed.restore();
    }
    assert.equal(confirmed.asked.filter((a) => a.modal).length, 1);
    assert.equal(server.chatRequests().length, 2);
    assert.deepEqual([...log.results.values()].map((r) => r.state), ['passed', 'passed']);
  });

  it('shows the estimated cost before an eval run above promptyard.evals.confirmAboveUsd', async () => {
    await setting('budget.monthlyUsd', 0);
    await setting('evals.confirmAboveUsd', 0);
    const declined = recordWarnings(undefined);
    try {
      await evals.run([priced], 'noCache');
    } finally {
      declined.restore();
    }
    const [question] = declined.asked.filter((a) => a.modal);
    assert.match(question!.message, /^Run 2 model calls, estimated at <?\$0\.\d+\?$/);
    assert.match(question!.detail!, /above \$0\.00 \("promptyard\.evals\.confirmAboveUsd"\)/);
    assert.equal(server.chatRequests().length, 0);

    await setting('evals.confirmAboveUsd', 100);
    const quiet = recordWarnings(undefined);
    try {
      const log = await evals.run([priced], 'noCache');
      assert.deepEqual([...log.results.values()].map((r) => r.state), ['passed', 'passed']);
      assert.match(log.output[0]!, /^Eval run \S+: 2 cases on openai\/gpt-4o, estimated <?\$0\.\d+$/, 'the estimate comes first in the run output');
    } finally {
      quiet.restore();
    }
    assert.equal(quiet.asked.length, 0, 'below the threshold: no question');
    assert.equal(server.chatRequests().length, 2);
  });
});

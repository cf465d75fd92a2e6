// Model-graded assertions through the real SDK clients against the test LLM server: graders on OpenAI,
// Anthropic and an OpenAI-compatible endpoint (Ollama's), verdicts scripted with `[[reply: …]]` in the
// rubric, embeddings from the server. Each family passes once and fails once, for the right reason.
import assert from 'node:assert/strict';
import { evaluateAssertion } from '../../../../src/core/evals/assertions/evaluate';
import { selectBest } from '../../../../src/core/evals/assertions/selectBest';
import { createGrader } from '../../../../src/core/evals/grading/grader';
import type { AssertionContext, AssertionSpec, GradingResult } from '../../../../src/core/evals/types';
import { defaultConfig } from '../../../../src/core/config';
import type { SecretStore } from '../../../../src/core/ports';
import { createProviderRegistry, type ProviderRegistry } from '../../../../src/core/providers/registry';
import { startLlmServer, type LlmServer } from '../../../support/llmServer';

const OPENAI = 'openai/gpt-4o-mini';
const ANTHROPIC = 'anthropic/claude-haiku-4-5';
const OLLAMA = 'ollama/llama3.2';

function memorySecrets(values: Record<string, string>): SecretStore {
  return {
    get: async (name) => values[name],
    set: async (name, value) => void (values[name] = value),
    delete: async (name) => delete values[name],
  };
}

const reply = (verdict: unknown) => `[[reply: ${typeof verdict === 'string' ? verdict : JSON.stringify(verdict)}]]`;

describe('model-graded assertions over HTTP', function () {
  this.timeout(30_000);
  let server: LlmServer;
  let registry: ProviderRegistry;

  before(async () => {
    server = await startLlmServer();
    const config = defaultConfig();
    config.requests = { maxRetries: 0, timeoutMs: 5000, deadlineMs: 10_000 };
    registry = createProviderRegistry({
      config,
      secrets: memorySecrets({ openai: 'sk-test-openai-0123456789', anthropic: 'sk-ant-test-0123456789' }),
      env: { OPENAI_BASE_URL: server.openaiBaseURL, ANTHROPIC_BASE_URL: server.anthropicBaseURL, OLLAMA_HOST: `127.0.0.1:${server.port}` },
    });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  function grade(spec: AssertionSpec, output: string, graderModel = OPENAI, extra: Partial<AssertionContext> = {}): Promise<GradingResult> {
    const grader = createGrader({ registry, defaultModelId: graderModel });
    const ctx: AssertionContext = {
      output,
      vars: {},
      messages: [{ role: 'user', content: 'What is the capital of France?' }],
      grader,
      allowCode: false,
      baseDir: process.cwd(),
      ...extra,
    };
    return evaluateAssertion(spec, ctx);
  }

  const lastRequest = () => server.chatRequests().at(-1)!;

  describe('llm-rubric', () => {
    it('an OpenAI grader passes the output, asked for JSON, and the grading is priced', async () => {
      const r = await grade({ type: 'llm-rubric', value: `Names the capital ${reply({ reason: 'It names Paris.', pass: true, score: 1 })}` }, 'Paris.');
      assert.equal(r.pass, true, r.reason);
      assert.match(r.reason, /It names Paris\./);
      const sent = lastRequest();
      assert.equal(sent.path, '/v1/chat/completions');
      assert.equal((sent.body as { response_format?: { type: string } }).response_format?.type, 'json_schema');
      assert.ok(r.gradingUsage && r.gradingUsage.inputTokens > 0, 'grading tokens recorded');
      assert.ok((r.gradingCost ?? 0) > 0, 'grading priced from the catalog');
    });

    it('an Anthropic grader fails the output with its reason', async () => {
      const r = await grade({ type: 'llm-rubric', value: `Is polite ${reply({ reason: 'The reply is rude.', pass: false, score: 0.1 })}` }, 'Go away.', ANTHROPIC);
      assert.equal(r.pass, false);
      assert.match(r.reason, /failed the output \(score 0\.1\): The reply is rude\./);
      assert.equal(lastRequest().path, '/v1/messages');
      assert.ok((lastRequest().body as { output_config?: unknown }).output_config, 'asked Anthropic for structured output');
    });

    it('an OpenAI-compatible grader (Ollama) grades too, at no cost', async () => {
      const r = await grade({ type: 'llm-rubric', value: `Answers in one word ${reply({ reason: 'One word.', pass: true, score: 1 })}` }, 'Paris', OLLAMA);
      assert.equal(r.pass, true, r.reason);
      assert.equal(lastRequest().model, 'llama3.2');
      assert.equal(r.gradingCost, 0);
    });

    it("a grader's garbled reply is an errored failure", async () => {
      const r = await grade({ type: 'not-llm-rubric', value: `x ${reply('I like it')}` }, 'y');
      assert.equal(r.pass, false);
      assert.equal(r.errored, true);
      assert.match(r.reason, /did not reply with a \{ pass, score, reason \} verdict: "I like it"/);
    });
  });

  describe('factuality', () => {
    it('passes category C from an Anthropic grader', async () => {
      const r = await grade({ type: 'factuality', value: `Paris ${reply({ category: 'C', reason: 'Both say Paris.' })}` }, 'Paris', ANTHROPIC);
      assert.equal(r.pass, true, r.reason);
      assert.match(r.reason, /Category C/);
    });
    it('fails category D from an OpenAI grader', async () => {
      const r = await grade({ type: 'factuality', value: `Paris ${reply({ category: 'D', reason: 'Lyon is not Paris.' })}` }, 'Lyon');
      assert.equal(r.pass, false);
      assert.match(r.reason, /Category D: the submitted answer disagrees with the reference answer \(Lyon is not Paris\.\)/);
    });
  });

  describe('model-graded-closedqa', () => {
    it('passes on Y and fails on N', async () => {
      const yes = await grade({ type: 'model-graded-closedqa', value: `names a city ${reply('Paris is a city.\nY')}` }, 'Paris', ANTHROPIC);
      assert.equal(yes.pass, true, yes.reason);
      const no = await grade({ type: 'model-graded-closedqa', value: `names a city ${reply('Blue is a colour.\nN')}` }, 'Blue');
      assert.equal(no.pass, false);
      assert.match(no.reason, /does not meet the criterion/);
    });
  });

  describe('g-eval', () => {
    it('two calls (steps, then score): 9/10 passes and 3/10 fails', async () => {
      const good = await grade({ type: 'g-eval', value: `Is concise ${reply({ steps: ['Check the length'], score: 9, reason: 'Short.' })}` }, 'Paris.');
      assert.equal(good.pass, true, good.reason);
      assert.equal(server.chatRequests().length, 2);
      const bad = await grade({ type: 'g-eval', value: `Is concise ${reply({ steps: ['Check the length'], score: 3, reason: 'Rambles.' })}` }, 'Well, ...', ANTHROPIC);
      assert.equal(bad.pass, false);
      assert.match(bad.reason, /G-Eval score 0\.3 is below the threshold 0\.7: Rambles\./);
    });
  });

  describe('similar', () => {
    it('embeds through the OpenAI embeddings endpoint: the same text passes, another fails', async () => {
      const same = await grade({ type: 'similar', value: 'The capital of France is Paris.' }, 'The capital of France is Paris.');
      assert.equal(same.pass, true, same.reason);
      assert.equal(server.requests.at(-1)!.path, '/v1/embeddings');
      assert.equal(server.requests.at(-1)!.model, 'text-embedding-3-small');
      const other = await grade({ type: 'similar', value: 'Bananas are yellow.', provider: 'openai/text-embedding-3-large' }, 'The capital of France is Paris.');
      assert.equal(other.pass, false);
      assert.match(other.reason, /to "Bananas are yellow\." is below the threshold 0\.75/);
      assert.equal(server.requests.at(-1)!.model, 'text-embedding-3-large');
    });
    it('an Anthropic grader without an embedding model says what to set', async () => {
      const r = await grade({ type: 'similar', value: 'Paris' }, 'Paris', ANTHROPIC);
      assert.equal(r.errored, true);
      assert.match(r.reason, /no embedding model is set for grading/);
    });
  });

  describe('answer-relevance', () => {
    it('questions the output answers, compared by embeddings with the real question', async () => {
      const on = await grade({ type: 'answer-relevance', threshold: 0.9 }, `Paris. ${reply({ questions: ['What is the capital of France?'] })}`);
      assert.equal(on.pass, true, on.reason);
      const off = await grade({ type: 'answer-relevance', threshold: 0.9 }, `Blue. ${reply({ questions: ['What colour is the sky on a clear day?'] })}`);
      assert.equal(off.pass, false);
      assert.match(off.reason, /is below the threshold 0\.9: .*"What colour is the sky on a clear day\?", asked was "What is the capital of France\?"/);
    });
  });

  describe('select-best', () => {
    it('the output the grader picks passes, the others fail', async () => {
      const grader = createGrader({ registry, defaultModelId: ANTHROPIC });
      const ctx: AssertionContext = { output: '', vars: {}, messages: [], grader, allowCode: false, baseDir: process.cwd() };
      const results = await selectBest(['Paris is the capital of France.', 'Paris.'], { type: 'select-best', value: `most concise ${reply({ best: 2, reason: 'Shorter.' })}` }, ctx);
      assert.deepEqual(results.map((r) => r.pass), [false, true]);
      assert.match(results[1]!.reason, /picked this output \(2 of 2\)/);
      assert.equal(grader.totals().calls, 1);
    });
  });
});

// Suites of all three formats (test/fixtures/evals/formats) loaded as `promptyard eval` loads them and run
// with runEval through the real SDKs against the test LLM server: a promptfoo config on Anthropic and an
// OpenAI-compatible endpoint, a GitHub Models prompt file on OpenAI, a .prompty on its sample and on a CSV
// dataset. Every assertion family and modifier has a case that passes and one that fails, each checked for
// its verdict and for a reason that names what was expected.
import assert from 'node:assert/strict';
import type { CaseRecord } from '../../../src/core/evals/types';
import { ANSWER_DELAY_MS, expectVerdict, maxInFlight, recordsOf, resultOf, startFormatsBench, type FormatsBench } from './formatsSupport';

const HAIKU = 'anthropic/claude-haiku-4-5';
const COMPATIBLE = 'groq/llama-3.1-8b-instant';

/** [family, the assertion's type as written, reason when it passes, reason when it fails]. */
const PROMPTFOO_FAMILIES: Array<[string, string, RegExp, RegExp]> = [
  ['equals', 'equals', /^Output equals "Paris"/, /^Output does not equal "London"; got "Paris"/],
  ['contains', 'contains', /^Output contains "Paris"/, /^Output does not contain "Berlin"; got /],
  ['icontains', 'icontains', /contains "PARIS" \(ignoring case\)/, /does not contain "BERLIN" \(ignoring case\)/],
  ['contains-any', 'contains-any', /contains "Paris", one of 2 expected texts/, /contains none of "Berlin" and "Rome"/],
  ['contains-all', 'contains-all', /contains all 2 expected texts/, /is missing "Berlin" \(1 of 2 found\)/],
  ['icontains-any', 'icontains-any', /contains "PARIS" \(ignoring case\), one of 2/, /none of "rome" and "madrid" \(ignoring case\)/],
  ['icontains-all', 'icontains-all', /all 2 expected texts \(ignoring case\)/, /is missing "madrid" \(ignoring case\)/],
  ['starts-with', 'starts-with', /starts with "The capital"/, /does not start with "Paris"/],
  ['regex', 'regex', /matches \/capital of \\w\+ is P\/ at "capital of France is P"/, /does not match \/\^\\d\+\$\//],
  ['is-json', 'is-json', /valid JSON and matches the schema/, /does not match the schema: output must have required property 'country'/],
  ['contains-json', 'contains-json', /contains JSON that matches the schema: \{"city":"Paris"\}/, /contains no JSON object or array/],
  ['is-xml', 'is-xml', /well-formed XML with root <city> and the required elements/, /not well-formed XML: <\/city> closes <name>/],
  ['contains-xml', 'contains-xml', /contains well-formed XML: <city>/, /contains no XML element/],
  ['is-sql', 'is-sql', /^Output is SQL: 1 statement/, /not valid SQL: a dangling comma before "FROM"/],
  ['levenshtein', 'levenshtein', /distance 1 to "Pariss" is within 2/, /distance to "London" is more than 2/],
  ['rouge-n', 'rouge-n', /ROUGE-1 score 1 against "the cat sat on the mat" reaches 0\.75/, /ROUGE-1 score 0 against "a dog ran in a park" is below 0\.75/],
  ['bleu', 'bleu', /BLEU score 1 against "the quick brown fox.*" reaches/, /BLEU score 0 against "a slow green turtle.*" is below/],
  ['word-count', 'word-count', /has 5 words, as expected/, /has 5 words; expected at least 10/],
  ['latency', 'latency', /^Latency [\d.]+ ms is within 10000 ms/, /^Latency [\d.]+ ms is over the 10 ms threshold/],
  ['javascript', 'javascript', /javascript returned true: "output === 'Paris'/, /javascript returned false: "output\.length > 100"/],
  ['llm-rubric', 'llm-rubric', /grader passed the output \(score 1\): It names Paris\./, /grader failed the output \(score 0\.1\): The answer is in English\./],
  ['factuality', 'factuality', /^Category C: .*same details.*\(Both say Paris\.\)/, /^Category D: the submitted answer disagrees with the reference answer \(Paris is not Lyon\.\)/],
  ['model-graded-closedqa', 'model-graded-closedqa', /meets the criterion "Names a city\./, /does not meet the criterion "Names a river\./],
  ['g-eval', 'g-eval', /G-Eval score 0\.9 reaches the threshold 0\.7: One short sentence\./, /G-Eval score 0\.2 is below the threshold 0\.7: It is English\./],
  ['answer-relevance', 'answer-relevance', /Relevance 1 reaches the threshold 0\.9: .*asked was "What is the capital of France\?"/, /is below the threshold 0\.9: the output answers questions like "What colour is the sky on a clear day\?", asked was "What is the capital of France\?"/],
  ['similar', 'similar', /Similarity 1 to "The capital of France is Paris\." reaches the threshold 0\.75/, /to "Bananas are yellow\." is below the threshold 0\.75/],
  ['not-', 'not-contains', /not-contains passes because the contains check failed: Output does not contain "Berlin"/, /not-contains fails because the contains check passed: Output contains "Paris"/],
  ['metric', 'accuracy', /Output equals "Paris"/, /Output does not equal "Rome"/],
  ['transform', 'equals', /Output equals "PARIS"/, /Output does not equal "PARIS"; got "paris"/],
  ['assert-set', 'assert-set', /^assert-set: All 2 assertions passed/, /^assert-set: 1 of 2 assertions failed; contains: Output does not contain "Berlin"/],
];

describe('suite formats × assertion families, through the real SDKs', function () {
  this.timeout(60_000);
  let bench: FormatsBench;

  before(async () => (bench = await startFormatsBench()));
  after(() => bench.close());

  describe('promptfooconfig.yaml: prompts, providers, tests, defaultTest, vars, assert, evaluateOptions', () => {
    let records: CaseRecord[];
    before(async () => {
      bench.server.reset();
      const run = await bench.run('promptfooconfig.yaml');
      assert.equal(run.meta.status, 'complete');
      records = run.records;
    });

    it('runs every test on both providers: Anthropic Messages and the endpoint mapped from the config, over their SDKs', () => {
      const tests = new Set(records.map((r) => r.caseId));
      assert.equal(records.length, tests.size * 2);
      assert.deepEqual([...new Set(records.map((r) => r.modelId))].sort(), [HAIKU, COMPATIBLE]);
      const chats = bench.server.chatRequests();
      const anthropic = chats.filter((r) => r.path === '/v1/messages');
      const compatible = chats.filter((r) => r.model === 'llama-3.1-8b-instant');
      assert.equal(anthropic.length, tests.size);
      assert.equal(compatible.length, tests.size);
      assert.ok(anthropic.every((r) => /^Anthropic\/JS/.test(r.headers['user-agent'] ?? '') && (r.body as { max_tokens?: number }).max_tokens === 200));
      assert.ok(compatible.every((r) => r.path === '/v1/chat/completions' && /^OpenAI\/JS/.test(r.headers['user-agent'] ?? '')));
      // defaultTest: its variable renders into every prompt, its assertion runs on every case, its grader grades.
      assert.ok([...anthropic, ...compatible].every((r) => JSON.stringify(r.body).includes('Answer in one sentence.')));
      for (const r of records) assert.equal(resultOf(r, 'not-icontains').pass, true);
      const graded = chats.filter((r) => r.model === 'gpt-4o-mini');
      assert.ok(graded.length > 0 && graded.every((r) => r.path === '/v1/chat/completions'));
      assert.ok(bench.server.requests.some((r) => r.path === '/v1/embeddings' && r.model === 'text-embedding-3-small'));
      // evaluateOptions.maxConcurrency: 4 calls in flight per provider, no more.
      assert.equal(maxInFlight(anthropic), 4);
      assert.equal(maxInFlight(compatible), 4);
    });

    for (const [family, assertion, passReason, failReason] of PROMPTFOO_FAMILIES) {
      it(`${family}: one case passes, one fails for the right reason`, () => {
        expectVerdict(recordsOf(records, `${family} passes`, 2), assertion, true, passReason);
        expectVerdict(recordsOf(records, `${family} fails`, 2), assertion, false, failReason);
      });
    }

    it('is-sql with allowedTables fails on a table it does not allow', () => {
      expectVerdict(recordsOf(records, 'is-sql fails on tables', 2), 'is-sql', false, /uses table cities, not in the allowed countries/);
    });

    it('metric: the result carries its metric name', () => {
      for (const r of [...recordsOf(records, 'metric passes', 2), ...recordsOf(records, 'metric fails', 2)]) assert.equal(resultOf(r, 'equals').metric, 'accuracy');
    });

    it('transform: the assertion sees the transformed output, the record keeps the model\'s', () => {
      for (const r of recordsOf(records, 'transform fails', 2)) assert.equal(r.output, 'Paris');
    });

    it('select-best: the grader picks output 1 of the group, the first provider in plan order; the other fails', () => {
      const [haiku, compatible] = [HAIKU, COMPATIBLE].map((m) => recordsOf(records, 'select-best picks haiku', 2).find((r) => r.modelId === m)!);
      expectVerdict([haiku!], 'select-best', true, /The grader picked this output \(1 of 2\) as the best for "the most concise answer.*": Shorter\./);
      expectVerdict([compatible!], 'select-best', false, /The grader picked output 1 of 2, not this one, as the best/);
    });

    it('threshold: a test passes on its weighted score (2 of 3 assertions, 0.67) at 0.6 and fails at 0.9', () => {
      for (const [description, pass] of [['threshold passes', true], ['threshold fails', false]] as const) {
        for (const r of recordsOf(records, description, 2)) {
          assert.equal(r.pass, pass, description);
          assert.ok(Math.abs(r.score - 2 / 3) < 1e-9, `${description}: score ${r.score}`);
          assert.match(r.results.find((x) => !x.pass)!.reason, /does not contain "Berlin"/);
        }
      }
    });

    it('weight: weights make the score (0.8 passes 0.75, 0.4 does not); weight 0 is reported, not counted', () => {
      for (const r of recordsOf(records, 'weight passes', 2)) {
        assert.equal(r.pass, true);
        assert.ok(Math.abs(r.score - 0.8) < 1e-9, `score ${r.score}`);
        assert.equal(r.results.length, 4, 'the weight-0 result is kept');
        assert.match(r.results[3]!.reason, /does not contain "Rome"/);
      }
      for (const r of recordsOf(records, 'weight fails', 2)) {
        assert.equal(r.pass, false);
        assert.ok(Math.abs(r.score - 0.4) < 1e-9, `score ${r.score}`);
      }
    });
  });

  describe('checks.prompt.yml: testData, GitHub Models evaluators and assert rows on OpenAI', () => {
    let records: CaseRecord[];
    const row = (id: string) => {
      const found = records.find((r) => r.caseId === id);
      assert.ok(found, id);
      return found;
    };
    before(async () => {
      bench.server.reset();
      records = (await bench.run('checks.prompt.yml')).records;
    });

    it('runs every row through the OpenAI SDK with the prompt\'s tools', () => {
      assert.equal(records.length, 8);
      const calls = bench.server.chatRequests().filter((r) => JSON.stringify(r.body).includes('You answer questions about cities.'));
      assert.equal(calls.length, 8);
      for (const r of calls) {
        assert.equal(r.path, '/v1/chat/completions');
        assert.match(r.headers['user-agent'] ?? '', /^OpenAI\/JS/);
        assert.equal((r.body as { tools?: Array<{ function: { name: string } }> }).tools?.[0]?.function.name, 'get_weather');
      }
    });

    it('gh-string, gh-llm and gh-builtin evaluators: all pass on one row, all fail on another', () => {
      expectVerdict([row('evaluators-pass')], 'Mentions the keyword', true, /Output does contain "PARIS" \(ignoring case\)/);
      expectVerdict([row('evaluators-pass')], 'Judge agrees', true, /The grader chose "Yes" \(score 1\), reaching the best choice's 1/);
      expectVerdict([row('evaluators-pass')], 'Similar to the reference', true, /github\/similarity rated 5 of 5 \(score 1\), reaching the threshold 0\.5: Both say Paris\./);
      expectVerdict([row('evaluators-fail')], 'Mentions the keyword', false, /Output does not contain "Paris" \(ignoring case\); got "The capital of France is Lyon\."/);
      expectVerdict([row('evaluators-fail')], 'Judge agrees', false, /The grader chose "No" \(score 0\), below the best choice's 1/);
      expectVerdict([row('evaluators-fail')], 'Similar to the reference', false, /rated 1 of 5 \(score 0\), below the threshold 0\.5: Lyon is not Paris\./);
      assert.deepEqual(row('evaluators-pass').results.map((r) => r.assertion), ['gh-string', 'gh-llm', 'gh-builtin']);
    });

    it('cost: priced from the catalog, within one threshold and over another', () => {
      expectVerdict([row('cost-pass')], 'cost', true, /^Cost \$[\d.e-]+ is within \$0\.0100/);
      expectVerdict([row('cost-fail')], 'cost', false, /^Cost \$[\d.e-]+ is over the \$1\.00e-7 threshold \(\d+ input \+ \d+ output tokens\)/);
    });

    it('finish-reason: stop, then a reply cut at maxTokens that stops with length', () => {
      expectVerdict([row('finish-reason-pass')], 'finish-reason', true, /stopped with finish reason stop\./);
      expectVerdict([row('finish-reason-fail')], 'finish-reason', false, /stopped with finish reason length; expected stop/);
      assert.equal(row('finish-reason-fail').output!.split(/\s+/).length, 40);
    });

    it('is-valid-openai-tools-call: the model\'s call matches the prompt\'s tools, not stricter ones', () => {
      expectVerdict([row('tools-call-pass')], 'is-valid-openai-tools-call', true, /The tool call \(get_weather\) matches the tools' schemas/);
      expectVerdict([row('tools-call-fail')], 'is-valid-openai-tools-call', false, /arguments of get_weather do not match its parameters: arguments must have required property 'unit'/);
    });
  });

  describe('answer.prompty: its sample, or a CSV dataset in its place', () => {
    it('runs the sample inputs as its one case', async () => {
      const { records } = await bench.run('answer.prompty');
      assert.equal(records.length, 1);
      const [sample] = records;
      assert.equal(sample!.caseId, 'sample');
      assert.equal(sample!.modelId, 'openai/gpt-4o-mini');
      assert.equal(sample!.output, 'The capital of France is Paris.');
      assert.equal(sample!.pass, true);
    });

    it('runs the dataset\'s rows instead, with their __expected assertions', async () => {
      const { records } = await bench.run('answer.prompty', ['answer-cases.csv']);
      assert.deepEqual(records.map((r) => r.caseId).sort(), ['answer-cases.csv:2', 'answer-cases.csv:3', 'answer-cases.csv:4', 'answer-cases.csv:5']);
      expectVerdict(recordsOf(records, 'csv shorthands pass', 1), 'icontains', true, /contains "paris" \(ignoring case\)/);
      expectVerdict(recordsOf(records, 'csv shorthands fail', 1), 'icontains', false, /does not contain "berlin" \(ignoring case\)/);
      expectVerdict(recordsOf(records, 'csv shorthands fail', 1), 'not-regex', false, /not-regex fails because the regex check passed: Output matches \/\^The capital\//);
      expectVerdict(recordsOf(records, 'csv numbers pass', 1), 'word-count', true, /has 5 words, as expected/);
      expectVerdict(recordsOf(records, 'csv numbers pass', 1), 'levenshtein', true, /distance 1 to "one two three four fiv" is within 3/);
      expectVerdict(recordsOf(records, 'csv numbers fail', 1), 'word-count', false, /has 5 words; expected exactly 3/);
      expectVerdict(recordsOf(records, 'csv numbers fail', 1), 'levenshtein', false, /distance to "six seven eight" is more than 3/);
      assert.deepEqual(recordsOf(records, 'csv numbers fail', 1)[0]!.location && recordsOf(records, 'csv numbers fail', 1)[0]!.location!.line, 5);
    });
  });

  it(`latency is measured on the calls: every record took at least the server's ${ANSWER_DELAY_MS} ms`, async () => {
    const { records } = await bench.run('answer.prompty');
    assert.ok(records.every((r) => (r.latencyMs ?? 0) >= ANSWER_DELAY_MS), JSON.stringify(records.map((r) => r.latencyMs)));
  });
});

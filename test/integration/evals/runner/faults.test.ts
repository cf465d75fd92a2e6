// Issue 3, faults: with 20% of requests failing (429 with retry-after, 500, 503, connection resets), a
// 1,000-case run through the real openai SDK ends with every case recorded exactly once, a result or a typed
// error; retries are counted, and the server's request counts match the records' attempts, case by case.
import assert from 'node:assert/strict';
import { startLlmServer, type LlmServer } from '../../../support/llmServer';
import { captureLogger, caseOfRequest, questionSuite, registryFor, runToEnd, testConfig, workspace } from './helpers';

const KINDS = new Set(['auth', 'rate_limit', 'quota', 'invalid_request', 'server', 'network', 'timeout', 'content_filter']);

describe('eval runner under faults (real SDK, test LLM server)', function () {
  this.timeout(120_000);
  let server: LlmServer;
  let ws: ReturnType<typeof workspace>;

  before(async () => {
    server = await startLlmServer({
      faultRate: { probability: 0.2, kinds: ['429', '500', '503', 'reset-1'], seed: 11 },
      // retry-after 2 s becomes 10 ms, 5xx carry retry-after-ms 5: the SDK's back-off stays short
      retryAfterMsScale: 0.005,
      errorRetryAfterMs: 5,
    });
    ws = workspace();
  });
  after(async () => {
    await server.close();
    ws.cleanup();
  });

  it('1,000 cases at 20% faults: each case recorded once, retries counted, attempts equal the server’s counts', async () => {
    const logger = captureLogger();
    const config = testConfig();
    const run = await runToEnd({ workspace: ws.dir, suites: [questionSuite(ws.dir, 1000)], registry: registryFor(server, config, undefined, logger), config, concurrency: 16, cache: false, logger });

    assert.equal(run.meta.status, 'complete');
    assert.equal(run.records.length, 1000, 'one line per case in results.jsonl');
    assert.equal(new Set(run.records.map((r) => r.key)).size, 1000, 'no case recorded twice');
    assert.equal(new Set(run.records.map((r) => r.caseId)).size, 1000);

    for (const r of run.records) {
      if (r.error) {
        assert.ok(KINDS.has(r.error.kind), `untyped error: ${JSON.stringify(r.error)}`);
        assert.equal(r.output, undefined);
        assert.equal(r.pass, false);
      } else assert.equal(typeof r.output, 'string');
      assert.ok(r.attempts! >= 1 && r.attempts! <= 3, `attempts ${r.attempts} (maxRetries 2)`);
    }
    const errors = run.records.filter((r) => r.error);
    const retried = run.records.filter((r) => r.attempts! > 1);
    assert.ok(retried.length > 100, `only ${retried.length} cases were retried`);
    assert.ok(errors.length > 0 && errors.length < 200, `${errors.length} errors`);
    assert.ok(errors.some((r) => r.error!.kind === 'network'), 'a reset mid-body is a network error (not retried after the first byte)');
    assert.equal(run.summary.errors, errors.length);

    const chat = server.chatRequests();
    assert.equal(chat.length, run.records.reduce((n, r) => n + r.attempts!, 0), 'server requests = sum of attempts');
    const perCase = new Map<string, number>();
    for (const req of chat) perCase.set(caseOfRequest(req)!, (perCase.get(caseOfRequest(req)!) ?? 0) + 1);
    for (const r of run.records) assert.equal(perCase.get(r.caseId), r.attempts, `case ${r.caseId}`);

    assert.ok(logger.lines.some((l) => /openai: \d+ rate-limit answers; concurrency lowered \d+ times/.test(l)), logger.lines.join('\n'));
  });
});

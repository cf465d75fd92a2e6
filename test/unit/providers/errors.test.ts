// SDK errors, built with the SDKs' own classes, mapped to ProviderError kinds with hints; keys scrubbed.
import assert from 'node:assert/strict';
import { APIError as AnthropicAPIError, APIConnectionTimeoutError as AnthropicTimeout } from '@anthropic-ai/sdk';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ProviderError } from '../../../src/core/errors';
import { classifyAnthropicError } from '../../../src/core/providers/anthropic';
import { CallScope } from '../../../src/core/providers/callScope';
import { safeURL, toProviderError, type ErrorContext } from '../../../src/core/providers/errors';
import { classifyOpenAIError } from '../../../src/core/providers/openai';

const CANARY = 'canary-key-0f1e2d3c4b5a69788796';
const openai: ErrorContext = {
  provider: 'openai',
  baseURL: 'https://api.openai.com/v1',
  timeoutMs: 1000,
  keyHint: { secretName: 'openai', envName: 'OPENAI_API_KEY' },
  secret: CANARY,
  classify: classifyOpenAIError,
};
const anthropic: ErrorContext = { ...openai, provider: 'anthropic', baseURL: 'https://api.anthropic.com', keyHint: { secretName: 'anthropic', envName: 'ANTHROPIC_API_KEY' }, classify: classifyAnthropicError };

const oa = (status: number, error: Record<string, unknown>, headers: Record<string, string> = {}) =>
  APIError.generate(status, { error }, undefined, new Headers({ 'x-request-id': 'req_oa', ...headers }));
const an = (status: number, type: string, message: string) =>
  AnthropicAPIError.generate(status, { type: 'error', error: { type, message } }, undefined, new Headers({ 'request-id': 'req_an' }));

describe('provider error mapping', () => {
  const cases: [string, unknown, ErrorContext, string, RegExp][] = [
    ['openai 401', oa(401, { message: 'Incorrect API key', code: 'invalid_api_key' }), openai, 'auth', /promptyard keys set openai.*OPENAI_API_KEY/],
    ['openai 403', oa(403, { message: 'no access to model' }), openai, 'auth', /keys set openai/],
    ['openai 429', oa(429, { message: 'Rate limit reached', code: 'rate_limit_exceeded' }), openai, 'rate_limit', /lower concurrency/],
    ['openai 429 quota', oa(429, { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' }), openai, 'quota', /billing/],
    ['openai 400', oa(400, { message: "Invalid 'messages'" }), openai, 'invalid_request', /request parameters/],
    ['openai 404', oa(404, { message: 'The model does not exist' }), openai, 'invalid_request', /promptyard models/],
    ['azure content filter', oa(400, { message: 'filtered', code: 'content_filter' }), openai, 'content_filter', /rephrase/],
    ['openai 408', oa(408, { message: 'timeout' }), openai, 'timeout', /timeoutMs/],
    ['openai 409', oa(409, { message: 'lock' }), openai, 'server', /retry/],
    ['openai 500', oa(500, { message: 'boom' }), openai, 'server', /retry/],
    ['openai 503', oa(503, { message: 'busy' }), openai, 'server', /overloaded/],
    ['anthropic 529', an(529, 'overloaded_error', 'Overloaded'), anthropic, 'server', /anthropic is overloaded/],
    ['anthropic credit', an(400, 'invalid_request_error', 'Your credit balance is too low to access the Anthropic API.'), anthropic, 'quota', /credit/],
    ['anthropic 402', an(402, 'billing_error', 'billing'), anthropic, 'quota', /credit/],
    ['anthropic 401', an(401, 'authentication_error', 'invalid x-api-key'), anthropic, 'auth', /keys set anthropic.*ANTHROPIC_API_KEY/],
    ['anthropic filter', an(400, 'invalid_request_error', 'Output blocked by content filtering policy'), anthropic, 'content_filter', /rephrase/],
    [
      'connection refused',
      new APIConnectionError({ cause: Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) }) }),
      openai,
      'network',
      /https:\/\/api\.openai\.com\/v1 is reachable/,
    ],
    ['per-attempt timeout', new APIConnectionTimeoutError(), openai, 'timeout', /timeoutMs/],
    ['anthropic per-attempt timeout', new AnthropicTimeout(), anthropic, 'timeout', /timeoutMs/],
    ['user abort', new APIUserAbortError(), openai, 'cancelled', /again/],
    ['stream error event', new AnthropicAPIError(undefined, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, undefined, undefined), anthropic, 'server', /retry/],
    ['socket reset mid-body', Object.assign(new TypeError('terminated'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }), openai, 'network', /reachable/],
    ['malformed body', new SyntaxError('Unexpected end of JSON input'), openai, 'server', /retry/],
  ];

  for (const [name, error, ctx, kind, hint] of cases) {
    it(`${name} → ${kind}`, () => {
      const mapped = toProviderError(error, ctx);
      assert.ok(mapped instanceof ProviderError);
      assert.equal(mapped.kind, kind);
      assert.equal(mapped.provider, ctx.provider);
      assert.equal(mapped.exitCode, 1);
      assert.equal(mapped.code, `provider-${kind}`);
      assert.match(mapped.hint ?? '', hint);
    });
  }

  it('keeps status and request id, and says how many attempts were made', () => {
    const scope = new CallScope(10_000, 1000);
    scope.attempts = 3;
    const mapped = toProviderError(oa(503, { message: 'busy' }), openai, scope);
    scope.dispose(true);
    assert.equal(mapped.status, 503);
    assert.equal(mapped.requestId, 'req_oa');
    assert.equal(mapped.attempts, 3);
    assert.match(mapped.message, /^openai server error \(HTTP 503, 3 attempts\): busy$/);
    assert.equal(mapped.retryable, true);
  });

  it('the scope says why a call ended: deadline, idle, cancel', () => {
    const scope = new CallScope(10_000, 1000);
    scope.retryAfterMs = 120_000;
    scope.end('deadline');
    const deadline = toProviderError(new APIUserAbortError(), openai, scope);
    assert.equal(deadline.kind, 'timeout');
    assert.match(deadline.message, /deadline of 10000 ms/);
    assert.match(deadline.hint ?? '', /deadlineMs.*asked to wait 120 s/);
    const idle = new CallScope(10_000, 1000);
    idle.end('idle');
    assert.match(toProviderError(undefined, openai, idle).message, /stopped sending data for 1000 ms/);
    const cancelled = new CallScope(10_000, 1000);
    cancelled.end('cancelled');
    assert.equal(toProviderError(new Error('whatever'), openai, cancelled).kind, 'cancelled');
    for (const s of [scope, idle, cancelled]) s.dispose(false);
  });

  it('scrubs the key from messages, hints and causes, even in a format no pattern knows', () => {
    const echoed = oa(401, { message: `Incorrect API key provided: ${CANARY}` });
    const mapped = toProviderError(echoed, openai);
    for (const text of [mapped.message, mapped.hint, mapped.format(), String(mapped.cause), JSON.stringify(mapped)]) {
      assert.ok(!String(text).includes(CANARY), String(text));
    }
    assert.match(mapped.message, /\[REDACTED\]/);
    assert.ok(echoed.message.includes(CANARY), 'the SDK error itself did hold the key');
  });

  it('shows base URLs without credentials or query', () => {
    assert.equal(safeURL('https://user:secret@example.com/v1?api-key=abc'), 'https://example.com/v1');
    const mapped = toProviderError(new APIConnectionError({ message: 'Connection error.' }), { ...openai, baseURL: 'https://u:p@proxy.local/v1?key=zzz' });
    assert.ok(!`${mapped.message} ${mapped.hint}`.includes('zzz'));
    assert.ok(!`${mapped.message} ${mapped.hint}`.includes('u:p@'));
  });

  it('passes ProviderErrors through and maps anything else to a typed error', () => {
    const original = new ProviderError('quota', 'openai', 'x');
    assert.equal(toProviderError(original, openai), original);
    assert.equal(toProviderError('a string', openai).kind, 'invalid_request');
  });
});

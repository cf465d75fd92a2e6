// SDK errors (openai and @anthropic-ai/sdk) to ProviderError kinds, each with a hint that says what to do
// next. HTTP errors are read by shape (status, body type and code), connection and abort errors through each
// SDK's `classify`. Messages pass through redaction and never hold the key.
import type { ProviderErrorKind } from '../../shared/types';
import { ProviderError } from '../errors';
import { redact } from '../redact';
import type { CallScope } from './callScope';

export interface ErrorContext {
  /** Provider name as used in model ids. */
  provider: string;
  baseURL: string;
  timeoutMs: number;
  keyHint?: { secretName: string; envName: string };
  /** The key in use, scrubbed from every message even when it is not a known pattern. */
  secret?: string;
  /** Recognises the SDK's own error classes (their `name` does not survive in every SDK or bundle). */
  classify?: (error: unknown) => SdkErrorClass;
}

export type SdkErrorClass = 'user-abort' | 'connection-timeout' | 'connection' | undefined;

interface SdkErrorShape {
  name?: string;
  message?: string;
  status?: number;
  /** OpenAI: `error.type`; Anthropic: the error type (`overloaded_error`). */
  type?: string | null;
  code?: string | null;
  /** OpenAI: the error object; Anthropic: the whole body. */
  error?: unknown;
  apiMessage?: string | null;
  requestID?: string | null;
  cause?: unknown;
}

export function toProviderError(error: unknown, ctx: ErrorContext, scope?: CallScope): ProviderError {
  if (error instanceof ProviderError) return error;
  const attempts = scope?.attempts;
  const requestId = (error as SdkErrorShape | undefined)?.requestID ?? scope?.requestId ?? undefined;
  const make = (kind: ProviderErrorKind, message: string, status?: number) =>
    new ProviderError(kind, ctx.provider, clean(message, ctx), {
      hint: clean(hintFor(kind, ctx, status, scope), ctx),
      status,
      requestId,
      attempts,
      cause: sanitizedCause(error, ctx),
    });

  if (scope?.endReason === 'cancelled') return make('cancelled', `${ctx.provider} call cancelled`);
  if (scope?.endReason === 'deadline') return make('timeout', `${ctx.provider} call exceeded its deadline of ${scope.deadlineMs} ms${tries(attempts)}`);
  if (scope?.endReason === 'idle') return make('timeout', `${ctx.provider} stopped sending data for ${ctx.timeoutMs} ms in the middle of its response`);

  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SdkErrorShape;
  const detail = serverMessage(e);
  if (typeof e.status === 'number') {
    const kind = kindOfStatus(e.status, e, detail);
    return make(kind, `${ctx.provider} ${WHAT[kind]} (HTTP ${e.status}${tries(attempts)}): ${detail}`, e.status);
  }
  const sdkClass = ctx.classify?.(error);
  if (sdkClass === 'user-abort' || e.name === 'AbortError') return make('cancelled', `${ctx.provider} call cancelled`);
  if (sdkClass === 'connection-timeout') {
    return make('timeout', `${ctx.provider} did not answer within ${ctx.timeoutMs} ms${tries(attempts)}`);
  }
  if (sdkClass === 'connection') {
    const reason = (e.cause && networkMessage(e.cause as SdkErrorShape)) ?? detail;
    return make('network', `could not reach ${ctx.provider} at ${safeURL(ctx.baseURL)}${tries(attempts)}: ${reason}`);
  }
  if (e.type || e.error) {
    // An error event inside a stream: no HTTP status, only the error type.
    const kind = kindOfType(e.type ?? innerType(e).split(' ')[0]) ?? 'server';
    return make(kind, `${ctx.provider} ${WHAT[kind]} mid-stream: ${detail}`);
  }
  const network = networkMessage(e);
  if (network) return make('network', `the connection to ${ctx.provider} broke mid-response: ${network}`);
  if (e.name === 'SyntaxError') return make('server', `${ctx.provider} sent a malformed response: ${detail}`);
  return make('invalid_request', `${ctx.provider} request failed: ${detail}`);
}

const WHAT: Record<ProviderErrorKind, string> = {
  auth: 'rejected the API key',
  rate_limit: 'rate limit hit',
  quota: 'is out of quota',
  invalid_request: 'rejected the request',
  server: 'server error',
  network: 'network error',
  timeout: 'timed out',
  content_filter: 'content filter blocked the request',
  cancelled: 'call cancelled',
};

function kindOfStatus(status: number, e: SdkErrorShape, detail: string): ProviderErrorKind {
  const code = `${e.code ?? ''} ${e.type ?? ''} ${innerType(e)}`;
  if (status === 429) return /insufficient_quota/.test(code) || /insufficient_quota/.test(detail) ? 'quota' : 'rate_limit';
  if (status === 401 || status === 403) return 'auth';
  if (status === 402 || /billing_error|insufficient_quota/.test(code) || /credit balance is too low/i.test(detail)) return 'quota';
  if (/content_filter/.test(code) || /content (management|filtering) policy/i.test(detail)) return 'content_filter';
  if (status === 408) return 'timeout';
  if (status === 409 || status >= 500) return 'server';
  return 'invalid_request';
}

function kindOfType(type: string | undefined): ProviderErrorKind | undefined {
  switch (type) {
    case 'overloaded_error':
    case 'api_error':
    case 'server_error':
      return 'server';
    case 'rate_limit_error':
      return 'rate_limit';
    case 'authentication_error':
    case 'permission_error':
      return 'auth';
    case 'billing_error':
    case 'insufficient_quota':
      return 'quota';
    case 'timeout_error':
      return 'timeout';
    case 'invalid_request_error':
    case 'not_found_error':
      return 'invalid_request';
    default:
      return undefined;
  }
}

function hintFor(kind: ProviderErrorKind, ctx: ErrorContext, status: number | undefined, scope: CallScope | undefined): string {
  const waitHint = scope?.retryAfterMs !== undefined ? ` (the server asked to wait ${Math.ceil(scope.retryAfterMs / 1000)} s)` : '';
  switch (kind) {
    case 'auth':
      if (!ctx.keyHint) return `${ctx.provider} needs a key: add one with \`promptyard keys set ${ctx.provider}\`.`;
      return `Check the key for ${ctx.provider}: run \`promptyard keys set ${ctx.keyHint.secretName}\` or set ${ctx.keyHint.envName}.`;
    case 'rate_limit':
      return `Wait and retry, or lower concurrency${waitHint}.`;
    case 'quota':
      return `The ${ctx.provider} account is out of credit or over its spending limit: add credit or raise the limit in its billing settings, then retry.`;
    case 'invalid_request':
      return status === 404
        ? `Check the model name (\`promptyard models\` lists them) and the base URL ${safeURL(ctx.baseURL)}.`
        : 'Check the model name and the request parameters (maxTokens, responseFormat, tools) in the prompt file.';
    case 'server':
      return status === 529 || status === 503
        ? `${ctx.provider} is overloaded: wait and retry, or lower concurrency.`
        : 'The provider failed on its side: wait and retry, or lower concurrency.';
    case 'network':
      return `Check the base URL ${safeURL(ctx.baseURL)} is reachable (network, proxy, VPN), then retry.`;
    case 'timeout':
      if (scope?.endReason === 'deadline') {
        return `Raise requests.deadlineMs in promptyard.config.yaml, or lower concurrency${waitHint}.`;
      }
      return `Check ${safeURL(ctx.baseURL)} is reachable and responsive, or raise requests.timeoutMs in promptyard.config.yaml.`;
    case 'content_filter':
      return "The provider's content filter blocked this prompt or reply: rephrase the prompt.";
    case 'cancelled':
      return 'Run it again to retry.';
  }
}

function serverMessage(e: SdkErrorShape): string {
  const inner = e.error as { message?: unknown; error?: { message?: unknown } } | undefined;
  const text =
    e.apiMessage ??
    (typeof inner?.error?.message === 'string' ? inner.error.message : undefined) ??
    (typeof inner?.message === 'string' ? inner.message : undefined) ??
    (e.message ?? 'unknown error').replace(/^\d{3}\s+/, '');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function innerType(e: SdkErrorShape): string {
  const inner = e.error as { type?: unknown; code?: unknown; error?: { type?: unknown } } | undefined;
  return [inner?.type, inner?.code, inner?.error?.type].filter((x) => typeof x === 'string').join(' ');
}

/** A readable reason when the error (or its cause chain) is a socket-level failure. */
function networkMessage(e: SdkErrorShape): string | undefined {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const c = cur as { message?: unknown; code?: unknown; cause?: unknown };
    if (typeof c.message === 'string' && c.message) parts.push(c.message);
    if (typeof c.code === 'string' && !parts.some((p) => p.includes(c.code as string))) parts.push(c.code);
    cur = c.cause;
  }
  const text = parts.join(': ');
  return /\bterminated\b|socket|ECONN|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|fetch failed|other side closed|\bnetwork\b/i.test(text)
    ? [...new Set(parts)].join(': ')
    : undefined;
}

function tries(attempts: number | undefined): string {
  return attempts && attempts > 1 ? `, ${attempts} attempts` : '';
}

/** A base URL fit for messages: no credentials, no query (keys sometimes ride in either). */
export function safeURL(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

function clean(text: string, ctx: ErrorContext): string {
  const scrubbed = ctx.secret && ctx.secret.length >= 4 ? text.split(ctx.secret).join('[REDACTED]') : text;
  return redact(scrubbed);
}

/** The SDK error, reduced to name and redacted message: SDK errors can carry bodies that echo the key. */
function sanitizedCause(error: unknown, ctx: ErrorContext): Error | undefined {
  if (!(error instanceof Error)) return undefined;
  const cause = new Error(clean(error.message, ctx));
  cause.name = error.name;
  return cause;
}

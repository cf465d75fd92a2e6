// Faults the test LLM server can inject, and the error bodies each protocol really sends for them.
//
// Names: 429 (retry-after 2), 429-long (retry-after 120), quota (429 insufficient_quota on OpenAI; the
// "credit balance is too low" 400 on Anthropic), 408, 409, 500, 503, 529 (overloaded_error), 400, 401,
// 404 (the model does not exist), 401-echo (a 401 whose message repeats the whole key, to prove clients redact it), filter (content filter),
// stall-headers, stall-body, reset-N (connection reset after N body chunks), truncate-N (clean end after N
// chunks without the terminal event), truncate-last-K (clean end without the last K chunks), ok.

export type Protocol = 'openai' | 'anthropic';

export type FaultPlan =
  | { kind: 'none' }
  | { kind: 'http'; name: string; status: number; retryAfterSeconds?: number }
  | { kind: 'stall-headers' }
  | { kind: 'stall-body' }
  | { kind: 'reset'; afterChunks: number }
  /** `afterChunks` counts from the start; `dropLast` (truncate-last-K) drops the last K chunks instead. */
  | { kind: 'truncate'; afterChunks: number; dropLast?: number };

const HTTP_FAULTS: Record<string, { status: number; retryAfterSeconds?: number }> = {
  '429': { status: 429, retryAfterSeconds: 2 },
  '429-long': { status: 429, retryAfterSeconds: 120 },
  quota: { status: 429 },
  '408': { status: 408 },
  '409': { status: 409 },
  '500': { status: 500 },
  '503': { status: 503 },
  '529': { status: 529 },
  '400': { status: 400 },
  '401': { status: 401 },
  '401-echo': { status: 401 },
  '404': { status: 404 },
  filter: { status: 400 },
};

export const FAULT_NAMES = [...Object.keys(HTTP_FAULTS), 'stall-headers', 'stall-body', 'reset-N', 'truncate-N', 'truncate-last-K', 'ok'];

export function parseFault(name: string | undefined): FaultPlan | undefined {
  if (!name) return undefined;
  const n = name.trim().toLowerCase();
  if (n === 'ok' || n === 'none') return { kind: 'none' };
  const http = HTTP_FAULTS[n];
  if (http) return { kind: 'http', name: n, ...http };
  if (n === 'stall-headers' || n === 'stall') return { kind: 'stall-headers' };
  if (n === 'stall-body') return { kind: 'stall-body' };
  const last = /^truncate-last-(\d+)$/.exec(n);
  if (last) return { kind: 'truncate', afterChunks: Infinity, dropLast: Number(last[1]) };
  const m = /^(reset|truncate)(?:-(\d+))?$/.exec(n);
  if (m) return { kind: m[1] as 'reset' | 'truncate', afterChunks: Number(m[2] ?? 2) };
  return undefined;
}

export interface ErrorReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The error response of an HTTP fault, in the protocol's own format. */
export function errorReply(
  fault: Extract<FaultPlan, { kind: 'http' }>,
  protocol: Protocol,
  options: { retryAfterMsScale?: number; errorRetryAfterMs?: number; apiKey?: string; model?: string; requestId: string },
): ErrorReply {
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(fault.retryAfterSeconds);
    if (options.retryAfterMsScale !== undefined) {
      headers['retry-after-ms'] = String(Math.round(fault.retryAfterSeconds * 1000 * options.retryAfterMsScale));
    }
  } else if (options.errorRetryAfterMs !== undefined && ([408, 409, 429].includes(fault.status) || fault.status >= 500)) {
    headers['retry-after-ms'] = String(options.errorRetryAfterMs);
  }
  const masked = options.apiKey ? `${options.apiKey.slice(0, 3)}***${options.apiKey.slice(-2)}` : '(none)';
  const text = messageFor(fault.name, options.model ?? 'the model', masked, options.apiKey ?? '');
  let status = fault.status;
  if (protocol === 'openai') {
    const [type, code] = OPENAI_TYPES[fault.name] ?? ['server_error', null];
    return { status, headers, body: { error: { message: text, type, param: null, code } } };
  }
  if (fault.name === 'quota') status = 400;
  const type = ANTHROPIC_TYPES[fault.name] ?? 'api_error';
  return { status, headers, body: { type: 'error', error: { type, message: text }, request_id: options.requestId } };
}

const OPENAI_TYPES: Record<string, [string | null, string | null]> = {
  '429': ['requests', 'rate_limit_exceeded'],
  '429-long': ['tokens', 'rate_limit_exceeded'],
  quota: ['insufficient_quota', 'insufficient_quota'],
  '408': ['timeout', null],
  '409': ['conflict', null],
  '500': ['server_error', null],
  '503': ['server_error', 'service_unavailable'],
  '529': ['overloaded_error', null],
  '400': ['invalid_request_error', 'invalid_value'],
  '401': ['invalid_request_error', 'invalid_api_key'],
  '401-echo': ['invalid_request_error', 'invalid_api_key'],
  '404': ['invalid_request_error', 'model_not_found'],
  filter: [null, 'content_filter'],
};

const ANTHROPIC_TYPES: Record<string, string> = {
  '429': 'rate_limit_error',
  '429-long': 'rate_limit_error',
  quota: 'invalid_request_error',
  '408': 'timeout_error',
  '409': 'conflict_error',
  '500': 'api_error',
  '503': 'api_error',
  '529': 'overloaded_error',
  '400': 'invalid_request_error',
  '401': 'authentication_error',
  '401-echo': 'authentication_error',
  '404': 'not_found_error',
  filter: 'invalid_request_error',
};

function messageFor(name: string, model: string, masked: string, key: string): string {
  switch (name) {
    case '429':
    case '429-long':
      return `Rate limit reached for ${model}: requests per minute. Please try again later.`;
    case 'quota':
      return 'You exceeded your current quota, please check your plan and billing details. Your credit balance is too low.';
    case '408':
      return 'Request timed out.';
    case '409':
      return 'Conflict: another request holds the lock.';
    case '500':
      return 'The server had an error while processing your request.';
    case '503':
      return 'The service is temporarily unavailable.';
    case '529':
      return 'Overloaded';
    case '400':
      return "Invalid value for 'messages': the request is malformed (test fault).";
    case '401':
      return `Incorrect API key provided: ${masked}.`;
    case '401-echo':
      return `Incorrect API key provided: ${key}.`;
    case '404':
      return `The model \`${model}\` does not exist or you do not have access to it.`;
    case 'filter':
      return 'Output blocked by content filtering policy: the prompt triggered the content management policy.';
    default:
      return 'error';
  }
}

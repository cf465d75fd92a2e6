import type { Diagnostic, ProviderErrorKind, SourceLocation } from '../shared/types';

/**
 * Every failure the engine reports on purpose. `exitCode` follows the CLI contract:
 * 1 for model or network failures, 2 for bad input (files, arguments, configuration).
 */
export class PromptyardError extends Error {
  readonly code: string;
  readonly location?: SourceLocation;
  /** What the user should do next; shown after the message. */
  readonly hint?: string;
  readonly exitCode: 1 | 2;

  constructor(
    code: string,
    message: string,
    options: { location?: SourceLocation; hint?: string; exitCode?: 1 | 2; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PromptyardError';
    this.code = code;
    this.location = options.location;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 2;
  }

  /** One line: `file:line:col: message (hint)`. */
  format(): string {
    const where = this.location ? `${formatLocation(this.location)}: ` : '';
    if (!this.hint) return `${where}${this.message}`;
    const stop = /[.!?:;]$/.test(this.message) ? '' : '.';
    return `${where}${this.message}${stop} ${this.hint}`;
  }
}

/** Bad input found in a file; carries every diagnostic, the first error is the message. */
export class InputError extends PromptyardError {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[], hint?: string) {
    const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
    super(first?.code ?? 'invalid-input', first?.message ?? 'invalid input', {
      location: first?.location,
      hint,
      exitCode: 2,
    });
    this.name = 'InputError';
    this.diagnostics = diagnostics;
  }
}

/** A model call failed; `kind` says why and `retryable` whether trying later may help. */
export class ProviderError extends PromptyardError {
  readonly kind: ProviderErrorKind;
  readonly provider: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly retryable: boolean;
  /** How many HTTP attempts were made, when known. */
  readonly attempts?: number;

  constructor(
    kind: ProviderErrorKind,
    provider: string,
    message: string,
    options: { hint?: string; status?: number; requestId?: string; attempts?: number; cause?: unknown } = {},
  ) {
    super(`provider-${kind}`, message, { hint: options.hint, exitCode: 1, cause: options.cause });
    this.name = 'ProviderError';
    this.kind = kind;
    this.provider = provider;
    this.status = options.status;
    this.requestId = options.requestId;
    this.attempts = options.attempts;
    this.retryable = kind === 'rate_limit' || kind === 'server' || kind === 'network' || kind === 'timeout';
  }
}

export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

export function isPromptyardError(e: unknown): e is PromptyardError {
  return e instanceof PromptyardError;
}

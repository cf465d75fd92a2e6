// What every suite reader shares: the options of the load, the diagnostics it collects and how it reads files.
import { readFile } from 'node:fs/promises';
import type { Diagnostic, Severity, SourceLocation } from '../../../shared/types';

export interface LoadSuiteOptions {
  /** A dataset record that can't be read (a line that isn't JSON, a CSV row with a missing cell) is an error, not a skipped record. */
  strict?: boolean;
  /** Datasets given on the command line: their records are appended to the suite's cases. */
  datasets?: string[];
  /** Named OpenAI-compatible endpoints of the configuration, to map promptfoo providers with an `apiBaseUrl` or a compatible prefix (`groq:`, `openrouter:`…). */
  endpoints?: Record<string, { baseURL: string }>;
  /** Assertion types the engine implements (without `not-`); when given, any other type is an error at its location. */
  assertionTypes?: Iterable<string>;
  /** Reads a file as UTF-8 text; default the file system. The editor passes one that sees unsaved documents. */
  readText?: (file: string) => Promise<string>;
}

export interface SuiteContext {
  readonly diagnostics: Diagnostic[];
  readonly strict: boolean;
  readonly endpoints: Record<string, { baseURL: string }> | undefined;
  readonly assertionTypes: ReadonlySet<string> | undefined;
  readonly readText: (file: string) => Promise<string>;
}

export function createContext(options: LoadSuiteOptions = {}): SuiteContext {
  return {
    diagnostics: [],
    strict: options.strict ?? false,
    endpoints: options.endpoints,
    assertionTypes: options.assertionTypes ? new Set(options.assertionTypes) : undefined,
    readText: options.readText ?? ((file) => readFile(file, 'utf8')),
  };
}

export function report(ctx: SuiteContext, severity: Severity, location: SourceLocation | undefined, code: string, message: string): void {
  ctx.diagnostics.push(location ? { severity, code, message, location } : { severity, code, message });
}

/** A problem with one dataset record: an error in strict mode, else a warning and the record is skipped. */
export function reportRecord(ctx: SuiteContext, location: SourceLocation, code: string, message: string): void {
  const tail = ctx.strict ? ' (strict mode: fix it to run)' : '; this record is skipped (use --strict to make it an error)';
  report(ctx, ctx.strict ? 'error' : 'warning', location, code, `${message}${tail}.`);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

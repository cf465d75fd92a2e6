// Shared helpers of the suite loader tests: an in-memory file system and diagnostic lookups.
import assert from 'node:assert/strict';
import { InputError } from '../../../../src/core/errors';
import type { Diagnostic } from '../../../../src/shared/types';

/** A readText over a map of path to content; other paths fail like a missing file. */
export function memoryFiles(files: Record<string, string>): (file: string) => Promise<string> {
  return async (file) => {
    const text = files[file];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${file}'`), { code: 'ENOENT' });
    return text;
  };
}

/** The one diagnostic with `code`, failing when there is none or several. */
export function only(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code} diagnostic, got ${JSON.stringify(diagnostics, null, 2)}`);
  return found[0]!;
}

/** [line, column] of a diagnostic. */
export function at(d: Diagnostic): [number, number] {
  assert.ok(d.location, `no location on ${JSON.stringify(d)}`);
  return [d.location.line, d.location.column];
}

export function errorsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

/** Awaits a promise that must reject with an InputError; returns it. */
export async function inputError(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an InputError');
}

/** JSON round trip without locations and template sources, to compare content. */
export function plain<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'location' || key === 'source' ? undefined : v)));
}

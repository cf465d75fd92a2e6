// Shared helpers of the prompt engine tests.
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../../src/shared/types';
import { isPromptyardError, type PromptyardError } from '../../../src/core/errors';
import type { PromptFile } from '../../../src/core/prompts/promptFile';

/** The one diagnostic with `code`, failing when there is none or several. */
export function only(diagnostics: Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code} diagnostic, got ${JSON.stringify(diagnostics, null, 2)}`);
  return found[0]!;
}

export function at(d: Diagnostic | PromptyardError): [number, number] {
  assert.ok(d.location, `no location on ${JSON.stringify(d)}`);
  return [d.location.line, d.location.column];
}

/** Runs `fn`, which must throw a PromptyardError; returns it. */
export function thrown(fn: () => unknown): PromptyardError {
  try {
    fn();
  } catch (e) {
    assert.ok(isPromptyardError(e), `expected a PromptyardError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an error');
}

export async function rejected(promise: Promise<unknown>): Promise<PromptyardError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(isPromptyardError(e), `expected a PromptyardError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

/** A prompt without the source positions, to compare content only. */
export function withoutLocations(prompt: PromptFile): unknown {
  return JSON.parse(
    JSON.stringify(prompt, (key, value: unknown) => (key === 'location' || key === 'source' ? undefined : value)),
  );
}

export function message(role: 'system' | 'user' | 'assistant', content: string): PromptFile['messages'][number] {
  return { role, content };
}

export function promptOf(...contents: string[]): PromptFile {
  return { id: 't', file: 't.prompt.yml', messages: contents.map((c) => message('user', c)) };
}

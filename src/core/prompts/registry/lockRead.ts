// Reads prompts/prompts.lock.json: a missing file is an empty registry; invalid JSON, a schema mismatch or
// an unknown lockfileVersion is a problem naming the file, the line and column, and how to repair it.
import { readFileSync, statSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { PromptyardError } from '../../errors';
import { jsonSyntaxError, locatePointer } from './jsonLocate';
import { emptyLock, LOCKFILE_VERSION, type LockFile } from './lockFile';
import { lockSchemaError } from './lockSchema';

export interface RegistryProblem {
  /** Stable machine code, e.g. `snapshot-edited`. */
  code: string;
  /** The file the problem is about, relative to the workspace root. */
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** How to repair it. */
  hint: string;
}

/** Identifies one state of the lock file on disk; a changed stamp means the file changed. */
export type LockStamp = string;

export interface LockRead {
  lock: LockFile;
  stamp: LockStamp;
  exists: boolean;
  /** The file's text as read ('' when missing). */
  text: string;
}

export function lockStamp(absPath: string): LockStamp {
  try {
    const s = statSync(absPath, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch {
    return 'missing';
  }
}

/** Reads and validates the lock file; returns the problem instead of throwing. */
export function readLock(absPath: string, relPath: string): LockRead | { problem: RegistryProblem } {
  const stamp = lockStamp(absPath);
  if (stamp === 'missing') return { lock: emptyLock(), stamp, exists: false, text: '' };
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { problem: { code: 'lock-unreadable', file: relPath, message: `cannot read ${relPath}: ${reason}`, hint: 'Check its permissions.' } };
  }
  const parsed = parseLockText(text, relPath);
  if ('problem' in parsed) return parsed;
  return { lock: parsed.lock, stamp, exists: true, text };
}

const REPAIR = (rel: string) =>
  `Fix it by hand (the format is in docs/prompt-registry.md), or restore the last committed one with \`git checkout -- ${rel}\`.`;

export function lockTextProblem(text: string, relPath: string): RegistryProblem | undefined {
  const parsed = parseLockText(text, relPath);
  return 'problem' in parsed ? parsed.problem : undefined;
}

/** Parses and validates a lock file's text (parsed once: the file can hold thousands of versions). */
export function parseLockText(text: string, relPath: string): { lock: LockFile } | { problem: RegistryProblem } {
  const problem = (p: RegistryProblem) => ({ problem: p });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const at = jsonSyntaxError(text);
    const reason = at?.message ?? (e instanceof Error ? e.message : String(e));
    const where = at ? { line: at.line, column: at.column } : {};
    return problem({ code: 'lock-invalid-json', file: relPath, ...where, message: `the lock file is not valid JSON: ${reason}`, hint: REPAIR(relPath) });
  }
  const version = (value as { lockfileVersion?: unknown } | null)?.lockfileVersion;
  if (typeof version === 'number' && version > LOCKFILE_VERSION) {
    const at = locatePointer(text, '/lockfileVersion');
    return problem({
      code: 'lock-version',
      file: relPath,
      ...(at ? { line: at.line, column: at.column } : {}),
      message: `the lock file has lockfileVersion ${version}, written by a newer Promptyard than this one (it reads ${LOCKFILE_VERSION})`,
      hint: 'Upgrade promptyard (npm i -D promptyard@latest) and run again.',
    });
  }
  const error = lockSchemaError(value);
  if (!error) return { lock: value as LockFile };
  const { pointer, key, message } = describeSchemaError(error);
  const at = locatePointer(text, pointer, key) ?? locatePointer(text, error.instancePath);
  return problem({
    code: 'lock-schema',
    file: relPath,
    ...(at ? { line: at.line, column: at.column } : {}),
    message: `the lock file does not match its schema (schemas/prompts-lock.schema.json): ${message}`,
    hint: REPAIR(relPath),
  });
}

function describeSchemaError(e: ErrorObject): { pointer: string; key: boolean; message: string } {
  const where = e.instancePath === '' ? 'the top level' : e.instancePath;
  const params = e.params as Record<string, unknown>;
  if (e.propertyName !== undefined) {
    const name = e.propertyName;
    return { pointer: `${e.instancePath}/${escapeToken(name)}`, key: true, message: `"${name}" in ${where} is not a valid ${keyKind(e.instancePath)}` };
  }
  switch (e.keyword) {
    case 'required':
      return { pointer: e.instancePath, key: false, message: `${where} is missing "${String(params.missingProperty)}"` };
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      return { pointer: `${e.instancePath}/${escapeToken(extra)}`, key: true, message: `${where} has an unknown key "${extra}"` };
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      return { pointer: `${e.instancePath}/${escapeToken(name)}`, key: true, message: `"${name}" in ${where} is not a valid ${keyKind(e.instancePath)}` };
    }
    case 'pattern':
    case 'not':
    case 'oneOf':
      return { pointer: e.instancePath, key: false, message: `${where} has an invalid value` };
    default:
      return { pointer: e.instancePath, key: false, message: `${where} ${e.message ?? 'is invalid'}` };
  }
}

function keyKind(pointer: string): string {
  if (pointer === '/prompts') return 'prompt id';
  if (pointer.endsWith('/versions')) return 'semantic version';
  return 'label name';
}

function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The error thrown by commands other than `check` when the lock file cannot be used. */
export function lockProblemError(problem: RegistryProblem): PromptyardError {
  const location = { file: problem.file, line: problem.line ?? 1, column: problem.column ?? 1 };
  return new PromptyardError(problem.code, problem.message, { hint: problem.hint, exitCode: 2, location });
}

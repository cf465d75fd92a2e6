// What the registry accepts as ids, labels, versions and references (`id`, `id@label`, `id@1.2.0`). Every
// check runs before anything is read or written, and its error says what a valid value looks like.
import { PromptyardError } from '../../errors';
import { PROMPT_ID_PATTERN } from '../promptFile';
import { isSemver } from './semver';

/** Label names: a letter first, so that `id@<label>` can never be mistaken for `id@<version>`. */
export const LABEL_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** `id@latest` is the highest released version; `id@all` (in `eval --versions`) is every version. */
export const RESERVED_LABELS: readonly string[] = ['latest', 'all'];
export const DEFAULT_LABEL = 'production';

export type Selector = { kind: 'version'; version: string } | { kind: 'label'; label: string } | { kind: 'latest' } | { kind: 'default' };

export interface PromptRef {
  id: string;
  selector: Selector;
  /** The reference as written. */
  text: string;
}

export function badInput(code: string, message: string, hint: string): PromptyardError {
  return new PromptyardError(code, message, { hint, exitCode: 2 });
}

export function isValidId(id: string): boolean {
  return PROMPT_ID_PATTERN.test(id) && !id.includes('..');
}

export function assertId(id: string): string {
  if (isValidId(id)) return id;
  const why = /[\\/]/.test(id) ? 'it holds a path separator' : id.includes('..') ? 'it holds ".."' : 'it holds characters ids cannot hold';
  throw badInput(
    'invalid-id',
    `'${id}' is not a prompt id: ${why}`,
    'An id starts with a letter or digit and holds only letters, digits, ".", "_" and "-" (no "/" and no ".."); `promptyard prompts list` shows the ids.',
  );
}

export function assertVersion(version: string, what = 'version'): string {
  if (isSemver(version)) return version;
  throw badInput('invalid-version', `${what} '${version}' is not a semantic version`, 'Write it as MAJOR.MINOR.PATCH, e.g. 1.2.0 (a prerelease such as 2.0.0-rc.1 also works).');
}

export function assertLabel(label: string): string {
  if (RESERVED_LABELS.includes(label)) {
    throw badInput('reserved-label', `'${label}' is a reserved name, not a label`, `Pick another label name; \`id@latest\` already means the highest version.`);
  }
  if (LABEL_PATTERN.test(label)) return label;
  throw badInput('invalid-label', `'${label}' is not a label name`, 'A label starts with a letter and holds only letters, digits, "_" and "-", e.g. production or staging.');
}

/** `id` → the default, `id@1.2.0` → a version, `id@latest` → the highest, `id@<label>` → a label. */
export function parseRef(text: string): PromptRef {
  const at = text.indexOf('@');
  const id = assertId(at === -1 ? text : text.slice(0, at));
  if (at === -1) return { id, selector: { kind: 'default' }, text };
  const rest = text.slice(at + 1);
  if (rest === '') throw badInput('invalid-ref', `'${text}' ends with "@"`, 'Write id@<version> or id@<label>, e.g. summarize@1.2.0 or summarize@production.');
  if (rest === 'latest') return { id, selector: { kind: 'latest' }, text };
  if (/^\d/.test(rest)) return { id, selector: { kind: 'version', version: assertVersion(rest) }, text };
  if (!LABEL_PATTERN.test(rest) || rest === 'all') {
    throw badInput('invalid-ref', `'${text}' does not name a version or a label`, 'Write id@<version> or id@<label>, e.g. summarize@1.2.0 or summarize@production.');
  }
  return { id, selector: { kind: 'label', label: rest }, text };
}

// `--vars file.json|yaml`: a mapping of variable names to values, with located errors.
import { readFile } from 'node:fs/promises';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { InputError } from './errors';

export async function readVariablesFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError([{ severity: 'error', code: 'vars-unreadable', message: `cannot read variables file ${file}`, location: { file, line: 1, column: 1 } }], 'Check the path given to --vars.');
  }
  return parseVariables(text, file);
}

/** JSON or YAML (YAML reads JSON too), positions for every error. */
export function parseVariables(text: string, file: string): Record<string, unknown> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const where = (offset: number) => {
    const pos = lines.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  const first = doc.errors[0];
  if (first) {
    throw new InputError(
      [{ severity: 'error', code: 'vars-syntax', message: `syntax error in variables file: ${first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, location: where(first.pos[0]) }],
      'The --vars file holds one JSON object or YAML mapping of names to values.',
    );
  }
  if (!isMap(doc.contents)) {
    throw new InputError(
      [{ severity: 'error', code: 'vars-type', message: 'the variables file must hold an object of names to values', location: where(doc.contents?.range?.[0] ?? 0) }],
      'Write e.g. {"topic": "cats", "count": 3}.',
    );
  }
  return doc.toJSON() as Record<string, unknown>;
}

// Parses a YAML (or JSON) file of a suite: syntax errors become located diagnostics, the document a Place.
import { LineCounter, parseDocument } from 'yaml';
import { report, type SuiteContext } from './context';
import { YamlPlace } from './place';

export interface ParsedYaml {
  /** Plain value of the document (aliases expanded). */
  value: unknown;
  place: YamlPlace;
}

const TIPS: Record<string, string> = {
  DUPLICATE_KEY: 'remove or rename one of the two keys',
  MULTIPLE_DOCS: 'remove the `---` line and what follows, or split the file',
  BAD_INDENT: 'check the indentation of this line against its parent',
  MISSING_CHAR: 'a closing quote or bracket is missing',
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs',
};

/** Undefined when the text has syntax errors (each reported with its line and column). */
export function parseYaml(text: string, file: string, ctx: SuiteContext): ParsedYaml | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const place = new YamlPlace(doc, lineCounter, file, text);
  for (const error of doc.errors) {
    const pos = place.position(error.pos[0]);
    const reason = error.message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').replace(/\.$/, '');
    const tip = TIPS[error.code] ?? 'check the quotes, colons and indentation here';
    report(ctx, 'error', { file, ...pos }, 'yaml-syntax', `YAML syntax error: ${reason}; ${tip}.`);
  }
  if (doc.errors.length > 0) return undefined;
  try {
    return { value: doc.toJS({ maxAliasCount: 1000 }), place };
  } catch (e) {
    report(ctx, 'error', { file, line: 1, column: 1 }, 'yaml-syntax', `Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}.`);
    return undefined;
  }
}

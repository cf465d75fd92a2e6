// Typed reads over a YAML Document that record a located diagnostic for every value of the wrong shape.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Diagnostic, Severity, SourceLocation } from '../../shared/types';

export interface MapEntry {
  key: string;
  keyNode: Node;
  /** Undefined when the key has no value at all (`key:` gives a null scalar instead). */
  value: Node | undefined;
}

export interface NumberRule {
  integer?: boolean;
  min?: number;
  max?: number;
  /** Minimum is exclusive. */
  exclusiveMin?: boolean;
}

export class YamlReader {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
    readonly file: string,
    /** The text that was parsed (node ranges are offsets into it). */
    readonly text: string,
    /** Lines before the parsed text in the file (a `.prompty` front matter starts on line 2). */
    private readonly lineOffset = 0,
  ) {}

  /** 1-based position of an offset of the parsed text. */
  position(offset: number): { line: number; column: number } {
    const pos = this.lineCounter.linePos(offset);
    return { line: pos.line + this.lineOffset, column: pos.col };
  }

  location(node: unknown): SourceLocation {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (!range) return { file: this.file, line: 1 + this.lineOffset, column: 1 };
    const start = this.position(range[0]);
    const end = this.position(range[1]);
    return { file: this.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  /** The source text of a node, e.g. a scalar with its quotes or block header. */
  raw(node: Node): string {
    const range = node.range;
    return range ? this.text.slice(range[0], range[1]) : '';
  }

  report(severity: Severity, node: unknown, code: string, message: string): void {
    this.diagnostics.push({ severity, code, message, location: this.location(node) });
  }

  error(node: unknown, code: string, message: string): void {
    this.report('error', node, code, message);
  }

  warning(node: unknown, code: string, message: string): void {
    this.report('warning', node, code, message);
  }

  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }

  /** Follows aliases; an alias to nothing gives undefined. */
  resolve(node: unknown): Node | undefined {
    if (node === null || node === undefined) return undefined;
    if (isAlias(node)) return node.resolve(this.doc) ?? undefined;
    return node as Node;
  }

  isNull(node: unknown): boolean {
    const n = this.resolve(node);
    return n === undefined || (isScalar(n) && n.value === null);
  }

  map(node: unknown, path: string): YAMLMap | undefined {
    const n = this.resolve(node);
    if (isMap(n)) return n;
    this.error(n ?? node, 'invalid-type', `${path} must be a map of keys and values, got ${describe(n)}.`);
    return undefined;
  }

  seq(node: unknown, path: string): YAMLSeq | undefined {
    const n = this.resolve(node);
    if (isSeq(n)) return n;
    this.error(n ?? node, 'invalid-type', `${path} must be a list (items starting with "- "), got ${describe(n)}.`);
    return undefined;
  }

  /** Entries of a map with string keys; other keys are reported and skipped. */
  entries(map: YAMLMap): MapEntry[] {
    const out: MapEntry[] = [];
    for (const pair of map.items) {
      const keyNode = this.resolve(pair.key);
      if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
        const key = isScalar(keyNode) ? String(keyNode.value) : describe(keyNode);
        this.error(keyNode ?? map, 'invalid-key', `Keys must be plain names; quote ${key} or rename it.`);
        continue;
      }
      out.push({ key: keyNode.value, keyNode, value: this.resolve(pair.value) });
    }
    return out;
  }

  warnUnknownKeys(entries: MapEntry[], known: readonly string[], where: string): void {
    for (const entry of entries) {
      if (known.includes(entry.key)) continue;
      const suggestion = closest(entry.key, known);
      const did = suggestion ? ` Did you mean "${suggestion}"?` : '';
      this.warning(
        entry.keyNode,
        'unknown-key',
        `Unknown key "${entry.key}" in ${where}; it is ignored.${did} Known keys: ${known.join(', ')}.`,
      );
    }
  }

  string(node: unknown, path: string): string | undefined {
    const n = this.resolve(node);
    if (isScalar(n) && typeof n.value === 'string') return n.value;
    this.error(n ?? node, 'invalid-type', `${path} must be a string, got ${describe(n)}; quote the value.`);
    return undefined;
  }

  number(node: unknown, path: string, rule: NumberRule = {}): number | undefined {
    const n = this.resolve(node);
    const value = isScalar(n) ? n.value : undefined;
    const kind = rule.integer ? 'an integer' : 'a number';
    const range = rangeText(rule);
    if (typeof value !== 'number' || !Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) {
      this.error(n ?? node, 'invalid-type', `${path} must be ${kind}${range}, got ${describe(n)}.`);
      return undefined;
    }
    const low = rule.min !== undefined && (rule.exclusiveMin ? value <= rule.min : value < rule.min);
    if (low || (rule.max !== undefined && value > rule.max)) {
      this.error(n, 'invalid-value', `${path} must be ${kind}${range}, got ${value}.`);
      return undefined;
    }
    return value;
  }

  boolean(node: unknown, path: string): boolean | undefined {
    const n = this.resolve(node);
    if (isScalar(n) && typeof n.value === 'boolean') return n.value;
    this.error(n ?? node, 'invalid-type', `${path} must be true or false, got ${describe(n)}.`);
    return undefined;
  }

  /** Plain JavaScript value of a node (aliases expanded); reports and returns undefined when it can't. */
  js(node: unknown): unknown {
    const n = this.resolve(node);
    if (n === undefined) return null;
    try {
      return n.toJS(this.doc, { maxAliasCount: 100 });
    } catch (e) {
      this.error(n, 'yaml-syntax', `Cannot read this value: ${e instanceof Error ? e.message : String(e)}.`);
      return undefined;
    }
  }
}

export function describe(node: Node | undefined): string {
  if (node === undefined) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'an empty value';
    if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    if (typeof v === 'number') return `the number ${v}`;
    if (typeof v === 'boolean') return `the boolean ${v}`;
    return `a ${typeof v}`;
  }
  return 'an unsupported value';
}

function rangeText(rule: NumberRule): string {
  const { min, max } = rule;
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return rule.exclusiveMin ? ` greater than ${min}` : ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

/** The known key nearest to a misspelt one (edit distance ≤ 2), for "did you mean". */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

// Where a value sits in its source file. Suite readers work on plain values (JSON.parse is fast enough for
// datasets of any size) and ask a Place for the location of a path below the value when they report it.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { SourceLocation } from '../../../shared/types';

export type PathKey = string | number;

export interface Place {
  readonly file: string;
  /** Location of the value at `path` below this place (of its key with `'key'`); the nearest existing parent when the path is absent. */
  at(path?: readonly PathKey[], part?: 'key'): SourceLocation;
  /** The place of the value at `path`. */
  child(path: readonly PathKey[]): Place;
}

/** A place that is one location whatever the path: a JSONL line, a CSV record. */
export function fixedPlace(location: SourceLocation): Place {
  const place: Place = { file: location.file, at: () => location, child: () => place };
  return place;
}

export class YamlPlace implements Place {
  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
    readonly file: string,
    /** The parsed text (node ranges are offsets into it). */
    readonly text: string,
    readonly node: Node | undefined = doc.contents ?? undefined,
  ) {}

  at(path: readonly PathKey[] = [], part?: 'key'): SourceLocation {
    const found = this.find(path);
    return this.location(part === 'key' && found.key && found.complete ? found.key : found.node);
  }

  child(path: readonly PathKey[]): YamlPlace {
    const found = this.find(path);
    return new YamlPlace(this.doc, this.lineCounter, this.file, this.text, found.complete ? found.node : undefined);
  }

  /** The YAML node at `path`, when it exists. */
  nodeAt(path: readonly PathKey[] = []): Node | undefined {
    const found = this.find(path);
    return found.complete ? found.node : undefined;
  }

  /** 1-based position of an offset of the document text. */
  position(offset: number): { line: number; column: number } {
    const pos = this.lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  location(node: Node | undefined): SourceLocation {
    const range = node?.range;
    if (!range) return { file: this.file, line: 1, column: 1 };
    const start = this.position(range[0]);
    const end = this.position(range[1]);
    return { file: this.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  private resolve(node: unknown): Node | undefined {
    if (node === null || node === undefined) return undefined;
    if (isAlias(node)) return node.resolve(this.doc) ?? undefined;
    return node as Node;
  }

  private find(path: readonly PathKey[]): { node: Node | undefined; key?: Node; complete: boolean } {
    let node = this.resolve(this.node);
    let key: Node | undefined;
    for (const step of path) {
      let next: Node | undefined;
      let nextKey: Node | undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => {
          const k = this.resolve(p.key);
          return isScalar(k) && String(k.value) === String(step);
        });
        if (pair) {
          nextKey = this.resolve(pair.key);
          next = this.resolve(pair.value) ?? nextKey;
        }
      } else if (isSeq(node) && typeof step === 'number') {
        next = this.resolve(node.items[step]);
      }
      if (!next) return { node, key, complete: false };
      node = next;
      key = nextKey;
    }
    return { node, key, complete: true };
  }
}


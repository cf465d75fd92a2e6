// A structured diff of two prompt versions: fields (model, each model parameter, name, description), the
// response format, messages (added, removed, changed with a line diff inside), tools, inputs, test data and
// evaluators. Plain data: the CLI prints it (src/cli/promptsFormat.ts), the editor can render it.
import type { PromptFile, PromptRole } from '../promptFile';
import { diffLines, splitLines, type LineEdit } from './lineDiff';

export interface DiffSide {
  id: string;
  version: string;
  sha256: string;
}

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface FieldChange {
  /** `model`, `name`, `description`, `modelParameters.temperature`, … */
  path: string;
  kind: ChangeKind;
  before?: unknown;
  after?: unknown;
}

export interface MessageChange {
  kind: ChangeKind;
  role: PromptRole;
  /** Set when a changed message also changed its role. */
  roleBefore?: PromptRole;
  /** 1-based positions in the old and the new version. */
  indexBefore?: number;
  indexAfter?: number;
  lines: LineEdit[];
}

export interface NamedChange {
  name: string;
  kind: ChangeKind;
  /** For a changed item: a line diff of its JSON. */
  lines?: LineEdit[];
}

export interface PromptDiff {
  a: DiffSide;
  b: DiffSide;
  identical: boolean;
  fields: FieldChange[];
  responseFormat?: { lines: LineEdit[] };
  messages: MessageChange[];
  unchangedMessages: number;
  tools: NamedChange[];
  inputs: NamedChange[];
  testData?: { before: number; after: number; added: number; removed: number };
  evaluators: NamedChange[];
}

const SCALAR_FIELDS = ['id', 'name', 'description', 'model'] as const;

export function diffPrompts(a: DiffSide & { prompt: PromptFile }, b: DiffSide & { prompt: PromptFile }): PromptDiff {
  const p = a.prompt;
  const q = b.prompt;
  const fields: FieldChange[] = [];
  for (const key of SCALAR_FIELDS) field(fields, key, p[key], q[key]);
  const params = new Set([...Object.keys(p.modelParameters ?? {}), ...Object.keys(q.modelParameters ?? {})]);
  for (const key of [...params].sort()) {
    field(fields, `modelParameters.${key}`, (p.modelParameters as Record<string, unknown> | undefined)?.[key], (q.modelParameters as Record<string, unknown> | undefined)?.[key]);
  }
  const formatA = canonical(p.responseFormat ?? { type: 'text' });
  const formatB = canonical(q.responseFormat ?? { type: 'text' });
  const { messages, unchanged } = diffMessages(p, q);
  const rowsA = (p.testData ?? []).map((row) => canonical(row));
  const rowsB = (q.testData ?? []).map((row) => canonical(row));
  const rowEdits = diffLines(rowsA, rowsB);
  const added = rowEdits.filter((e) => e.op === 'insert').length;
  const removed = rowEdits.filter((e) => e.op === 'delete').length;
  const diff: PromptDiff = {
    a: side(a),
    b: side(b),
    identical: false,
    fields,
    ...(formatA !== formatB ? { responseFormat: { lines: diffLines(splitLines(formatA), splitLines(formatB)) } } : {}),
    messages,
    unchangedMessages: unchanged,
    tools: diffNamed(p.tools ?? [], q.tools ?? [], (t) => t.name),
    inputs: diffNamed(Object.entries(p.inputs ?? {}), Object.entries(q.inputs ?? {}), ([name]) => name, ([, spec]) => spec),
    ...(added || removed ? { testData: { before: rowsA.length, after: rowsB.length, added, removed } } : {}),
    evaluators: diffNamed(p.evaluators ?? [], q.evaluators ?? [], (e) => e.name),
  };
  diff.identical = !diff.fields.length && !diff.responseFormat && !diff.messages.length && !diff.tools.length && !diff.inputs.length && !diff.testData && !diff.evaluators.length;
  return diff;
}

function side(s: DiffSide): DiffSide {
  return { id: s.id, version: s.version, sha256: s.sha256 };
}

function field(out: FieldChange[], path: string, before: unknown, after: unknown): void {
  if (canonical(before) === canonical(after)) return;
  if (before === undefined) out.push({ path, kind: 'added', after });
  else if (after === undefined) out.push({ path, kind: 'removed', before });
  else out.push({ path, kind: 'changed', before, after });
}

function diffMessages(p: PromptFile, q: PromptFile): { messages: MessageChange[]; unchanged: number } {
  const key = (m: PromptFile['messages'][number]) => `${m.role}\u0000${m.content}`;
  const edits = diffLines(p.messages.map(key), q.messages.map(key));
  const out: MessageChange[] = [];
  let unchanged = 0;
  let i = 0;
  let j = 0;
  for (let e = 0; e < edits.length; ) {
    if (edits[e]!.op === 'equal') {
      unchanged++;
      i++;
      j++;
      e++;
      continue;
    }
    const removed: number[] = [];
    const added: number[] = [];
    for (; e < edits.length && edits[e]!.op !== 'equal'; e++) {
      if (edits[e]!.op === 'delete') removed.push(i++);
      else added.push(j++);
    }
    // Within one run of edits, a removed and an added message that are alike are one message changed.
    const pairs = alignRun(removed.map((r) => p.messages[r]!), added.map((a) => q.messages[a]!));
    let r = 0;
    let a = 0;
    for (const [pr, pa] of [...pairs, [removed.length, added.length] as const]) {
      for (; r < pr; r++) out.push({ kind: 'removed', role: p.messages[removed[r]!]!.role, indexBefore: removed[r]! + 1, lines: splitLines(p.messages[removed[r]!]!.content).map((line) => ({ op: 'delete', line })) });
      for (; a < pa; a++) out.push({ kind: 'added', role: q.messages[added[a]!]!.role, indexAfter: added[a]! + 1, lines: splitLines(q.messages[added[a]!]!.content).map((line) => ({ op: 'insert', line })) });
      if (pr === removed.length && pa === added.length) break;
      const before = p.messages[removed[pr]!]!;
      const after = q.messages[added[pa]!]!;
      out.push({
        kind: 'changed',
        role: after.role,
        ...(before.role !== after.role ? { roleBefore: before.role } : {}),
        indexBefore: removed[pr]! + 1,
        indexAfter: added[pa]! + 1,
        lines: diffLines(splitLines(before.content), splitLines(after.content)),
      });
      r = pr + 1;
      a = pa + 1;
    }
  }
  return { messages: out, unchanged };
}

type Message = PromptFile['messages'][number];

/** Below this similarity a removed and an added message are two different messages. */
const ALIKE = 0.4;

/** Order-preserving pairs (removed index, added index) of the most alike messages (a small alignment DP). */
function alignRun(removed: Message[], added: Message[]): [number, number][] {
  const n = removed.length;
  const m = added.length;
  const best = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  const score = (i: number, j: number) => {
    const s = similarity(removed[i]!.content, added[j]!.content) * (removed[i]!.role === added[j]!.role ? 1 : 0.5);
    return s >= ALIKE ? s : -1;
  };
  const scores = removed.map((_, i) => added.map((__, j) => score(i, j)));
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const s = scores[i - 1]![j - 1]!;
      best[i]![j] = Math.max(best[i - 1]![j]!, best[i]![j - 1]!, s > 0 ? best[i - 1]![j - 1]! + s : -Infinity);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = n, j = m; i > 0 && j > 0; ) {
    const s = scores[i - 1]![j - 1]!;
    if (s > 0 && best[i]![j] === best[i - 1]![j - 1]! + s) {
      pairs.push([i - 1, j - 1]);
      i--;
      j--;
    } else if (best[i]![j] === best[i - 1]![j]) i--;
    else j--;
  }
  return pairs.reverse();
}

/** Dice coefficient of the two texts' words: 1 for the same words, 0 for none in common. */
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const words = (t: string) => t.toLowerCase().split(/\s+/).filter(Boolean);
  const wa = words(a);
  const wb = words(b);
  if (wa.length + wb.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const w of wa) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of wb) {
    const c = counts.get(w) ?? 0;
    if (c > 0) {
      common++;
      counts.set(w, c - 1);
    }
  }
  return (2 * common) / (wa.length + wb.length);
}

function diffNamed<T>(before: T[], after: T[], name: (item: T) => string, value: (item: T) => unknown = (item) => item): NamedChange[] {
  const a = new Map(before.map((item) => [name(item), canonical(value(item), 2)]));
  const b = new Map(after.map((item) => [name(item), canonical(value(item), 2)]));
  const out: NamedChange[] = [];
  for (const [n, text] of a) {
    if (!b.has(n)) out.push({ name: n, kind: 'removed' });
    else if (b.get(n) !== text) out.push({ name: n, kind: 'changed', lines: diffLines(splitLines(text), splitLines(b.get(n)!)) });
  }
  for (const n of b.keys()) if (!a.has(n)) out.push({ name: n, kind: 'added' });
  return out;
}

/** JSON with sorted keys and without the parser's source positions, for comparing and line-diffing values. */
export function canonical(value: unknown, indent = 0): string {
  return JSON.stringify(value === undefined ? null : sortDeep(withoutPositions(value)), null, indent) ?? 'null';
}

/** The parser puts `location` (and `source`) on model objects only at their top level; nested keys are user data. */
function withoutPositions(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const { location: _location, source: _source, ...rest } = value as Record<string, unknown>;
  return rest;
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    out[key] = sortDeep((value as Record<string, unknown>)[key]);
  }
  return out;
}

// Finds and loads the eval suites of the workspace folders for the Test Explorer, through core's
// discoverSuites and loadSuite, one file at a time, giving the event loop a turn every few milliseconds: a
// workspace of thousands of prompt files never holds the extension host for much longer than one file's parse.
// No `vscode` here: bench/testDiscovery.bench.ts measures this very function in plain Node.
import { readFile } from 'node:fs/promises';
import { InputError } from '../../core/errors';
import { discoverSuites, suiteKind } from '../../core/evals/suites/discover';
import { loadSuite, suiteKindOfName } from '../../core/evals/suites/loadSuite';
import type { EvalSuite } from '../../core/evals/types';
import { brokenSuiteNode, suiteNode, type SuiteNode } from './evalTree';

export type ReadText = (file: string) => Promise<string>;

export interface LoadOptions {
  /** Reads a file; the editor's sees unsaved documents. Default: the file system. */
  readText?: ReadText;
  /** Named endpoints of the configuration (promptfoo providers with a compatible prefix map to them). */
  endpoints?: Record<string, { baseURL: string }>;
}

export interface DiscoveryOptions extends LoadOptions {
  /** Each suite as soon as it is loaded (the controller adds it to the tree at once). */
  onSuite?: (node: SuiteNode) => void;
  /** Stops between files. */
  signal?: AbortSignal;
  /** A turn of the event loop; default setImmediate. */
  yieldNow?: () => Promise<void>;
  /** Milliseconds of loading before the event loop gets a turn; default 8 (0: after every file). */
  sliceMs?: number;
}

export interface DiscoveryStats {
  /** Suite files found (and loaded). */
  suites: number;
  cases: number;
  durationMs: number;
  /** Wall time of the slowest file (read and parse): with its text already read, its synchronous parse. */
  slowestFileMs: number;
}

const SLICE_MS = 8;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function discoverEvalTree(roots: readonly string[], options: DiscoveryOptions = {}): Promise<{ suites: SuiteNode[]; stats: DiscoveryStats }> {
  const started = performance.now();
  const read = options.readText ?? ((file: string) => readFile(file, 'utf8'));
  const yieldNow = options.yieldNow ?? nextTurn;
  const sliceMs = options.sliceMs ?? SLICE_MS;
  const suites: SuiteNode[] = [];
  let slowestFileMs = 0;
  let cases = 0;
  for (const root of roots) {
    // discoverSuites reads each candidate once to recognise it; the load reuses that text instead of reading again.
    const seen = new Map<string, string>();
    const found = await discoverSuites(root, { readText: async (file) => remember(seen, file, await read(file)) });
    // One file at a time: with its text at hand a load never waits for I/O, so loads running side by side would
    // all parse in the same turn of the event loop. Files are loaded until a slice of `sliceMs` is used, then
    // the loop gets a turn.
    let sliceStart = performance.now();
    for (const { file, kind } of found) {
      if (options.signal?.aborted) break;
      const t0 = performance.now();
      const text = seen.get(file);
      seen.delete(file);
      const readOnce: ReadText = (f) => (f === file && text !== undefined ? Promise.resolve(text) : read(f));
      const node = await loadSuiteNode(file, root, kind, { ...options, readText: readOnce });
      slowestFileMs = Math.max(slowestFileMs, performance.now() - t0);
      suites.push(node);
      cases += node.cases.length;
      // The slice counts what the listener does with the suite too (the controller builds its TestItems).
      options.onSuite?.(node);
      if (performance.now() - sliceStart >= sliceMs) {
        await yieldNow();
        sliceStart = performance.now();
      }
    }
    seen.clear();
  }
  suites.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { suites, stats: { suites: suites.length, cases, durationMs: performance.now() - started, slowestFileMs } };
}

/** The kind of suite a single (created or edited) file holds, or undefined when it is none. */
export async function suiteKindOf(file: string, options: LoadOptions = {}): Promise<EvalSuite['kind'] | undefined> {
  return suiteKind(file, options.readText ?? ((f) => readFile(f, 'utf8')));
}

/** One suite as tree nodes; a suite with errors becomes a node that carries the first of them. */
export async function loadSuiteNode(file: string, root: string, kind: EvalSuite['kind'], options: LoadOptions = {}): Promise<SuiteNode> {
  try {
    const { suite } = await loadSuite(file, { ...(options.readText ? { readText: options.readText } : {}), ...(options.endpoints ? { endpoints: options.endpoints } : {}) });
    return suiteNode(suite, root);
  } catch (error) {
    return brokenSuiteNode(file, root, kind, describeLoadError(error));
  }
}

export function describeLoadError(error: unknown): string {
  if (error instanceof InputError) {
    const first = error.diagnostics.find((d) => d.severity === 'error') ?? error.diagnostics[0];
    if (first) return first.location ? `line ${first.location.line}: ${first.message}` : first.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Keeps the text of files named as suites (other YAML and JSON are read again if they turn out to be one). */
function remember(seen: Map<string, string>, file: string, text: string): string {
  const byName = suiteKindOfName(file);
  if (byName !== undefined && byName !== 'yaml') seen.set(file, text);
  return text;
}

// The protocol of the eval results view (a webview panel over the stored runs of one prompt), the sibling of
// protocol.ts: requests go webview → host with a typed reply, checked on the host against closed schemas and
// dropped when they do not fit. The charts arrive drawn in the page; only the comparison travels as data.
import { obj, str, type Check } from './schema';

export const RESULTS_PROTOCOL_VERSION = 1;

export type ComparisonStatus = 'fixed' | 'broken' | 'unchanged' | 'new' | 'removed';

export interface ComparedCase {
  status: ComparisonStatus;
  caseId: string;
  modelId: string;
  /** 0-based, as records count. */
  repeat: number;
  currentVersion?: string;
  baselineVersion?: string;
  /** Outcome in the run (absent for removed cases). */
  pass?: boolean;
  /** Outcome in the baseline (absent for new cases). */
  baselinePass?: boolean;
}

export interface ResultsComparison {
  runId: string;
  baselineRunId: string;
  counts: Record<ComparisonStatus, number>;
  /** Changed cases first (broken, fixed, new, removed), then unchanged ones, up to a cap. */
  cases: ComparedCase[];
  /** Cases beyond the cap. */
  omitted: number;
}

export interface ResultsRequestMap {
  /** Compare one stored run of the prompt with another, case by case (core's baseline comparison). */
  'results/compare': [{ runId: string; baselineRunId: string }, ResultsComparison];
  /** Open a run's full HTML report in the editor. */
  'results/openReport': [{ runId: string }, { opened: boolean }];
}

export type ResultsMethod = keyof ResultsRequestMap;
export type ResultsParams<M extends ResultsMethod> = ResultsRequestMap[M][0];
export type ResultsResult<M extends ResultsMethod> = ResultsRequestMap[M][1];

export type ResultsToHost = { kind: 'request'; id: number; method: ResultsMethod; params: unknown };
export type HostToResults = { kind: 'response'; id: number; result?: unknown; error?: { message: string; hint?: string } };

const runId = str(128, /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/);

export const resultsSchemas: { [M in ResultsMethod]: Check<ResultsParams<M>> } = {
  'results/compare': obj({ runId, baselineRunId: runId }),
  'results/openReport': obj({ runId }),
};

/** One message from the results webview, or undefined when it does not fit (the host drops it). */
export function parseResultsMessage(raw: unknown): { kind: 'request'; id: number; method: ResultsMethod; params: unknown } | undefined {
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
    const m = raw as Record<string, unknown>;
    if (m.kind !== 'request' || Object.keys(m).some((k) => !['kind', 'id', 'method', 'params'].includes(k))) return undefined;
    if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id) || m.id < 0) return undefined;
    if (typeof m.method !== 'string' || !Object.prototype.hasOwnProperty.call(resultsSchemas, m.method)) return undefined;
    const method = m.method as ResultsMethod;
    return { kind: 'request', id: m.id, method, params: resultsSchemas[method](m.params, method) };
  } catch {
    return undefined;
  }
}

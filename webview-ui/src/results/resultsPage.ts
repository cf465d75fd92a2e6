// The results view's page logic: the charts come drawn by the host; this fills the comparison table
// through `results/compare` whenever the run or the baseline changes, and asks the host to open a run's
// report. It builds the table with DOM nodes and textContent only, so nothing from a run becomes markup.
import { resultsSchemas, type ComparedCase, type ResultsComparison, type ResultsMethod, type ResultsParams, type ResultsResult } from '../../../src/shared/resultsProtocol';
import type { ResultsTransport } from '../host/vscodeApi';

const TIMEOUT_MS = 60_000;

export class ResultsClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }>();
  readonly stop: () => void;

  constructor(private readonly transport: ResultsTransport) {
    this.stop = transport.listen((raw) => this.receive(raw));
  }

  request<M extends ResultsMethod>(method: M, params: ResultsParams<M>): Promise<ResultsResult<M>> {
    // The host's own schema: a message it would drop fails here, with a reason.
    resultsSchemas[method](params, method);
    const id = this.nextId++;
    return new Promise<ResultsResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => (this.pending.delete(id), reject(new Error(`${method}: no reply from the host`))), TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.transport.post({ kind: 'request', id, method, params });
    });
  }

  private receive(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null) return;
    const m = raw as { kind?: unknown; id?: unknown; result?: unknown; error?: { message?: unknown; hint?: unknown } };
    if (m.kind !== 'response' || typeof m.id !== 'number') return;
    const waiting = this.pending.get(m.id);
    if (!waiting) return;
    this.pending.delete(m.id);
    clearTimeout(waiting.timer);
    if (m.error) waiting.reject(new Error([m.error.message, m.error.hint].filter((x) => typeof x === 'string').join(' ')));
    else waiting.resolve(m.result);
  }
}

const STATUS_TEXT: Record<ComparedCase['status'], string> = { broken: 'broken', fixed: 'fixed', new: 'new', removed: 'removed', unchanged: 'unchanged' };

export function startResultsPage(doc: Document, client: ResultsClient): { compared: () => Promise<void> } {
  const run = doc.getElementById('run') as HTMLSelectElement | null;
  const baseline = doc.getElementById('baseline') as HTMLSelectElement | null;
  const summary = doc.getElementById('compare-summary');
  const body = doc.querySelector('#compare-table tbody');
  const open = doc.getElementById('open-report');
  let latest = Promise.resolve();
  if (!run || !baseline || !summary || !body) return { compared: () => latest };

  const compare = async (): Promise<void> => {
    if (run.value === baseline.value) {
      summary.textContent = run.options.length < 2 ? 'Only one run so far: the next run can be compared with it.' : 'Pick a different baseline run to compare with.';
      body.replaceChildren();
      return;
    }
    summary.textContent = 'Comparing…';
    try {
      render(await client.request('results/compare', { runId: run.value, baselineRunId: baseline.value }));
    } catch (error) {
      summary.textContent = `Could not compare: ${error instanceof Error ? error.message : String(error)}`;
      body.replaceChildren();
    }
  };

  const render = (c: ResultsComparison): void => {
    const parts = (['broken', 'fixed', 'new', 'removed', 'unchanged'] as const).map((s) => `${c.counts[s]} ${STATUS_TEXT[s]}`);
    summary.textContent = `${parts.join(' · ')}${c.omitted ? ` (${c.omitted} more cases not listed)` : ''}`;
    body.replaceChildren(
      ...c.cases.map((item) => {
        const tr = doc.createElement('tr');
        tr.dataset.status = item.status;
        tr.append(
          cell(doc, STATUS_TEXT[item.status], `status-${item.status}`),
          cell(doc, item.repeat > 0 ? `${item.caseId} #${item.repeat + 1}` : item.caseId),
          cell(doc, item.modelId),
          outcome(doc, item.baselinePass, item.baselineVersion),
          outcome(doc, item.pass, item.currentVersion),
        );
        return tr;
      }),
    );
  };

  run.addEventListener('change', () => void (latest = compare()));
  baseline.addEventListener('change', () => void (latest = compare()));
  open?.addEventListener('click', () => void client.request('results/openReport', { runId: run.value }).catch(() => undefined));
  latest = compare();
  return { compared: () => latest };
}

function cell(doc: Document, text: string, className?: string): HTMLTableCellElement {
  const td = doc.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function outcome(doc: Document, pass: boolean | undefined, version: string | undefined): HTMLTableCellElement {
  if (pass === undefined) return cell(doc, '–');
  return cell(doc, `${pass ? 'pass' : 'fail'}${version ? ` (${version})` : ''}`, pass ? 'pass' : 'fail');
}

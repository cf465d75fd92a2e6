// What model calls cost, per local calendar day and per source (playground runs, eval runs), kept in a small
// key-value store (VS Code's globalState) so the status bar shows today's tokens and cost across windows and
// restarts, and the monthly budget can be checked before a run. No `vscode` here: the store is injected.

export type SpendSource = 'playground' | 'evals';

export interface SpendEntry {
  source: SpendSource;
  inputTokens: number;
  outputTokens: number;
  /** US dollars; 0 when the model has no known price. */
  usd: number;
}

export interface SpendTotals {
  inputTokens: number;
  outputTokens: number;
  usd: number;
  calls: number;
}

export type DaySpend = Partial<Record<SpendSource, SpendTotals>>;

interface LedgerState {
  /** `YYYY-MM-DD` (local time) → spend of that day. */
  days: Record<string, DaySpend>;
  /** `YYYY-MM` → the budget warnings already shown that month (80, 100). */
  warned?: Record<string, number[]>;
}

/** The part of vscode.Memento the ledger uses. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export const SPEND_STATE_KEY = 'promptyard.spend.v1';
/** Days kept: this month and the last one, whatever the month lengths. */
const KEPT_DAYS = 62;

export class SpendLedger {
  private listeners = new Set<() => void>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Adds one call's spend to today and tells the listeners (the status bar). */
  async record(entry: SpendEntry): Promise<void> {
    const state = this.state();
    const day = dayKey(this.now());
    const spend = (state.days[day] ??= {});
    const totals = (spend[entry.source] ??= { inputTokens: 0, outputTokens: 0, usd: 0, calls: 0 });
    totals.inputTokens += clean(entry.inputTokens);
    totals.outputTokens += clean(entry.outputTokens);
    totals.usd += clean(entry.usd);
    totals.calls += 1;
    prune(state, this.now());
    // A Memento holds the new value as soon as update() is called; the listeners need not wait for the disk.
    const saved = this.store.update(SPEND_STATE_KEY, state);
    for (const listener of this.listeners) listener();
    await saved;
  }

  today(): DaySpend {
    return this.state().days[dayKey(this.now())] ?? {};
  }

  /** US dollars spent this calendar month, both sources. */
  monthUsd(): number {
    const month = dayKey(this.now()).slice(0, 7);
    let usd = 0;
    for (const [day, spend] of Object.entries(this.state().days)) if (day.startsWith(month)) usd += totalOf(spend).usd;
    return usd;
  }

  /** True the first time a warning level (80, 100) is reached this month; remembers it. */
  async firstWarning(level: number): Promise<boolean> {
    const state = this.state();
    const month = dayKey(this.now()).slice(0, 7);
    const shown = (state.warned ??= {})[month] ?? [];
    if (shown.includes(level)) return false;
    state.warned[month] = [...shown, level];
    await this.store.update(SPEND_STATE_KEY, state);
    return true;
  }

  /** Forgets every day (tests; a person never needs it). */
  async clear(): Promise<void> {
    const saved = this.store.update(SPEND_STATE_KEY, undefined);
    for (const listener of this.listeners) listener();
    await saved;
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  private state(): LedgerState {
    const raw = this.store.get<LedgerState>(SPEND_STATE_KEY);
    // A copy: the store may hand out its cached object, which must change only through update().
    return raw && typeof raw === 'object' && raw.days && typeof raw.days === 'object' ? (JSON.parse(JSON.stringify(raw)) as LedgerState) : { days: {} };
  }
}

/** Both sources of a day added up. */
export function totalOf(spend: DaySpend): SpendTotals {
  const out: SpendTotals = { inputTokens: 0, outputTokens: 0, usd: 0, calls: 0 };
  for (const t of Object.values(spend)) {
    if (!t) continue;
    out.inputTokens += t.inputTokens;
    out.outputTokens += t.outputTokens;
    out.usd += t.usd;
    out.calls += t.calls;
  }
  return out;
}

/** Local calendar day, `YYYY-MM-DD`. */
export function dayKey(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function prune(state: LedgerState, now: Date): void {
  const oldest = dayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() - KEPT_DAYS));
  for (const day of Object.keys(state.days)) if (day < oldest) delete state.days[day];
  const month = dayKey(now).slice(0, 7);
  for (const m of Object.keys(state.warned ?? {})) if (m !== month) delete state.warned![m];
}

function clean(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

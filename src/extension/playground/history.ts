// Run history of the playground, kept per workspace (VS Code's workspaceState) so it survives a reload.
// Capped in entries and in size; every string passes through redact, so a key pasted into a prompt is not
// kept. No `vscode` here: the Memento interface is structural.
import type { HistoryEntry } from '../../shared/protocol';
import { redactStrings } from './scrub';

export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export const HISTORY_KEY = 'promptyard.playground.history';
/** Longest answer text kept per column; the rest is cut with a note. */
const MAX_TEXT = 20_000;

export class HistoryStore {
  constructor(
    private readonly memento: MementoLike,
    private readonly limit: () => number,
  ) {}

  list(): HistoryEntry[] {
    const raw = this.memento.get<unknown>(HISTORY_KEY);
    return Array.isArray(raw) ? (raw.filter(isEntry) as HistoryEntry[]).slice(0, this.limit()) : [];
  }

  /** Newest first; an entry with the same run id replaces the old one. */
  async add(entry: HistoryEntry): Promise<void> {
    const limit = this.limit();
    if (limit <= 0) return;
    const kept = this.list().filter((e) => e.runId !== entry.runId);
    await this.memento.update(HISTORY_KEY, [scrub(entry), ...kept].slice(0, limit));
  }

  async clear(): Promise<void> {
    await this.memento.update(HISTORY_KEY, []);
  }
}

function scrub(entry: HistoryEntry): HistoryEntry {
  const cut = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}\n… (${text.length - MAX_TEXT} more characters not kept in history)` : text);
  const trimmed: HistoryEntry = { ...entry, results: entry.results.map((r) => ('failed' in r ? r : { ...r, text: cut(r.text) })) };
  return redactStrings(trimmed);
}


function isEntry(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Partial<HistoryEntry>;
  return typeof e.runId === 'string' && typeof e.at === 'string' && typeof e.draft === 'object' && Array.isArray(e.columns) && Array.isArray(e.results);
}

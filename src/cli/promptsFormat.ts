// Text forms of the registry's results for the terminal: list, history, diff, check and write results.
import type { CheckReport } from '../core/prompts/registry/check';
import type { LabelResult } from '../core/prompts/registry/labels';
import type { LineEdit } from '../core/prompts/registry/lineDiff';
import type { RegistryProblem } from '../core/prompts/registry/lockRead';
import type { PromptDiff } from '../core/prompts/registry/promptDiff';
import type { PromptHistory, PromptStatus, PromptSummary, ShownVersion } from '../core/prompts/registry/read';
import type { ReleaseResult } from '../core/prompts/registry/release';

const STATUS: Record<PromptStatus, string> = {
  'up-to-date': 'up to date',
  changed: 'unreleased changes',
  'never-released': 'never released',
  'file-missing': 'file missing',
};

export function formatList(rows: PromptSummary[]): string[] {
  if (rows.length === 0) return ['No prompt files under prompts/ and nothing released yet.'];
  const table = [['ID', 'LATEST', 'LABELS', 'STATUS', 'FILE']];
  for (const r of rows) {
    const labels = Object.keys(r.labels).sort().map((l) => `${l}=${r.labels[l]}`).join(' ');
    table.push([r.id, r.latest ?? '-', labels || '-', STATUS[r.status], r.file]);
  }
  return columns(table);
}

export function formatHistory(h: PromptHistory): string[] {
  const labels = Object.keys(h.labels).sort().map((l) => `${l}=${h.labels[l]}`).join(' ');
  const lines = [`${h.id}  ${h.file}`, `labels: ${labels || 'none'}`, ''];
  const rows = h.events.map((e) => {
    const when = e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    if (e.kind === 'release') {
      const extra = [e.by ? `by ${e.by}` : '', e.commit ? `commit ${e.commit.slice(0, 10)}` : '', e.message ? JSON.stringify(e.message) : ''].filter(Boolean).join('  ');
      return [when, `released ${e.version}`, extra];
    }
    const move = e.from === null ? `${e.label} → ${e.to} (new)` : `${e.label} ${e.from} → ${e.to}`;
    return [when, move, `${e.action} by ${e.by}`];
  });
  return [...lines, ...columns(rows)];
}

export function formatShownDetails(s: ShownVersion): string {
  const parts = [`${s.id} ${s.version}`, s.labels.length ? s.labels.join(', ') : '', `sha256 ${s.sha256.slice(0, 12)}…`, `released ${s.record.createdAt}${s.record.author ? ` by ${s.record.author}` : ''}`, s.record.commit ? `commit ${s.record.commit.slice(0, 10)}` : '', s.record.message ? JSON.stringify(s.record.message) : ''];
  return parts.filter(Boolean).join(' · ');
}

export function formatRelease(r: ReleaseResult): string {
  if (r.status === 'unchanged') return `${r.id} is unchanged since ${r.version} (${r.file}): nothing released.`;
  const previous = r.previous ? ` (previous ${r.previous})` : ' (first release)';
  return `Released ${r.id} ${r.version}${previous}: ${r.snapshot}${r.commit ? ` at commit ${r.commit.slice(0, 10)}` : ''}.`;
}

export function formatLabel(r: LabelResult): string {
  if (!r.changed) return `${r.id}@${r.label} already points at ${r.to}: nothing changed.`;
  const verb = r.action === 'rollback' ? 'Rolled back' : r.action === 'promote' ? 'Promoted' : 'Moved';
  return `${verb} ${r.id}@${r.label}: ${r.from ?? '(new)'} → ${r.to}.`;
}

export function formatProblem(p: RegistryProblem): string[] {
  const where = p.line !== undefined ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
  return [`${where}: ${p.message}.`, `  ${p.hint}`];
}

export function formatCheck(report: CheckReport): string[] {
  const lines = report.problems.flatMap(formatProblem);
  for (const note of report.notes) lines.push(`note: ${note}`);
  const { prompts, versions, promptFiles, ms } = report.stats;
  const counts = `${prompts} prompt${prompts === 1 ? '' : 's'}, ${versions} version${versions === 1 ? '' : 's'}, ${promptFiles} prompt file${promptFiles === 1 ? '' : 's'}, ${(ms / 1000).toFixed(2)} s`;
  const n = report.problems.length;
  lines.push(report.ok ? `check passed (${counts})` : `check failed: ${n} problem${n === 1 ? '' : 's'} (${counts})`);
  return lines;
}

export function formatDiff(d: PromptDiff): string[] {
  const head = `${d.a.id} ${d.a.version} → ${d.b.id} ${d.b.version}`;
  if (d.identical) return [head, d.a.sha256 === d.b.sha256 ? 'The two versions are the same snapshot.' : 'Same content (only the version differs).'];
  const out = [head];
  for (const f of d.fields) {
    if (f.kind === 'changed') out.push(`${f.path}: ${show(f.before)} → ${show(f.after)}`);
    else out.push(`${f.path}: ${f.kind} ${show(f.kind === 'added' ? f.after : f.before)}`);
  }
  if (d.responseFormat) out.push('responseFormat: changed', ...hunk(d.responseFormat.lines));
  for (const m of d.messages) {
    const where = m.kind === 'added' ? `${m.indexAfter}` : m.kind === 'removed' ? `${m.indexBefore}` : m.indexBefore === m.indexAfter ? `${m.indexAfter}` : `${m.indexBefore} → ${m.indexAfter}`;
    const role = m.roleBefore ? `${m.roleBefore} → ${m.role}` : m.role;
    out.push(`message ${where} (${role}): ${m.kind}`, ...hunk(m.lines));
  }
  for (const [what, items] of [['tool', d.tools], ['input', d.inputs], ['evaluator', d.evaluators]] as const) {
    for (const item of items) out.push(`${what} ${item.name}: ${item.kind}`, ...(item.lines ? hunk(item.lines) : []));
  }
  if (d.testData) out.push(`testData: ${d.testData.before} → ${d.testData.after} rows (${d.testData.added} added, ${d.testData.removed} removed)`);
  if (d.unchangedMessages) out.push(`(${d.unchangedMessages} message${d.unchangedMessages === 1 ? '' : 's'} unchanged)`);
  return out;
}

const CONTEXT = 2;

/** A line diff with two lines of context around changes; longer unchanged runs are folded. */
export function hunk(edits: LineEdit[]): string[] {
  const out: string[] = [];
  const near = edits.map((_, i) => edits.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((e) => e.op !== 'equal'));
  let folded = 0;
  edits.forEach((e, i) => {
    if (e.op === 'equal' && !near[i]) {
      folded++;
      return;
    }
    if (folded) out.push(`    … ${folded} unchanged line${folded === 1 ? '' : 's'}`);
    folded = 0;
    out.push(`  ${e.op === 'insert' ? '+' : e.op === 'delete' ? '-' : ' '} ${e.line}`);
  });
  if (folded) out.push(`    … ${folded} unchanged line${folded === 1 ? '' : 's'}`);
  return out;
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? 'undefined';
}

function columns(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

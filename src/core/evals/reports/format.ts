// Number formats shared by the terminal table and the HTML report. Locale-free, so reports are reproducible.

/** 0.925 → `92.5%`, 1 → `100%`, 0 → `0%`. */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  const percent = ratio * 100;
  if (percent === 100 || percent === 0) return `${percent}%`;
  const text = percent.toFixed(1);
  // Never round a near-miss up to 100% or a near-zero down to 0%.
  if (text === '100.0') return '99.9%';
  if (text === '0.0') return '0.1%';
  return `${text}%`;
}

/** `812ms`, `1.9s`, `2m05s`; `–` when unknown. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 10) return `${Number(ms.toFixed(1))}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** `$0`, `$0.000093` (two significant digits under a cent), `$0.4210`, `$12.40`, `<$0.000001`. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd) || usd === 0) return '$0';
  if (usd < 1e-6) return '<$0.000001';
  if (usd < 0.01) return `$${usd.toFixed(1 - Math.floor(Math.log10(usd)))}`;
  if (usd < 1) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

/** `950`, `12.3k`, `4.56M`. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (Math.abs(n) < 1000) return String(Math.round(n));
  if (Math.abs(n) < 1e6) return `${trim((n / 1e3).toFixed(n < 1e4 ? 2 : 1))}k`;
  return `${trim((n / 1e6).toFixed(n < 1e7 ? 2 : 1))}M`;
}

export function formatScore(score: number): string {
  return Number.isFinite(score) ? score.toFixed(2) : '–';
}

/** An ISO time as `2025-03-04 09:05 UTC` (no locale, no time zone surprises). */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

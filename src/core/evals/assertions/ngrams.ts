// Words and n-grams for the text-overlap metrics (rouge-n, bleu): lower-cased, split on whitespace.

export function words(text: string): string[] {
  const trimmed = text.toLowerCase().trim();
  return trimmed ? trimmed.split(/\s+/) : [];
}

/** Each n-gram (joined with a space) and how often it occurs. */
export function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** Occurrences of `candidate` n-grams that also occur in `reference`, each counted at most as often as there. */
export function clippedOverlap(candidate: Map<string, number>, reference: Map<string, number>): number {
  let overlap = 0;
  for (const [gram, count] of candidate) overlap += Math.min(count, reference.get(gram) ?? 0);
  return overlap;
}

export function total(counts: Map<string, number>): number {
  let sum = 0;
  for (const c of counts.values()) sum += c;
  return sum;
}

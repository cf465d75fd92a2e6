// Names and orderings shared by every report, so the table, JSON, JUnit and HTML agree on what a row is
// and list things in the same order whatever order the cases finished in.
import type { WorkItem } from '../types';

type Identity = Pick<WorkItem, 'promptId' | 'promptVersion' | 'modelId'>;
type CaseIdentity = Pick<WorkItem, 'promptId' | 'promptVersion' | 'modelId' | 'caseId' | 'repeat'>;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** `greet@1.2.0`, or `greet` for an unreleased prompt. */
export function promptLabel(item: Pick<WorkItem, 'promptId' | 'promptVersion'>): string {
  return item.promptVersion ? `${item.promptId}@${item.promptVersion}` : item.promptId;
}

/** The summary row a record belongs to: prompt version × model. */
export function rowKey(item: Identity): string {
  return `${promptLabel(item)}\u0000${item.modelId}`;
}

/** One case of one prompt version on one model, across its repeats (the key of `RunSummary.stability`). */
export function caseKey(item: Omit<CaseIdentity, 'repeat'>): string {
  return `${promptLabel(item)}|${item.modelId}|${item.caseId}`;
}

/** Orders rows by prompt id, then version (numerically: 1.10 after 1.9), then model. */
export function compareRows(a: Identity, b: Identity): number {
  return (
    collator.compare(a.promptId, b.promptId) ||
    collator.compare(a.promptVersion ?? '', b.promptVersion ?? '') ||
    collator.compare(a.modelId, b.modelId)
  );
}

/** Orders cases within and across rows: row order, then case id (numerically), then repeat. */
export function compareCases(a: CaseIdentity, b: CaseIdentity): number {
  return compareRows(a, b) || collator.compare(a.caseId, b.caseId) || a.repeat - b.repeat;
}

/** How a person reads a repeat: records count from 0, reports from 1 (`#1` is the first run of a case). */
export function repeatLabel(repeat: number): string {
  return `#${repeat + 1}`;
}

export function compareText(a: string, b: string): number {
  return collator.compare(a, b);
}

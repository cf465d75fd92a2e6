// What every file report (JSON, JUnit, HTML) is made from, and how a caller turns one into text.
// Reports are async generators of text chunks: write them to a file as they come (`stream.pipeline(
// Readable.from(chunks), createWriteStream(path))`), or collect them for a test.
import type { CaseRecord, RunMeta, RunSummary } from '../types';
import type { BaselineComparison } from './baseline';

/** Records as the run store yields them: read once, in any order. */
export type RecordSource = AsyncIterable<CaseRecord> | Iterable<CaseRecord>;

export interface ReportInput {
  meta: RunMeta;
  summary: RunSummary;
  records: RecordSource;
  /** Given with `--baseline <run-id>`. */
  baseline?: BaselineComparison;
}

export async function collectText(chunks: AsyncIterable<string>): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return parts.join('');
}

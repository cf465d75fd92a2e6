// feedback/add: the rated answer becomes a case appended to the prompt's feedback dataset (feedback.ts says
// what the case asserts). For a bound panel the dataset sits next to the prompt file and is added to its
// `datasets:` list, as an edit in the editor (visible, undoable, saved with the file), so `promptyard eval`
// runs it. The side view writes `prompts/<name>.feedback.jsonl` in the workspace.
import { appendFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PromptyardError } from '../../core/errors';
import { idFromFileName } from '../../core/prompts/promptFile';
import type { RequestParams } from '../../shared/protocol';
import { slugOf } from './draft';
import { addDatasetToText } from './draftText';
import { buildFeedbackCase, feedbackFileFor, feedbackLine } from './feedback';
import type { ColumnRecord } from './runs';
import type { PlaygroundSession } from './session';

export async function addFeedback(session: PlaygroundSession, params: RequestParams<'feedback/add'>): Promise<{ dataset: string }> {
  const record = session.runs.column(params.runId, params.columnId) ?? fromHistory(session, params.runId, params.columnId);
  if (!record) {
    throw new PromptyardError('unknown-run', 'That answer is no longer known (it failed, or it is older than the history).', { hint: 'Run the prompt again and rate the new answer.' });
  }
  const file = datasetFile(session, record);
  const entry = buildFeedbackCase({
    rating: params.rating,
    ...(params.note ? { note: params.note } : {}),
    draft: record.draft,
    modelId: record.modelId,
    variant: record.variant,
    output: record.text,
    runId: params.runId,
    at: new Date().toISOString(),
  });
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, feedbackLine(entry), 'utf8');
  session.services.logger.info(`Feedback (${params.rating}) added to ${file}.`);
  if (session.bound) await listDataset(session, path.basename(file));
  return { dataset: vscode.workspace.asRelativePath(file) };
}

function datasetFile(session: PlaygroundSession, record: ColumnRecord): string {
  if (session.bound) return feedbackFileFor(session.bound.file, idFromFileName(session.bound.file));
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root) throw new PromptyardError('no-workspace', 'Feedback is saved in the workspace, and no folder is open.', { hint: 'Open a folder, then rate the answer again.' });
  return path.join(root, 'prompts', `${slugOf(record.draft.name)}.feedback.jsonl`);
}

async function listDataset(session: PlaygroundSession, dataset: string): Promise<void> {
  const bound = session.bound!;
  const next = addDatasetToText(await bound.text(), dataset);
  if (next !== undefined && (await bound.replaceText(next))) {
    session.services.logger.info(`Added ${dataset} to datasets: in ${vscode.workspace.asRelativePath(bound.uri)} (unsaved).`);
  }
}

function fromHistory(session: PlaygroundSession, runId: string, columnId: string): ColumnRecord | undefined {
  const entry = session.history.list().find((e) => e.runId === runId);
  const column = entry?.columns.find((c) => c.columnId === columnId);
  const result = entry?.results.find((r) => r.columnId === columnId);
  if (!entry || !column || !result || 'failed' in result) return undefined;
  return { draft: entry.draft, modelId: column.modelId, variant: column.variant, text: result.text, at: entry.at };
}

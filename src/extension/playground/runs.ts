// Runs of the playground: a draft rendered through core for each column (a model, or a prompt variant),
// streamed from the provider with deltas batched, ended by `run/done` or `run/failed`; Stop aborts the HTTP
// request; a column with tool calls continues with the answers. No `vscode` here: the session injects the
// model resolver, the partials and the sink, so Node tests drive it against the test LLM server.
import { randomUUID } from 'node:crypto';
import { PromptyardError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import type { PartialSet } from '../../core/prompts/partials';
import { renderPrompt } from '../../core/prompts/render';
import type { ResolvedModel } from '../../core/providers/registry';
import { buildChatRequest } from '../../core/runPrompt';
import { MAX_COMPARE_MODELS, type HistoryEntry, type NotificationMap, type PlaygroundDraft, type RequestParams, type RunColumn, type RunFailure, type RunSummary } from '../../shared/protocol';
import type { ChatMessage, ChatResult } from '../../shared/types';
import { DeltaBatcher, type Timer } from './deltaBatcher';
import { promptFromDraft } from './draft';
import { failureOf } from './failure';

export interface RunDeps {
  /** A model id to its provider; refuses what Workspace Trust forbids. */
  resolve(modelId: string): Promise<ResolvedModel>;
  partials(file: string): Promise<PartialSet>;
  notify<N extends 'run/delta' | 'run/done' | 'run/failed'>(method: N, params: NotificationMap[N]): void;
  /** A finished run, for the history. */
  recorded(entry: HistoryEntry): void;
  /** A column's call finished with a result: its tokens and cost count towards the day's spend. */
  spent?(result: ChatResult): void;
  /** The prompt file the draft belongs to (a bound panel's), or a stand-in name in the workspace. */
  file(): string;
  logger: Logger;
  timer?: Timer;
  deltaIntervalMs?: number;
}

interface ColumnRun {
  column: RunColumn;
  /** The messages sent: the rendered prompt, plus earlier turns when continuing. */
  conversation: ChatMessage[];
  summary?: RunSummary;
  failure?: RunFailure;
}

interface Run {
  runId: string;
  at: string;
  draft: PlaygroundDraft;
  columns: ColumnRun[];
  controller: AbortController;
  settled?: Promise<void>;
}

export interface ColumnRecord {
  draft: PlaygroundDraft;
  modelId: string;
  variant: 'a' | 'b';
  text: string;
  at: string;
}

const KEPT_RUNS = 20;
const MAX_ACTIVE_RUNS = 4;

export class RunManager {
  private readonly runs = new Map<string, Run>();
  private readonly active = new Set<Run>();
  private readonly batcher: DeltaBatcher;

  constructor(private readonly deps: RunDeps) {
    this.batcher = new DeltaBatcher((params) => deps.notify('run/delta', params), deps.deltaIntervalMs, deps.timer);
  }

  /** Starts a run and answers at once; its columns stream as notifications. */
  start(params: RequestParams<'run/start'>): { runId: string; columns: RunColumn[] } {
    if (this.active.size >= MAX_ACTIVE_RUNS) {
      throw new PromptyardError('busy', `${MAX_ACTIVE_RUNS} runs are still going.`, { hint: 'Stop one (or wait for it) and run again.' });
    }
    const { draft } = params;
    const run: Run = { runId: `run-${randomUUID()}`, at: new Date().toISOString(), draft, columns: [], controller: new AbortController() };
    if (params.continueFrom) {
      const { column, conversation } = this.continuation(params.continueFrom);
      run.columns.push({ column: { ...column, columnId: 'c1' }, conversation });
    } else {
      run.columns.push(...planColumns(draft).map((column) => ({ column, conversation: [] })));
    }
    this.keep(run);
    this.active.add(run);
    const fromRender = !params.continueFrom;
    run.settled = Promise.all(run.columns.map((c) => this.runColumn(run, c, fromRender))).then(() => this.finish(run));
    return { runId: run.runId, columns: run.columns.map((c) => c.column) };
  }

  /** Aborts a run's requests (the HTTP connections close); false when it is not running. */
  stop(runId: string): boolean {
    const run = this.runs.get(runId);
    if (!run || !this.active.has(run)) return false;
    run.controller.abort();
    return true;
  }

  /** What a finished column answered, for feedback; undefined when it is not (or no longer) known. */
  column(runId: string, columnId: string): ColumnRecord | undefined {
    const run = this.runs.get(runId);
    const col = run?.columns.find((c) => c.column.columnId === columnId);
    if (!run || !col?.summary) return undefined;
    return { draft: run.draft, modelId: col.column.modelId, variant: col.column.variant, text: col.summary.text, at: run.at };
  }

  get activeCount(): number {
    return this.active.size;
  }

  /** Resolves when no run is going (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.active.size > 0) await Promise.all([...this.active].map((r) => r.settled));
  }

  dispose(): void {
    for (const run of this.active) run.controller.abort();
    this.batcher.dispose();
  }

  private continuation(from: NonNullable<RequestParams<'run/start'>['continueFrom']>): { column: RunColumn; conversation: ChatMessage[] } {
    const prior = this.runs.get(from.runId)?.columns.find((c) => c.column.columnId === from.columnId);
    if (!prior?.summary) {
      throw new PromptyardError('unknown-run', 'That answer is no longer in memory (the window was reloaded or it is too old).', {
        hint: 'Run the prompt again, then answer its tool calls.',
      });
    }
    const calls = prior.summary.toolCalls;
    const answered = new Map(from.toolResults.map((r) => [r.toolCallId, r.content]));
    const missing = calls.filter((c, i) => !answered.has(c.id) && !answered.has(`call_${i}`));
    if (calls.length === 0 || missing.length > 0) {
      throw new PromptyardError('tool-results', calls.length === 0 ? 'That answer made no tool calls to answer.' : `No result for ${missing.map((c) => c.name).join(', ')}.`, {
        hint: 'Give a result for every tool call (by hand or from a fixture), then continue.',
      });
    }
    const conversation: ChatMessage[] = [
      ...prior.conversation,
      { role: 'assistant', content: prior.summary.text, toolCalls: calls.map((c, i) => ({ ...c, id: c.id || `call_${i}` })) },
      ...calls.map((c, i): ChatMessage => {
        const id = c.id || `call_${i}`;
        return { role: 'tool', toolCallId: id, content: answered.get(c.id) ?? answered.get(`call_${i}`) ?? '' };
      }),
    ];
    return { column: prior.column, conversation };
  }

  private async runColumn(run: Run, col: ColumnRun, fromRender: boolean): Promise<void> {
    const { runId, controller } = run;
    const { columnId, modelId } = col.column;
    try {
      const file = this.deps.file();
      const prompt = promptFromDraft(run.draft, { file, variant: col.column.variant });
      if (fromRender) col.conversation = renderPrompt(prompt, run.draft.variables, { partials: await this.deps.partials(file) });
      const resolved = await this.deps.resolve(modelId);
      if (controller.signal.aborted) throw new PromptyardError('cancelled', 'Stopped.');
      const request = buildChatRequest(prompt, col.conversation, resolved.model);
      let result: ChatResult | undefined;
      for await (const event of resolved.provider.stream(request, { signal: controller.signal })) {
        if (event.type === 'text') this.batcher.text(runId, columnId, event.delta);
        else if (event.type === 'tool_call_delta') {
          const { index, id, name, argumentsDelta } = event;
          this.batcher.toolCall(runId, columnId, { index, argumentsDelta, ...(id ? { id } : {}), ...(name ? { name } : {}) });
        } else if (event.type === 'done') result = event.result;
      }
      if (!result) throw new PromptyardError('no-result', 'The model call ended without a result.', { hint: 'Run it again.' });
      this.deps.spent?.(result);
      col.summary = summaryOf(runId, columnId, modelId, result);
      this.batcher.flush();
      this.deps.notify('run/done', { runId, result: col.summary });
    } catch (error) {
      this.batcher.flush();
      col.failure = controller.signal.aborted ? { kind: 'cancelled', message: 'Stopped.', hint: 'Run it again to retry.' } : failureOf(error, modelId);
      if (col.failure.kind === 'internal') this.deps.logger.error(`run ${runId} ${modelId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      else this.deps.logger.debug(`run ${runId} ${modelId} failed (${col.failure.kind}): ${col.failure.message}`);
      this.deps.notify('run/failed', { runId, columnId, failure: col.failure });
    }
  }

  private finish(run: Run): void {
    this.active.delete(run);
    const results: HistoryEntry['results'] = run.columns.map((c) => c.summary ?? { ...c.failure!, columnId: c.column.columnId, failed: true as const });
    this.deps.recorded({ runId: run.runId, at: run.at, draft: run.draft, columns: run.columns.map((c) => c.column), results });
  }

  private keep(run: Run): void {
    this.runs.set(run.runId, run);
    for (const [id, old] of this.runs) {
      if (this.runs.size <= KEPT_RUNS) break;
      if (!this.active.has(old)) this.runs.delete(id);
    }
  }
}

/** One column per model, or per variant when the draft has one; at most four. */
export function planColumns(draft: PlaygroundDraft): RunColumn[] {
  if (draft.modelIds.length === 0) throw new PromptyardError('no-model', 'No model is picked.', { hint: 'Pick a model in the model list (or set a key to see more).' });
  if (draft.messages.length === 0 || (draft.variant && draft.variant.length === 0)) {
    throw new PromptyardError('no-messages', 'The prompt has no messages.', { hint: 'Add a user message and run again.' });
  }
  const variants: Array<'a' | 'b'> = draft.variant ? ['a', 'b'] : ['a'];
  const columns = draft.modelIds.flatMap((modelId) => variants.map((variant) => ({ modelId, variant })));
  if (columns.length > MAX_COMPARE_MODELS) {
    throw new PromptyardError('too-many-columns', `That is ${columns.length} answers side by side; the playground shows at most ${MAX_COMPARE_MODELS}.`, {
      hint: 'Compare two variants on up to two models, or up to four models on one prompt.',
    });
  }
  return columns.map((c, i) => ({ columnId: `c${i + 1}`, ...c }));
}

function summaryOf(runId: string, columnId: string, modelId: string, result: ChatResult): RunSummary {
  const summary: RunSummary = {
    runId,
    columnId,
    modelId,
    text: result.text,
    toolCalls: result.toolCalls,
    usage: result.usage,
    latencyMs: result.latencyMs,
    finishReason: result.finishReason,
  };
  if (result.firstTokenMs !== undefined) summary.firstTokenMs = result.firstTokenMs;
  if (result.cost) summary.cost = result.cost.total;
  return summary;
}

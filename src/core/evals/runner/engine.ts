// The dispatch of a run: one loop per provider walks that provider's pending items in plan order. A cached
// item is graded at once; any other waits for a slot of its provider's adaptive limiter, then for the budget,
// and only then is its call sent. Each finished item is written to results.jsonl before it is reported, so
// what a host sees is what a resume will find. select-best groups are held until all their members finish.
import { selectBest } from '../assertions/selectBest';
import type { ResponseCache } from '../cache/responseCache';
import type { SummaryAccumulator } from '../reports/summary';
import type { RunWriter } from '../store/runStore';
import type { AssertionSpec, CaseRecord, EvalEvent, GradingResult, WorkItem } from '../types';
import type { Budget } from './budget';
import { callModel, gradeItem, ItemCancelled, prepareItem, withGroupResults, type CallOutcome, type ExecuteContext, type GradedItem, type PreparedItem } from './execute';
import type { AdaptiveLimiter, Permit } from './limiter';
import { enumerate, pendingInGroup, planOrder, type PlanItem, type PlanSelection, type PlannedSuite } from './plan';

export type StopReason = 'max-cost' | 'cancelled' | 'error';

export interface EngineOptions {
  suites: readonly PlannedSuite[];
  selection: PlanSelection;
  limiters: ReadonlyMap<string, AdaptiveLimiter>;
  /** Bounds cached items graded at once. */
  cachedSlots: AdaptiveLimiter;
  budget: Budget;
  exec: ExecuteContext;
  cache?: ResponseCache;
  writer: RunWriter;
  summary: SummaryAccumulator;
  total: number;
  /** Records and cost already in the run (resume). */
  priorDone: number;
  priorCost: number;
  emit(event: EvalEvent): void;
}

interface Group {
  expected: number;
  members: GradedItem[];
}

export class RunEngine {
  private stopReason: StopReason | undefined;
  private stopMessage = '';
  private tracked = 0;
  private onIdle: (() => void) | undefined;
  private readonly groups = new Map<string, Group>();
  private written = 0;
  private writtenCost = 0;
  /** The records handed to the writer that share its latest write promise (one batch of lines). */
  private batch: CaseRecord[] = [];
  private batchWritten: Promise<void> | undefined;

  constructor(private readonly o: EngineOptions) {}

  get stopped(): { reason: StopReason; message: string } | undefined {
    return this.stopReason ? { reason: this.stopReason, message: this.stopMessage } : undefined;
  }

  /** Records written by this invocation. */
  get recorded(): number {
    return this.written;
  }

  /** Runs every provider's loop, then waits for the items in flight. */
  async run(): Promise<void> {
    const names = [...this.o.limiters.keys()];
    // One listener for the run: a cancelled run's loops stop waiting for slots (acquire() gets no signal).
    const signal = this.o.exec.signal;
    const onAbort = () => this.cancelWaiting(new Error('the run was cancelled'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.all(names.map((name) => this.dispatch(name)));
      if (this.tracked > 0) await new Promise<void>((resolve) => (this.onIdle = resolve));
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Sends nothing more: loops waiting for a slot end now; calls in flight finish (or are aborted by the signal). */
  stop(reason: StopReason, message: string): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.stopMessage = message;
    this.cancelWaiting(new Error(message));
  }

  private cancelWaiting(reason: Error): void {
    for (const limiter of this.o.limiters.values()) limiter.cancelWaiters(reason);
    this.o.cachedSlots.cancelWaiters(reason);
  }

  private async dispatch(provider: string): Promise<void> {
    const limiter = this.o.limiters.get(provider)!;
    const { exec, budget, cache } = this.o;
    for (const item of enumerate(this.o.suites, this.o.selection, { skipDone: true, provider })) {
      if (this.stopReason || exec.signal.aborted) break;
      const prepared = prepareItem(item, cache !== undefined);
      if (!prepared.ok) {
        this.o.emit({ type: 'started', item: workItem(item) });
        this.tracked++;
        void this.finish(prepared, undefined, undefined, undefined);
        continue;
      }
      const hit = prepared.cacheKey && cache?.has(prepared.cacheKey) ? await cache.get(prepared.cacheKey) : undefined;
      if (hit) {
        if (this.stopReason) break;
        // The run's stop() rejects a waiting acquire: no abort listener per item.
        const slot = this.o.cachedSlots.tryAcquire() ?? (await this.o.cachedSlots.acquire().catch(() => undefined));
        if (!slot) break;
        this.o.emit({ type: 'started', item: workItem(item) });
        this.tracked++;
        void this.finish(prepared, { result: hit, cached: true, attempts: 0 }, undefined, slot);
        continue;
      }
      const permit = limiter.tryAcquire() ?? (await limiter.acquire().catch(() => undefined));
      if (!permit) break;
      if (this.stopReason || exec.signal.aborted) {
        permit.release();
        break;
      }
      const estimate = prepared.estimateUsd ?? 0;
      if (!budget.tryReserve(estimate)) {
        permit.release();
        this.stop('max-cost', budgetMessage(budget));
        break;
      }
      this.o.emit({ type: 'started', item: workItem(item) });
      this.tracked++;
      void this.call(prepared, permit, estimate);
    }
  }

  /** Calls the model for an item, then grades and delivers it; the permit is held until it is graded. */
  private async call(prepared: Extract<PreparedItem, { ok: true }>, permit: Permit, estimate: number): Promise<void> {
    let outcome: CallOutcome;
    try {
      outcome = await callModel(prepared, this.o.exec, permit);
    } catch (e) {
      permit.release();
      this.fail(e);
      this.untrack(1);
      return;
    }
    await this.finish(prepared, outcome, estimate, permit);
  }

  /**
   * Grades an item, releases its slot and delivers its record; counted until the record is written (or the
   * item failed). The slot is held while the output is graded, not while the record waits to be written.
   * `reserved`: the estimate held with the budget for its call.
   */
  private async finish(prepared: PreparedItem, outcome: CallOutcome | undefined, reserved: number | undefined, slot: Permit | undefined): Promise<void> {
    let graded: GradedItem;
    try {
      const grading = this.grade(prepared, outcome, reserved);
      graded = grading instanceof Promise ? await grading : grading;
    } catch (e) {
      this.fail(e);
      this.untrack(1);
      return;
    } finally {
      slot?.release();
    }
    try {
      // written() counts the record off once it is in results.jsonl
      if (prepared.item.groupSpecs.length === 0) this.write(graded.record);
      else await this.joinGroup(prepared.item, graded);
    } catch (e) {
      this.fail(e);
    }
    this.untrack(1);
  }

  private untrack(n: number): void {
    this.tracked -= n;
    if (this.tracked === 0) this.onIdle?.();
  }

  private fail(e: unknown): void {
    if (e instanceof ItemCancelled) return;
    this.stop('error', `the run stopped: ${e instanceof Error ? e.message : String(e)}`);
  }

  /** Grades an item and settles its cost with the budget; synchronous when its assertions are. */
  private grade(prepared: PreparedItem, outcome: CallOutcome | undefined, reserved: number | undefined): GradedItem | Promise<GradedItem> {
    let grading: GradedItem | Promise<GradedItem>;
    try {
      grading = gradeItem(prepared, outcome, this.o.exec);
    } catch (e) {
      this.settle(reserved, callCost(outcome));
      throw e;
    }
    if (!(grading instanceof Promise)) {
      this.settle(reserved, grading.record.cost);
      return grading;
    }
    return grading.then(
      (graded) => {
        this.settle(reserved, graded.record.cost);
        return graded;
      },
      (e: unknown) => {
        this.settle(reserved, callCost(outcome));
        throw e;
      },
    );
  }

  private settle(reserved: number | undefined, cost: number): void {
    if (reserved !== undefined) this.o.budget.settle(reserved, cost);
    else this.o.budget.spend(cost);
  }

  private async joinGroup(item: PlanItem, graded: GradedItem): Promise<void> {
    let group = this.groups.get(item.group);
    if (!group) {
      group = { expected: pendingInGroup(item, this.o.selection), members: [] };
      this.groups.set(item.group, group);
    }
    group.members.push(graded);
    if (group.members.length < group.expected) return;
    this.groups.delete(item.group);
    const members = group.members.sort((a, b) => planOrder(item.suite, a.record) - planOrder(item.suite, b.record));
    const withOutput = members.filter((m) => m.ctx && m.record.output !== undefined);
    const extra = new Map<GradedItem, Array<{ spec: AssertionSpec; result: GradingResult }>>();
    for (const spec of item.groupSpecs) {
      if (withOutput.length === 0) break;
      const results = await selectBest(withOutput.map((m) => m.record.output!), spec, withOutput[0]!.ctx!);
      withOutput.forEach((m, i) => {
        const list = extra.get(m) ?? [];
        list.push({ spec, result: results[i]! });
        extra.set(m, list);
      });
    }
    if (this.o.exec.signal.aborted) throw new ItemCancelled();
    for (const member of members) {
      const more = extra.get(member);
      const record = more ? withGroupResults(member, more, item.case.threshold) : member.record;
      if (more) this.o.budget.spend(record.cost - member.record.cost);
      this.write(record);
    }
  }

  /**
   * Hands a record to the run store; it is counted, summed and reported once it is in results.jsonl. Only the
   * record waits for the write (the item's request, result and grading context can be collected meanwhile).
   * Records written together (the writer returns one promise per batch of lines) are reported together,
   * followed by one `progress` event.
   */
  private write(record: CaseRecord): void {
    this.tracked++;
    let written: Promise<void>;
    try {
      written = this.o.writer.append(record);
    } catch (e) {
      this.fail(e);
      this.untrack(1);
      return;
    }
    if (written === this.batchWritten) {
      this.batch.push(record);
      return;
    }
    const batch = [record];
    this.batch = batch;
    this.batchWritten = written;
    written.then(
      () => this.reportWritten(batch),
      (e: unknown) => {
        this.fail(e);
        this.untrack(batch.length);
      },
    );
  }

  private reportWritten(batch: CaseRecord[]): void {
    if (this.batch === batch) {
      this.batch = [];
      this.batchWritten = undefined;
    }
    for (const record of batch) {
      this.o.summary.add(record);
      this.written++;
      this.writtenCost += record.cost;
      this.o.emit({ type: 'result', record });
    }
    this.o.emit({ type: 'progress', done: this.o.priorDone + this.written, total: this.o.total, cost: this.o.priorCost + this.writtenCost });
    this.untrack(batch.length);
  }
}

function callCost(outcome: CallOutcome | undefined): number {
  return outcome?.cached ? 0 : outcome?.result?.cost?.total ?? 0;
}

function workItem(item: PlanItem): WorkItem {
  const p = item.prompt.prompt;
  return {
    key: item.key,
    promptId: p.id,
    ...(p.version !== undefined ? { promptVersion: p.version } : {}),
    modelId: item.model.modelId,
    caseId: item.case.id,
    repeat: item.repeat,
  };
}

function budgetMessage(budget: Budget): string {
  const usd = (n: number) => `$${n.toFixed(n < 0.01 ? 6 : 4)}`;
  return `the budget of ${usd(budget.limitUsd ?? 0)} is reached: ${usd(budget.spent)} spent, ${usd(budget.reserved)} in flight; the next call would pass it`;
}

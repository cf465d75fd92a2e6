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
import type { AdaptiveLimiter } from './limiter';
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
    await Promise.all(names.map((name) => this.dispatch(name)));
    if (this.tracked > 0) await new Promise<void>((resolve) => (this.onIdle = resolve));
  }

  stop(reason: StopReason, message: string): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.stopMessage = message;
  }

  private async dispatch(provider: string): Promise<void> {
    const limiter = this.o.limiters.get(provider)!;
    const { exec, budget, cache } = this.o;
    for (const item of enumerate(this.o.suites, this.o.selection, { skipDone: true, provider })) {
      if (this.stopReason || exec.signal.aborted) break;
      const prepared = prepareItem(item, cache !== undefined);
      if (!prepared.ok) {
        this.o.emit({ type: 'started', item: workItem(item) });
        this.track(this.grade(prepared, undefined).then((graded) => this.deliver(item, graded)));
        continue;
      }
      const hit = prepared.cacheKey && cache?.has(prepared.cacheKey) ? await cache.get(prepared.cacheKey) : undefined;
      if (hit) {
        const slot = await this.o.cachedSlots.acquire(exec.signal).catch(() => undefined);
        if (!slot) break;
        this.o.emit({ type: 'started', item: workItem(item) });
        const work = this.grade(prepared, { result: hit, cached: true, attempts: 0 }).finally(() => slot.release());
        this.track(work.then((graded) => this.deliver(item, graded)));
        continue;
      }
      const permit = await limiter.acquire(exec.signal).catch(() => undefined);
      if (!permit) break;
      if (this.stopReason) {
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
      // The slot is held while the model is called and the output graded, not while the record waits to be written.
      const work = callModel(prepared, exec, permit)
        .then((outcome) => this.grade(prepared, outcome, estimate))
        .finally(() => permit.release())
        .then((graded) => this.deliver(prepared.item, graded));
      this.track(work);
    }
  }

  /** Counts an item until its record is written (or it failed); run() waits for the count to reach 0. */
  private track(work: Promise<void>): void {
    this.tracked++;
    work.then(this.untrack, (e: unknown) => {
      this.fail(e);
      this.untrack();
    });
  }

  private readonly untrack = (): void => {
    if (--this.tracked === 0) this.onIdle?.();
  };

  private fail(e: unknown): void {
    if (e instanceof ItemCancelled) return;
    this.stop('error', `the run stopped: ${e instanceof Error ? e.message : String(e)}`);
  }

  /** Grades an item and settles its cost with the budget (`reserved`: the estimate held for its call). */
  private async grade(prepared: PreparedItem, outcome: CallOutcome | undefined, reserved?: number): Promise<GradedItem> {
    let graded: GradedItem | undefined;
    try {
      graded = await gradeItem(prepared, outcome, this.o.exec);
      return graded;
    } finally {
      const cost = graded ? graded.record.cost : callCost(outcome);
      if (reserved !== undefined) this.o.budget.settle(reserved, cost);
      else this.o.budget.spend(cost);
    }
  }

  /** Writes a graded item's record, or holds it until its select-best group is complete. */
  private async deliver(item: PlanItem, graded: GradedItem): Promise<void> {
    if (item.groupSpecs.length === 0) this.write(graded.record);
    else await this.joinGroup(item, graded);
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
   */
  private write(record: CaseRecord): void {
    this.tracked++;
    this.o.writer.append(record).then(
      () => {
        this.o.summary.add(record);
        this.written++;
        this.writtenCost += record.cost;
        this.o.emit({ type: 'result', record });
        this.o.emit({ type: 'progress', done: this.o.priorDone + this.written, total: this.o.total, cost: this.o.priorCost + this.writtenCost });
        this.untrack();
      },
      (e: unknown) => {
        this.fail(e);
        this.untrack();
      },
    );
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

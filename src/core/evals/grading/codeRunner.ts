// Runs javascript assertions and transforms away from our process state: each run is a function body in a
// fresh vm context inside a worker thread with its own heap limit, an empty environment (no API keys) and
// no Node flags of ours. A small pool of warm workers is reused; a run past its time limit has its worker
// terminated (which stops any loop, sync or async) and replaced, and fails that run only.
// Not a security boundary against hostile code: hosts run code only from trusted workspaces.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CodeRunner } from '../types';
import { CODE_WORKER_SOURCE, type CodeWorkerReply, type CodeWorkerRequest } from './codeWorker';

export interface CodeRunnerOptions {
  /** Workers kept for reuse; default min(2, cores). */
  poolSize?: number;
  /** Heap limit of a worker in MB; default 64. */
  memoryMb?: number;
}

export interface PooledCodeRunner extends CodeRunner {
  /** Stops every worker and rejects queued runs. */
  dispose(): Promise<void>;
}

/** The code ran longer than its limit and was stopped. */
export class CodeTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`stopped after ${timeoutMs} ms, its time limit`);
    this.name = 'CodeTimeoutError';
  }
}

/** The code threw, returned something unusable, or its worker died. */
export class CodeRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodeRunError';
  }
}

interface Task {
  id: number;
  body: string;
  names: string[];
  argsJson: string;
  timeoutMs: number;
  signal?: AbortSignal;
  resolve(value: unknown): void;
  reject(error: Error): void;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  /** The worker runs JavaScript (its 'online' event): a time limit counts from then, not from its boot. */
  online: boolean;
  task?: Task;
  timer?: NodeJS.Timeout;
}

/** Extra time the host waits past the limit, so the vm timeout can stop a sync loop without losing the worker. */
const GRACE_MS = 50;

export function createCodeRunner(options: CodeRunnerOptions = {}): PooledCodeRunner {
  const poolSize = Math.max(1, options.poolSize ?? Math.min(2, availableParallelism()));
  const memoryMb = options.memoryMb ?? 64;
  const slots: Slot[] = [];
  const queue: Task[] = [];
  let nextId = 1;
  let disposed = false;

  function spawn(): Slot {
    const worker = new Worker(CODE_WORKER_SOURCE, {
      eval: true,
      env: {},
      argv: [],
      execArgv: [],
      stdout: true,
      stderr: true,
      name: 'promptyard-code',
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(16, memoryMb), stackSizeMb: 4 },
    });
    const slot: Slot = { worker, online: false };
    worker.once('online', () => {
      slot.online = true;
      if (slot.task && !slot.timer) armTimer(slot, slot.task);
    });
    worker.unref();
    worker.on('message', (reply: CodeWorkerReply) => settle(slot, reply));
    worker.on('error', (error: Error & { code?: string }) => {
      const message = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `ran out of memory (the limit is ${memoryMb} MB)` : `its worker failed: ${error.message}`;
      retire(slot, new CodeRunError(message));
    });
    worker.on('exit', () => retire(slot, new CodeRunError('its worker exited unexpectedly')));
    slots.push(slot);
    return slot;
  }

  function settle(slot: Slot, reply: CodeWorkerReply): void {
    const task = slot.task;
    if (!task || task.id !== reply.id) return;
    finish(slot);
    if (reply.ok) task.resolve(reply.undefined ? undefined : JSON.parse(reply.json ?? 'null'));
    else if (reply.timeout) task.reject(new CodeTimeoutError(task.timeoutMs));
    else task.reject(new CodeRunError(reply.error ?? 'failed'));
    pump();
  }

  function finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.task?.onAbort) slot.task.signal?.removeEventListener('abort', slot.task.onAbort);
    slot.task = undefined;
    slot.timer = undefined;
    slot.worker.unref();
  }

  /** Removes a worker from the pool (terminating it) and fails the run it had. */
  function retire(slot: Slot, error: Error): void {
    const index = slots.indexOf(slot);
    if (index < 0) return;
    slots.splice(index, 1);
    const task = slot.task;
    finish(slot);
    slot.worker.removeAllListeners('exit');
    void slot.worker.terminate().catch(() => undefined);
    task?.reject(error);
    pump();
  }

  function pump(): void {
    while (queue.length > 0 && !disposed) {
      const slot = slots.find((s) => !s.task) ?? (slots.length < poolSize ? spawn() : undefined);
      if (!slot) return;
      start(slot, queue.shift()!);
    }
  }

  function start(slot: Slot, task: Task): void {
    slot.task = task;
    slot.worker.ref();
    const request: CodeWorkerRequest = { id: task.id, body: task.body, names: task.names, argsJson: task.argsJson, timeoutMs: task.timeoutMs };
    slot.worker.postMessage(request);
    // A worker still booting (seconds on a busy machine) has not started the code yet: its timer starts when it is online.
    if (slot.online) armTimer(slot, task);
  }

  function armTimer(slot: Slot, task: Task): void {
    slot.timer = setTimeout(() => retire(slot, new CodeTimeoutError(task.timeoutMs)), task.timeoutMs + GRACE_MS);
  }

  return {
    run(code, args, runOptions) {
      return new Promise<unknown>((resolve, reject) => {
        if (disposed) return reject(new CodeRunError('the code runner was disposed'));
        const { signal } = runOptions;
        if (signal?.aborted) return reject(new CodeRunError('cancelled'));
        let argsJson: string;
        try {
          argsJson = JSON.stringify(args);
        } catch (e) {
          return reject(new CodeRunError(`its arguments are not JSON (${e instanceof Error ? e.message : String(e)})`));
        }
        const timeoutMs = Math.max(1, Math.floor(runOptions.timeoutMs));
        const task: Task = { id: nextId++, body: code, names: Object.keys(args), argsJson, timeoutMs, signal, resolve, reject };
        if (signal) {
          task.onAbort = () => {
            const queued = queue.indexOf(task);
            if (queued >= 0) {
              queue.splice(queued, 1);
              reject(new CodeRunError('cancelled'));
            } else {
              const slot = slots.find((s) => s.task === task);
              if (slot) retire(slot, new CodeRunError('cancelled'));
            }
          };
          signal.addEventListener('abort', task.onAbort, { once: true });
        }
        queue.push(task);
        pump();
      });
    },

    async dispose() {
      disposed = true;
      for (const task of queue.splice(0)) task.reject(new CodeRunError('the code runner was disposed'));
      await Promise.all(
        [...slots].map((slot) => {
          retire(slot, new CodeRunError('the code runner was disposed'));
          return slot.worker.terminate().catch(() => undefined);
        }),
      );
    },
  };
}

// Where one Test Explorer run's results go: the TestRun (states, messages with their diff and location,
// output lines), and a plain log of the same (the extension-host tests read it; the last few are kept).
// Every failure message carries the run it belongs to, so "Open Eval Report" works from the test peek.
import * as vscode from 'vscode';
import type { SourceLocation } from '../../shared/types';
import { outcomeOf, type OutcomeMessage } from './outcomes';
import type { RunUnit } from './runPlan';
import type { EvalTestTree } from './testTree';

export interface RunLink {
  workspace: string;
  runId: string;
}

/**
 * The context value of result messages is `promptyard.evalResult/<run id>`: package.json shows "Open Eval
 * Report" on them, and the run id survives the trip through the workbench, which hands the command a copy of
 * the message rather than the one the run reported.
 */
export const EVAL_MESSAGE_CONTEXT = 'promptyard.evalResult';

export function messageContext(runId: string): string {
  return `${EVAL_MESSAGE_CONTEXT}/${runId}`;
}

/** The run id of a result message's context value. */
export function runIdOfContext(contextValue: string | undefined): string | undefined {
  const prefix = `${EVAL_MESSAGE_CONTEXT}/`;
  return contextValue?.startsWith(prefix) ? contextValue.slice(prefix.length) : undefined;
}

export interface LoggedResult {
  id: string;
  state: 'enqueued' | 'started' | 'passed' | 'failed' | 'errored' | 'skipped';
  durationMs?: number;
  messages: Array<{ text: string; expected?: string; actual?: string; location?: { file: string; line: number }; contextValue?: string }>;
}

export interface RunLog {
  mode: string;
  results: Map<string, LoggedResult>;
  output: string[];
  runIds: string[];
  ended: boolean;
}

/** Messages of every run's failures → their run (a WeakMap: messages go when VS Code lets go of them). */
export const messageRuns = new WeakMap<vscode.TestMessage, RunLink>();

export class RunSink {
  readonly log: RunLog;
  private link: RunLink | undefined;
  private readonly reported = new Set<string>();

  constructor(
    private readonly run: vscode.TestRun,
    private readonly tree: EvalTestTree,
    mode: string,
  ) {
    this.log = { mode, results: new Map(), output: [], runIds: [], ended: false };
  }

  linkTo(link: RunLink): void {
    this.link = link;
    this.log.runIds.push(link.runId);
  }

  output(line: string, unit?: RunUnit): void {
    this.log.output.push(line);
    const item = unit && this.item(unit.nodeId, unit.suite);
    this.run.appendOutput(`${line.replace(/\r?\n/g, '\r\n')}\r\n`, undefined, item);
  }

  enqueued(unit: RunUnit): void {
    const item = this.item(unit.nodeId, unit.suite);
    if (!item) return;
    this.run.enqueued(item);
    this.log.results.set(unit.nodeId, { id: unit.nodeId, state: 'enqueued', messages: [] });
  }

  started(unit: RunUnit): void {
    const logged = this.log.results.get(unit.nodeId);
    const item = this.item(unit.nodeId, unit.suite);
    if (!item || !logged || logged.state !== 'enqueued') return;
    this.run.started(item);
    logged.state = 'started';
  }

  /** The unit's records as one outcome (once). */
  report(unit: RunUnit): void {
    if (this.reported.has(unit.nodeId) || unit.records.length === 0) return;
    this.reported.add(unit.nodeId);
    const item = this.item(unit.nodeId, unit.suite);
    if (!item) return;
    const outcome = outcomeOf(unit.records);
    const messages = outcome.messages.map((m) => this.message(m));
    if (outcome.state === 'passed') this.run.passed(item, outcome.durationMs);
    else if (outcome.state === 'failed') this.run.failed(item, messages, outcome.durationMs);
    else this.run.errored(item, messages, outcome.durationMs);
    const loggedMessages = outcome.messages.map((m, i) => ({ ...logged(m), ...(messages[i]!.contextValue ? { contextValue: messages[i]!.contextValue } : {}) }));
    this.log.results.set(unit.nodeId, { id: unit.nodeId, state: outcome.state, ...(outcome.durationMs !== undefined ? { durationMs: outcome.durationMs } : {}), messages: loggedMessages });
    const mark = outcome.state === 'passed' ? '✔' : outcome.state === 'failed' ? '✖' : '⚠';
    const first = outcome.messages[0]?.text.split('\n')[0];
    this.output(`${mark} ${item.label}${first ? ` — ${first}` : ''}`, unit);
  }

  /** A node that will not run (or could not), with the reason. */
  hold(nodeId: string, suite: string, reason: string, kind: 'errored' | 'skipped'): void {
    const item = this.item(nodeId, suite);
    if (!item || this.reported.has(nodeId)) return;
    this.reported.add(nodeId);
    if (kind === 'skipped') this.run.skipped(item);
    else {
      const message = new vscode.TestMessage(reason);
      if (item.uri && item.range) message.location = new vscode.Location(item.uri, item.range);
      this.run.errored(item, message);
    }
    this.log.results.set(nodeId, { id: nodeId, state: kind, messages: [{ text: reason }] });
    this.output(`${kind === 'skipped' ? '○' : '⚠'} ${item.label} — ${reason}`);
  }

  /** Ends every unit still open: with what came of it, else errored with `reason` or skipped. */
  finish(units: Iterable<RunUnit>, reason?: string): void {
    for (const unit of units) {
      if (this.reported.has(unit.nodeId)) continue;
      if (unit.records.length > 0) this.report(unit);
      else if (reason) this.hold(unit.nodeId, unit.suite, reason, 'errored');
      else this.hold(unit.nodeId, unit.suite, 'Not run.', 'skipped');
    }
  }

  end(): void {
    this.log.ended = true;
    this.run.end();
  }

  private message(m: OutcomeMessage): vscode.TestMessage {
    const message = m.expected !== undefined && m.actual !== undefined ? vscode.TestMessage.diff(m.text, m.expected, m.actual) : new vscode.TestMessage(m.text);
    if (m.location) message.location = new vscode.Location(vscode.Uri.file(m.location.file), locationRange(m.location));
    if (this.link) {
      message.contextValue = messageContext(this.link.runId);
      messageRuns.set(message, this.link);
    }
    return message;
  }

  private item(nodeId: string, suite: string): vscode.TestItem | undefined {
    return this.tree.item(nodeId, suite);
  }
}

function locationRange(l: SourceLocation): vscode.Range {
  const start = new vscode.Position(Math.max(0, l.line - 1), Math.max(0, l.column - 1));
  return new vscode.Range(start, l.endLine !== undefined ? new vscode.Position(Math.max(0, l.endLine - 1), Math.max(0, (l.endColumn ?? 1) - 1)) : start);
}

function logged(m: OutcomeMessage): LoggedResult['messages'][number] {
  return {
    text: m.text,
    ...(m.expected !== undefined ? { expected: m.expected } : {}),
    ...(m.actual !== undefined ? { actual: m.actual } : {}),
    ...(m.location ? { location: { file: m.location.file, line: m.location.line } } : {}),
  };
}

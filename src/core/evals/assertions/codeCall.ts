// Runs user code (javascript assertions, transforms) through the host's code runner, refusing when the
// host says code may not run. Arguments as promptfoo passes them: `output` and `context` (vars, prompt, test).
import { CodeTimeoutError } from '../grading/codeRunner';
import type { AssertionContext, AssertionSpec, GradingResult } from '../types';
import { errored, errorMessage } from './result';
import { moduleBody, scriptBody } from './scriptBody';
import { isFileRef, parseFileRef, readFileText } from './valueFiles';

export const DEFAULT_CODE_TIMEOUT_MS = 5000;

export type CodeOutcome = { value: unknown } | { error: GradingResult };

/** The prompt as promptfoo hands it to scripts: the text of a one-message prompt, else the messages as JSON. */
export function promptText(ctx: AssertionContext): string {
  if (ctx.messages.length === 1) return ctx.messages[0]!.content;
  return JSON.stringify(ctx.messages.map((m) => ({ role: m.role, content: m.content })));
}

export async function runUserCode(what: string, code: string, output: string, ctx: AssertionContext, spec?: AssertionSpec): Promise<CodeOutcome> {
  if (!ctx.allowCode) {
    return { error: errored(`The ${what} was not run: this workspace is not trusted, so the host refused to run code from it. Trust the workspace to run it.`) };
  }
  if (!ctx.codeRunner) return { error: errored(`The ${what} was not run: the evaluation was given no code runner.`) };
  let body: string;
  try {
    if (isFileRef(code)) {
      const ref = parseFileRef(code.trim(), ctx.baseDir);
      body = moduleBody(await readFileText(ref.file), ref.exportName);
    } else {
      body = scriptBody(code);
    }
  } catch (e) {
    return { error: errored(`The ${what} could not be read: ${errorMessage(e)}.`) };
  }
  const timeoutMs = ctx.codeTimeoutMs ?? DEFAULT_CODE_TIMEOUT_MS;
  const test: Record<string, unknown> = { vars: ctx.vars };
  if (ctx.expected !== undefined) test.expected = ctx.expected;
  const context: Record<string, unknown> = { vars: ctx.vars, prompt: promptText(ctx), test };
  if (spec?.config) context.config = spec.config;
  try {
    const value = await ctx.codeRunner.run(body, { output, context }, { timeoutMs, signal: ctx.signal });
    return { value };
  } catch (e) {
    if (e instanceof CodeTimeoutError) {
      return { error: errored(`The ${what} was stopped after ${e.timeoutMs} ms, its time limit: look for an endless loop, or raise the limit with --code-timeout <ms>.`) };
    }
    return { error: errored(`The ${what} failed: ${errorMessage(e)}.`) };
  }
}

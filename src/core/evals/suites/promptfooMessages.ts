// The messages of a promptfoo prompt: one user message from a template, or a chat (a JSON / YAML list of
// {role, content}). Nunjucks syntax is converted to Handlebars; what can't be is an error at its place.
import { jinjaToHandlebars, type PositionAt } from '../../prompts/jinja';
import type { PromptMessage, PromptRole } from '../../prompts/promptFile';
import { locateInTemplate } from '../../prompts/sourceMap';
import { planTemplate } from '../../prompts/template';
import { report, type SuiteContext } from './context';
import { isRecord } from './specs';

const ROLES: Record<string, PromptRole> = { system: 'system', developer: 'system', user: 'user', assistant: 'assistant' };

/** The whole text [start, end) as one user message. */
export function textMessages(source: string, start: number, end: number, file: string, positionAt: PositionAt, ctx: SuiteContext): PromptMessage[] {
  if (!source.slice(start, end).trim()) {
    report(ctx, 'error', { file, ...positionAt(start) }, 'empty-prompt', 'This prompt is empty; write the template, e.g. "Summarize: {{text}}".');
    return [];
  }
  const message = convert(source, start, end, 'user', file, positionAt, ctx);
  return message ? [message] : [];
}

/**
 * A chat: `input` is the list itself, or text holding its JSON. Undefined when it is not a chat (with an
 * error when `required`).
 */
export function chatMessages(
  input: unknown,
  file: string,
  at: { line: number; column: number },
  ctx: SuiteContext,
  required = false,
): PromptMessage[] | undefined {
  let value = input;
  if (typeof input === 'string') {
    if (!input.trimStart().startsWith('[')) return notChat();
    try {
      value = JSON.parse(input);
    } catch (e) {
      if (!required) return undefined;
      report(ctx, 'error', { file, ...at }, 'invalid-chat', `This chat is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
      return [];
    }
  }
  if (!Array.isArray(value) || value.length === 0 || !value.every((m) => isRecord(m) && typeof m.role === 'string')) return notChat();
  const out: PromptMessage[] = [];
  value.forEach((m: Record<string, unknown>, i) => {
    const role = ROLES[String(m.role)];
    const content = m.content;
    if (!role) {
      report(ctx, 'error', { file, ...at }, 'unsupported-role', `Chat message ${i + 1} has role "${String(m.role)}"; a prompt holds system, user and assistant messages.`);
      return;
    }
    if (typeof content !== 'string') {
      report(ctx, 'error', { file, ...at }, 'invalid-chat', `Chat message ${i + 1} needs a text \`content\`; images and content parts are not supported.`);
      return;
    }
    const message = convert(content, 0, content.length, role, file, () => at, ctx);
    if (message) out.push(message);
  });
  return out;

  function notChat(): PromptMessage[] | undefined {
    if (!required) return undefined;
    report(ctx, 'error', { file, ...at }, 'invalid-chat', 'A chat prompt file holds a list of {role, content} messages (or one template string).');
    return [];
  }
}

function convert(source: string, start: number, end: number, role: PromptRole, file: string, positionAt: PositionAt, ctx: SuiteContext): PromptMessage | undefined {
  const converted = jinjaToHandlebars(source, start, end, file, positionAt);
  ctx.diagnostics.push(...converted.diagnostics);
  if (!converted.template) return undefined;
  const message: PromptMessage = {
    role,
    content: converted.template.text,
    location: { file, ...positionAt(start) },
    source: { kind: 'text', anchors: converted.template.anchors },
  };
  for (const problem of planTemplate(message.content).problems) {
    const location = locateInTemplate(message.content, problem.start, problem.end, message.source, file);
    report(ctx, 'error', location, problem.code, problem.message);
  }
  return message;
}

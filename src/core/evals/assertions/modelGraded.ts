// Shared pieces of the model-graded families: the question a case asked, custom grading prompts
// (promptfoo `rubricPrompt`: text, or a JSON list of chat messages) and cosine similarity.
import type { ChatMessage, Role } from '../../../shared/types';
import { renderTemplate } from '../grading/template';
import type { AssertionContext } from '../types';

/** The prompt the output answers, as text: one message as it is, several as `role: content` blocks. */
export function conversationText(ctx: AssertionContext): string {
  if (ctx.messages.length === 1) return ctx.messages[0]!.content;
  return ctx.messages.map((m) => `${m.role}: ${m.content}`).join('\n\n');
}

/** The last user message, else the whole prompt. */
export function lastUserText(ctx: AssertionContext): string {
  for (let i = ctx.messages.length - 1; i >= 0; i--) if (ctx.messages[i]!.role === 'user') return ctx.messages[i]!.content;
  return conversationText(ctx);
}

const ROLES: Role[] = ['system', 'user', 'assistant'];

/** A user's grading prompt, rendered with `vars` by the project's Handlebars render. */
export function customGradingMessages(rubricPrompt: string, vars: Record<string, unknown>): ChatMessage[] | { problem: string } {
  let parts: Array<{ role: Role; content: string }> = [{ role: 'user', content: rubricPrompt }];
  const trimmed = rubricPrompt.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (
        Array.isArray(parsed) &&
        parsed.every((m) => typeof m === 'object' && m !== null && ROLES.includes((m as ChatMessage).role) && typeof (m as ChatMessage).content === 'string')
      ) {
        parts = parsed as Array<{ role: Role; content: string }>;
      }
    } catch {
      // plain text that starts with a bracket
    }
  }
  const messages: ChatMessage[] = [];
  for (const part of parts) {
    const rendered = renderTemplate(part.content, vars);
    if ('problem' in rendered) return { problem: `the custom rubricPrompt cannot be rendered: ${rendered.problem}` };
    messages.push({ role: part.role, content: rendered.text });
  }
  return messages;
}

export function cosineSimilarity(a: number[], b: number[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

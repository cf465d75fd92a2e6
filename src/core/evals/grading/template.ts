// Templates written by users inside assertions (values, custom grading prompts, GitHub Models evaluator
// prompts and expected strings), rendered by the project's one Handlebars render: no HTML escaping,
// strict about missing variables, the same as prompt files.
import { renderPrompt } from '../../prompts/render';

export type Rendered = { text: string } | { problem: string };

export function renderTemplate(template: string, vars: Record<string, unknown>): Rendered {
  if (!template.includes('{{')) return { text: template };
  try {
    const [message] = renderPrompt({ id: 'assertion', file: 'assertion', messages: [{ role: 'user', content: template }] }, vars);
    return { text: message!.content };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { problem: message.replace(/\s*\(message 1 \(user\)\)/, '') };
  }
}

/** Renders every string of a value (strings in lists and objects too); the first problem stops it. */
export function renderValue(value: unknown, vars: Record<string, unknown>): { value: unknown } | { problem: string } {
  if (typeof value === 'string') {
    const r = renderTemplate(value, vars);
    return 'text' in r ? { value: r.text } : r;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const r = renderValue(item, vars);
      if ('problem' in r) return r;
      out.push(r.value);
    }
    return { value: out };
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const r = renderValue(item, vars);
      if ('problem' in r) return r;
      Object.defineProperty(out, key, { value: r.value, enumerable: true, writable: true, configurable: true });
    }
    return { value: out };
  }
  return { value };
}

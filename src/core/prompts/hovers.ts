// Hovers in a prompt file, as Markdown: on a variable (a `{{name}}` in a message, an input, a testData key)
// where it comes from — its input declaration, sample values from testData, the messages that use it — and
// on a model id its context window and prices with the date of the price table.
import type { AnalysisContext } from './analysisContext';
import { sample } from './completions';
import { carriesUserInput } from './injection';
import { modelMarkdown } from './modelChecks';
import type { PromptOutline, Span } from './promptOutline';
import type { VariableUses } from './variableChecks';

export interface HoverResult {
  range: Span;
  markdown: string;
}

const MAX_SAMPLES = 3;

export function hoverPrompt(offset: number, outline: PromptOutline, uses: VariableUses, context: AnalysisContext): HoverResult | undefined {
  const inside = (s: Span) => s.start <= offset && offset < s.end;
  const model = outline.models.find(inside);
  if (model) return { range: { start: model.start, end: model.end }, markdown: modelMarkdown(model.value, context) };
  const use = uses.uses.find((u) => inside({ start: u.fileStart, end: u.fileEnd }));
  if (use) return { range: { start: use.fileStart, end: use.fileEnd }, markdown: variableMarkdown(use.name, outline, uses) };
  const input = outline.inputs.find((i) => inside(i.key));
  if (input) return { range: input.key, markdown: variableMarkdown(input.name, outline, uses) };
  const key = outline.rows.flatMap((r) => r.vars).find((v) => inside(v.key));
  if (key) return { range: key.key, markdown: variableMarkdown(key.name, outline, uses) };
  return undefined;
}

export function variableMarkdown(name: string, outline: PromptOutline, uses: VariableUses): string {
  const parts = [`**${code(`{{${name}}}`)}**`];
  const input = outline.inputs.find((i) => i.name === name);
  if (input) {
    const required = input.default !== undefined || input.required === false ? 'optional' : 'required';
    const head = ['Input', input.type, required].filter(Boolean).join(' · ');
    parts.push(input.description ? `${head} — ${input.description}` : head);
    if (input.default !== undefined) parts.push(`Default: ${code(sample(input.default, 80))}`);
  }
  parts.push(
    carriesUserInput(input)
      ? 'Treated as user input: keep it in a user message, inside a delimited block (`trusted: true` on the input exempts it).'
      : 'Not treated as user input (trusted, or not text).',
  );
  const rows = outline.rows.flatMap((r) => r.vars.filter((v) => v.name === name).map((v) => ({ row: r.index + 1, value: v.value })));
  if (rows.length > 0) {
    const shown = rows.slice(0, MAX_SAMPLES).map((r) => `row ${r.row}: ${code(sample(r.value, 60))}`);
    const more = rows.length > MAX_SAMPLES ? ` (${rows.length} rows)` : '';
    parts.push(`testData: ${shown.join(' · ')}${more}`);
  }
  if (!input && rows.length === 0) parts.push(outline.hasDatasets ? 'Not in inputs or testData: it must come from the datasets.' : 'Not given: declare it under `inputs:` or give it in the testData rows.');
  const messages = [...new Set(uses.uses.filter((u) => u.name === name).map((u) => `message ${u.message.index + 1} (${u.message.role ?? '?'})`))];
  parts.push(messages.length > 0 ? `Used in ${messages.join(', ')}` : 'Not used in any message.');
  return parts.join('\n\n');
}

/** Inline code that survives backticks in the value. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

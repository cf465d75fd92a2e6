// Diagnostics as you type: the editor's analysis (analyzePromptText, everything the VS Code adapter shows)
// of a 500-line prompt file with inputs, 20 multi-line messages, testData rows with assertions and evaluators.
// Target: median < 20 ms per full analysis, after a warm-up (the first call also loads Ajv and the parsers).
// The details give the same for a file that is edited between runs (a new template text each time).
import { analyzePromptText } from '../src/core/prompts/analyze';
import { median, percentile, report } from './report';

const TARGET_MS = 20;
const LINES = 500;
const VARIABLES = ['customer', 'product', 'plan', 'region', 'language', 'ticketId', 'issue', 'tone', 'agent', 'deadline'];

export function promptText(lines: number, salt = ''): string {
  const out = ['name: Support reply', 'description: Answers a support ticket.', 'model: openai/gpt-4o-mini', 'modelParameters:', '  temperature: 0.2', '  maxTokens: 400', 'inputs:'];
  for (const name of VARIABLES) out.push(`  ${name}:`, '    type: string', `    description: The ${name} of the ticket.`);
  out.push('messages:');
  for (let i = 0; i < 20; i++) {
    const a = VARIABLES[i % 10]!;
    const b = VARIABLES[(i + 3) % 10]!;
    out.push(`  - role: ${i === 0 ? 'system' : i % 2 ? 'user' : 'assistant'}`, '    content: |');
    out.push(`      Turn ${i + 1}${salt}: the customer wrote about the following.`, `      <${a}>`, `      {{${a}}}`, `      </${a}>`);
    out.push(`      {{#if ${b}}}Mention {{${b}}} when it helps.{{/if}}`, '      Keep the answer short, specific and polite; never invent numbers.');
  }
  out.push('evaluators:', '  - name: mentions the product', '    string:', '      contains: "{{product}}"');
  out.push('testData:');
  for (let row = 0; out.length + 10 <= lines; row++) {
    out.push(`  - customer: Customer ${row}`, `    product: Product ${row % 7}`, `    issue: "Issue number ${row}: it does not start"`, '    assert:');
    out.push('      - type: icontains', `        value: product ${row % 7}`, '      - type: regex', '        value: "^[A-Z]"', '      - type: is-json', '        value: {type: object, required: [answer]}');
  }
  while (out.length < lines) out.push('# (end of the test cases)');
  return `${out.join('\n')}\n`;
}

function time(text: string): number {
  const started = performance.now();
  const result = analyzePromptText(text, 'bench.prompt.yml');
  const ms = performance.now() - started;
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`bench prompt has errors: ${JSON.stringify(errors.slice(0, 3))}`);
  return ms;
}

const text = promptText(LINES);
for (let i = 0; i < 50; i++) time(text);
const same = Array.from({ length: 150 }, () => time(text));
const edited = Array.from({ length: 100 }, (_, i) => time(promptText(LINES, ` (edit ${i})`)));
const value = median(same);
report({
  name: 'diagnostics.500lines',
  value,
  unit: 'ms',
  target: `< ${TARGET_MS} ms (analysis of a ${LINES}-line prompt file, median)`,
  pass: value < TARGET_MS && median(edited) < TARGET_MS,
  details: {
    lines: text.split('\n').length - 1,
    p95Ms: percentile(same, 95),
    editedMedianMs: median(edited),
    editedP95Ms: percentile(edited, 95),
  },
});

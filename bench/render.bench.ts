// Rendering throughput: a 20-message, 10-variable prompt file rendered in a loop after a warm-up.
// Target >= 50,000 renders/s. The details also give the figure for templates that need the compiled
// Handlebars path ({{#if}} blocks in every message), for reference.
import { parsePromptFile } from '../src/core/prompts/parse';
import type { PromptFile } from '../src/core/prompts/promptFile';
import { renderPrompt } from '../src/core/prompts/render';
import { median, report } from './report';

const TARGET = 50_000;
const VARIABLES = ['customer', 'product', 'plan', 'region', 'language', 'ticketId', 'issue', 'tone', 'agent', 'deadline'];
const ROLES = ['system', 'user', 'assistant'] as const;

function promptText(withBlocks: boolean): string {
  const lines = ['name: Support reply', 'model: openai/gpt-4o-mini', 'messages:'];
  for (let i = 0; i < 20; i++) {
    const a = VARIABLES[i % 10]!;
    const b = VARIABLES[(i + 3) % 10]!;
    const c = VARIABLES[(i + 7) % 10]!;
    const block = withBlocks ? `{{#if ${b}}} (about {{${b}}}){{/if}}` : '';
    lines.push(
      `  - role: ${ROLES[i % 3]}`,
      '    content: |',
      `      Turn ${i + 1}: the customer {{${a}}} wrote about {{${b}}}${block}.`,
      `      Keep the answer specific to {{${c}}} and mention the ticket when it helps.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function load(text: string): PromptFile {
  const { prompt, diagnostics } = parsePromptFile(text, 'bench.prompt.yml');
  if (!prompt) throw new Error(`bench prompt does not parse: ${JSON.stringify(diagnostics)}`);
  return prompt;
}

/** Median renders per second over `samples` timed batches, after a warm-up. */
function measure(prompt: PromptFile, samples: number, batch: number): { perSecond: number; samples: number[] } {
  const vars = Object.fromEntries(VARIABLES.map((name, i) => [name, `${name} value ${i}`]));
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += renderPrompt(prompt, vars).length;
  const rates: number[] = [];
  for (let s = 0; s < samples; s++) {
    const started = performance.now();
    for (let i = 0; i < batch; i++) sink += renderPrompt(prompt, vars).length;
    rates.push(batch / ((performance.now() - started) / 1000));
  }
  if (sink === 0) throw new Error('nothing was rendered');
  return { perSecond: median(rates), samples: rates.map(Math.round) };
}

const plain = measure(load(promptText(false)), 7, 20_000);
const compiled = measure(load(promptText(true)), 5, 5_000);
report({
  name: 'render.throughput',
  value: plain.perSecond,
  unit: 'renders/s',
  target: `>= ${TARGET} renders/s`,
  pass: plain.perSecond >= TARGET,
  details: {
    messages: 20,
    variables: VARIABLES.length,
    samples: plain.samples,
    withIfBlocksRendersPerSecond: Math.round(compiled.perSecond),
  },
});

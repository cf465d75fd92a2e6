// `promptyard render <file>`: the messages a prompt renders to, without calling a model.
import type { Command } from '../context';
import { err, out } from '../output';
import { loadPromptWithVariables, promptOptions } from '../promptInput';
import { renderPrompt } from '../../core/prompts/render';
import { loadPartials } from '../../core/prompts/partials';

export const renderCommand: Command = {
  name: 'render',
  summary: 'print the messages a prompt renders to, without calling a model',
  help: `Usage: promptyard render <file> [--var name=value]... [--vars file.json] [--json]

Renders the prompt's messages with the given variables (defaults come from its inputs) and prints them.
Nothing is sent to any model; no key is needed.

Options:
  --var name=value   a variable (repeatable); typed by the prompt's inputs
  --vars <file>      variables from a JSON or YAML file (--var wins)
  --json             print {"model", "messages"} as JSON

Example:
  promptyard render prompts/classify-ticket.prompt.yml --var ticket="I was charged twice"`,
  options: promptOptions,
  async run(args, ctx) {
    const { prompt, variables } = await loadPromptWithVariables(args, ctx, 'render');
    const messages = renderPrompt(prompt, variables, { partials: await loadPartials({ fromFile: prompt.file }) });
    if (args.values.json) {
      out.json({ id: prompt.id, model: prompt.model ?? null, messages });
      return 0;
    }
    messages.forEach((m, i) => {
      if (i > 0) out.line();
      out.line(err.bold(`── ${m.role} ──`));
      out.line(m.content);
    });
    return 0;
  },
};

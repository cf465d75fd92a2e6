// What `run` and `render` share: load the prompt (warnings to stderr) and gather its variables.
import path from 'node:path';
import { formatLocation } from '../core/errors';
import type { PromptFile } from '../core/prompts/promptFile';
import { loadAnyPrompt } from '../core/prompts/loadAny';
import { parseVariableAssignments } from '../core/runPrompt';
import { readVariablesFile } from '../core/variablesFile';
import { PromptyardError } from '../core/errors';
import type { CliContext, CommandArgs } from './context';

export const promptOptions = {
  var: { type: 'string', multiple: true },
  vars: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function loadPromptWithVariables(args: CommandArgs, ctx: CliContext, command: string): Promise<{ prompt: PromptFile; variables: Record<string, unknown> }> {
  const [file, ...extra] = args.positionals;
  if (!file) throw new PromptyardError('usage', `'${command}' needs a prompt file.`, { hint: `Run \`promptyard ${command} --help\`.` });
  if (extra.length) throw new PromptyardError('usage', `unexpected argument '${extra[0]}'.`, { hint: 'Pass variables with --var name=value.' });
  const { prompt, warnings } = await loadAnyPrompt(path.resolve(ctx.cwd, file));
  for (const w of warnings) ctx.logger.warn(`${w.location ? `${formatLocation(w.location)}: ` : ''}${w.message}`);
  const fromFile = typeof args.values.vars === 'string' ? await readVariablesFile(path.resolve(ctx.cwd, args.values.vars)) : {};
  const assignments = (args.values.var as string[] | undefined) ?? [];
  return { prompt, variables: { ...fromFile, ...parseVariableAssignments(assignments, prompt) } };
}

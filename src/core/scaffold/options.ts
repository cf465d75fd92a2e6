// What the user asked for, checked before anything is read from the templates or written: the service
// name, the stack, the provider and the target folder. Every problem is a PromptyardError with exit code 2
// whose message says what a valid value looks like.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PromptyardError } from '../errors';
import { listStacks } from './manifest';

export const PROVIDERS = ['openai', 'anthropic', 'openai-compatible'] as const;
export type ScaffoldProvider = (typeof PROVIDERS)[number];

export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9-]{1,48}[a-z0-9]$/;
/** SERVICE_NAME_PATTERN in words (the CLI's hint and the editor's input validation say it). */
export const SERVICE_NAME_RULE = 'Use 3 to 50 lowercase letters, digits and dashes, starting with a letter and not ending with a dash, e.g. ticket-triage';

export function badScaffoldInput(code: string, message: string, hint: string): PromptyardError {
  return new PromptyardError(code, message, { hint, exitCode: 2 });
}

export function assertServiceName(name: string): string {
  if (SERVICE_NAME_PATTERN.test(name)) return name;
  throw badScaffoldInput(
    'invalid-service-name',
    `'${name}' is not a valid service name`,
    `${SERVICE_NAME_RULE} (pass --name when the folder name is not one).`,
  );
}

export function assertStack(templatesDir: string, stack: string): string {
  const stacks = listStacks(templatesDir);
  if (stacks.includes(stack)) return stack;
  throw badScaffoldInput('unknown-stack', `unknown stack '${stack}'`, stacks.length ? `Available stacks: ${stacks.join(', ')}.` : `No stack templates were found in ${templatesDir}.`);
}

export function assertProvider(provider: string): ScaffoldProvider {
  if ((PROVIDERS as readonly string[]).includes(provider)) return provider as ScaffoldProvider;
  throw badScaffoldInput('invalid-provider', `unknown provider '${provider}'`, `Choose one of ${PROVIDERS.join(', ')}.`);
}

/** The provider a prompt's `provider/model` implies: its own when it is one of ours, else OpenAI-compatible. */
export function providerOfModel(model: string | undefined): ScaffoldProvider {
  const provider = model?.split('/')[0];
  if (provider === 'openai' || provider === 'anthropic') return provider;
  return model ? 'openai-compatible' : 'openai';
}

export type TargetState = 'missing' | 'empty' | 'non-empty';

/** A file in the way or a non-empty folder without --force is bad input. */
export function checkTarget(dir: string, force: boolean): TargetState {
  let stats;
  try {
    stats = statSync(dir);
  } catch {
    return 'missing';
  }
  if (!stats.isDirectory()) throw badScaffoldInput('target-not-a-folder', `${dir} exists and is not a folder`, 'Pick another target folder.');
  const entries = readdirSync(dir);
  if (entries.length === 0) return 'empty';
  if (!force) {
    const shown = entries.sort().slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '');
    throw badScaffoldInput('target-not-empty', `${dir} is not empty (${shown})`, 'Pick an empty or new folder, or pass --force to add the files that are missing (files that differ are shown, never overwritten without --overwrite).');
  }
  return 'non-empty';
}

/** "ticket-triage" → "Ticket Triage". */
export function titleOf(name: string): string {
  return name
    .split('-')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

/** The Java package: dev.promptyard.<name without dashes>. */
export function packageOf(name: string): string {
  return `dev.promptyard.${name.replace(/-/g, '')}`;
}

export function defaultName(targetDir: string): string {
  return path.basename(path.resolve(targetDir));
}

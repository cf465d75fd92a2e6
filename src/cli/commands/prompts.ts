// `promptyard prompts <release|label|promote|rollback|list|history|show|diff|check>`: the prompt registry of
// the workspace (src/core/prompts/registry). Results go to stdout, details and notes to stderr.
import path from 'node:path';
import { PromptyardError } from '../../core/errors';
import type { Registry } from '../../core/prompts/registry/registry';
import type { BumpKind } from '../../core/prompts/registry/semver';
import type { CliContext, Command, CommandArgs } from '../context';
import { err, out } from '../output';
import { formatCheck, formatDiff, formatHistory, formatLabel, formatList, formatRelease, formatShownDetails } from '../promptsFormat';
import { PROMPTS_SUBCOMMANDS, promptsHelp, subcommandInArgs } from '../promptsHelp';

type Values = CommandArgs['values'];

interface Subcommand {
  /** Positional arguments after the subcommand: [required, optional]. */
  args: [number, number];
  options: string[];
  run(registry: Registry, args: string[], values: Values): Promise<number>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  release: {
    args: [1, 0],
    options: ['bump', 'version', 'message', 'json'],
    async run(registry, [file], values) {
      const result = await registry.release(file!, {
        ...(typeof values.bump === 'string' ? { bump: values.bump as BumpKind } : {}),
        ...(typeof values.version === 'string' ? { version: values.version } : {}),
        ...(typeof values.message === 'string' ? { message: values.message } : {}),
      });
      if (values.json) out.json(result);
      else out.line(formatRelease(result));
      for (const note of result.notes) err.line(`note: ${note}`);
      return 0;
    },
  },
  label: {
    args: [3, 0],
    options: ['json'],
    run: async (registry, [id, label, version], values) => printLabel(await registry.label(id!, label!, version!), values),
  },
  promote: {
    args: [1, 0],
    options: ['from', 'to', 'json'],
    async run(registry, [id], values) {
      if (typeof values.from !== 'string' || typeof values.to !== 'string') throw usage('promote', "'prompts promote' needs --from <label> and --to <label>");
      return printLabel(await registry.promote(id!, values.from, values.to), values);
    },
  },
  rollback: {
    args: [1, 0],
    options: ['label', 'json'],
    run: async (registry, [id], values) => printLabel(await registry.rollback(id!, typeof values.label === 'string' ? values.label : undefined), values),
  },
  list: {
    args: [0, 0],
    options: ['json'],
    async run(registry, _args, values) {
      const rows = await registry.list();
      if (values.json) out.json(rows);
      else for (const line of formatList(rows)) out.line(line);
      return 0;
    },
  },
  history: {
    args: [1, 0],
    options: ['json'],
    async run(registry, [id], values) {
      const history = await registry.history(id!);
      if (values.json) out.json(history);
      else for (const line of formatHistory(history)) out.line(line);
      return 0;
    },
  },
  show: {
    args: [1, 0],
    options: ['json'],
    async run(registry, [ref], values) {
      const shown = await registry.show(ref!);
      if (values.json) {
        const { prompt: _prompt, ...rest } = shown;
        out.json(rest);
        return 0;
      }
      err.line(err.dim(formatShownDetails(shown)));
      out.write(shown.text.endsWith('\n') ? shown.text : `${shown.text}\n`);
      return 0;
    },
  },
  diff: {
    args: [2, 0],
    options: ['json'],
    async run(registry, [a, b], values) {
      const diff = await registry.diff(a!, b!);
      if (values.json) out.json(diff);
      else for (const line of formatDiff(diff)) out.line(line);
      return 0;
    },
  },
  check: {
    args: [0, 0],
    options: ['strict', 'json'],
    async run(registry, _args, values) {
      const report = await registry.check({ strict: values.strict === true });
      if (values.json) out.json(report);
      else for (const line of formatCheck(report)) out.line(line);
      return report.ok ? 0 : 1;
    },
  },
};

export const promptsCommand: Command = {
  name: 'prompts',
  summary: 'release prompt versions, move labels, show, diff and check them',
  help: promptsHelp(undefined),
  helpFor: (rest) => promptsHelp(subcommandInArgs(rest)),
  options: {
    bump: { type: 'string' },
    version: { type: 'string' },
    message: { type: 'string', short: 'm' },
    from: { type: 'string' },
    to: { type: 'string' },
    label: { type: 'string' },
    strict: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals }, ctx) {
    const [name, ...args] = positionals;
    if (name === 'help') {
      out.line(promptsHelp(args[0]));
      return 0;
    }
    const sub = name !== undefined ? SUBCOMMANDS[name] : undefined;
    if (!sub) throw usage(undefined, name ? `unknown subcommand '${name}'; one of ${PROMPTS_SUBCOMMANDS.join(', ')}` : `'prompts' needs a subcommand: ${PROMPTS_SUBCOMMANDS.join(', ')}`);
    const [required, optional] = sub.args;
    if (args.length < required) throw usage(name, `'prompts ${name}' needs ${required} argument${required === 1 ? '' : 's'}`);
    if (args.length > required + optional) throw usage(name, `unexpected argument '${args[required + optional]}'`);
    const stray = Object.keys(values).find((o) => values[o] !== undefined && !sub.options.includes(o));
    if (stray) throw usage(name, `'prompts ${name}' has no option --${stray}`);
    if (name === 'release') args[0] = path.resolve(ctx.cwd, args[0]!);
    return sub.run(await registryFor(ctx), args, values);
  },
};

/** Loaded on first use: the registry is its own chunk of the CLI bundle, so other commands start faster. */
async function registryFor(ctx: CliContext): Promise<Registry> {
  const [{ openRegistry }, { findWorkspaceRoot }] = await Promise.all([import('../../core/prompts/registry/registry'), import('../../core/prompts/registry/workspace')]);
  const root = findWorkspaceRoot(ctx.cwd);
  ctx.logger.debug(`prompt registry at ${root}`);
  return openRegistry(root);
}

async function printLabel(result: Awaited<ReturnType<Registry['label']>>, values: Values): Promise<number> {
  if (values.json) out.json(result);
  else out.line(formatLabel(result));
  return 0;
}

function usage(subcommand: string | undefined, message: string): PromptyardError {
  const help = subcommand ? `promptyard prompts ${subcommand} --help` : 'promptyard prompts --help';
  return new PromptyardError('usage', `${message}.`, { hint: `Run \`${help}\`.` });
}

// Argument dispatch, help, Ctrl-C and the error contract: one line per error, exit 1 for model or
// network failures, 2 for bad input, 130 when interrupted; a stack trace only with --debug.
import { parseArgs } from 'node:util';
import { isPromptyardError, ProviderError } from '../core/errors';
import { redact } from '../core/redact';
import { createCliLogger, err, out } from './output';
import { createContext, type Command } from './context';
import { keysCommand } from './commands/keys';
import { runCommand } from './commands/run';
import { renderCommand } from './commands/render';
import { modelsCommand } from './commands/models';
import { promptsCommand } from './commands/prompts';
import { evalCommand } from './commands/eval';
import { scaffoldCommand } from './commands/scaffold';

const COMMANDS: Command[] = [runCommand, renderCommand, modelsCommand, keysCommand, promptsCommand, evalCommand, scaffoldCommand];

function mainHelp(version: string): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `promptyard ${version}: run, test and ship prompt files from the terminal`,
    '',
    'Usage: promptyard <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    '  --config <file>  use this promptyard.config.yaml instead of the nearest one',
    '  --debug          verbose logs and stack traces on stderr',
    '  -h, --help       show help (also: promptyard <command> --help)',
    '  -v, --version    print the version',
    '',
    'Exit codes: 0 success, 1 model or network error, 2 bad input, 130 interrupted.',
  ].join('\n');
}

export async function main(argv: string[], version: string): Promise<number> {
  const debug = argv.includes('--debug');
  const logger = createCliLogger(debug);
  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
  try {
    const { command, rest, configPath } = splitGlobal(argv);
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      const topic = command === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
      out.line(topic ? topic.help : mainHelp(version));
      return 0;
    }
    if (command === '--version' || command === '-v') {
      out.line(version);
      return 0;
    }
    const cmd = COMMANDS.find((c) => c.name === command);
    if (!cmd) {
      err.line(`${err.red('error:')} unknown command '${command}'. Run \`promptyard --help\` to see the commands.`);
      return 2;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      out.line(cmd.helpFor ? cmd.helpFor(rest) : cmd.help);
      return 0;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: cmd.options, allowPositionals: true, strict: true });
    } catch (e) {
      err.line(`${err.red('error:')} ${(e as Error).message.split('\n')[0]}. Run \`promptyard ${cmd.name} --help\`.`);
      return 2;
    }
    const ctx = createContext({ cwd: process.cwd(), debug, logger, signal: abort.signal, configPath });
    const code = await cmd.run(parsed, ctx);
    return abort.signal.aborted ? 130 : code;
  } catch (e) {
    return reportError(e, debug, abort.signal.aborted);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function splitGlobal(argv: string[]): { command?: string; rest: string[]; configPath?: string } {
  const rest: string[] = [];
  let configPath: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--debug') continue;
    if (a === '--config') {
      configPath = argv[++i];
      continue;
    }
    if (a.startsWith('--config=')) {
      configPath = a.slice('--config='.length);
      continue;
    }
    rest.push(a);
  }
  const [command, ...tail] = rest;
  return { command, rest: tail, configPath };
}

export function reportError(e: unknown, debug: boolean, interrupted = false): number {
  if (isPromptyardError(e)) {
    if (e instanceof ProviderError && e.kind === 'cancelled' && interrupted) {
      err.line(err.dim('interrupted'));
      return 130;
    }
    err.line(`${err.red('error:')} ${e.format()}`);
    if (debug && e.stack) err.line(err.dim(redact(e.stack)));
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message : String(e);
  err.line(`${err.red('error:')} unexpected failure: ${message}. Run again with --debug for details, and report it if it persists.`);
  if (debug && e instanceof Error && e.stack) err.line(err.dim(redact(e.stack)));
  return 1;
}
